"""Throughput and memory of the whole pipeline against the bare spaCy model, in one run.

    python bench/benchmark.py [--source DIR] [--files N] [--jobs 1 2] [--repeat R] [--new-words W]

Copies the releases of --source (default: the shared corpus) round-robin into
N files (with --new-words, each gets a line of W words no other file has, so that
memory meets a vocabulary that keeps growing, as with real releases), then measures, each in its own process so peak memory is its own:
- bare: `spacy.load("fr_core_news_md")` with every component, `nlp.pipe` over the texts;
- pipeline --jobs J: `run_batch` (ingest, normalise, model, extractors, validation, atomic writes).
The phases run in turn R times and each keeps its best time, as `timeit` does: a
shared machine's speed drifts, and taking turns exposes every phase to the drift alike.
Prints docs/s, words/s, peak RSS (MB, per process) and the ratio to the bare model.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def _bare(folder: Path) -> dict:
    import spacy

    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())]
    nlp = spacy.load("fr_core_news_md")
    started = time.perf_counter()
    words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16))
    return {"seconds": time.perf_counter() - started, "docs": len(texts), "words": words, "rss_mb": _peak_mb(resource.RUSAGE_SELF)}


def _pipeline(folder: Path, jobs: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from pipeline import nlp as nlp_module
    from pipeline.batch import run_batch
    from pipeline.config import Config

    config = Config()
    # Model loading is not throughput, as for the bare model. Forked workers share this
    # copy; where workers are spawned (not on Linux), their loading is timed.
    nlp_module.load(config.model, config.components)
    inputs = sorted(folder.iterdir())
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        report = run_batch(inputs, Path(out), config, jobs=jobs, force=True)
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "docs": report.totals()["ok"],
        "rss_mb": max(_peak_mb(resource.RUSAGE_SELF), _peak_mb(resource.RUSAGE_CHILDREN)),
    }


def _measure(phase: str, folder: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--phase", phase, "--folder", str(folder)], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "corpus" / "raw")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--new-words", type=int, default=0)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase:
        result = _bare(args.folder) if args.phase == "bare" else _pipeline(args.folder, int(args.phase.split("=")[1]))
        print(json.dumps(result))
        return

    sources = sorted(p for p in args.source.iterdir() if p.suffix == ".txt")
    if not sources:
        sys.exit(f"no .txt releases in {args.source}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(args.files):
            text = sources[i % len(sources)].read_text(encoding="utf-8")
            words = " ".join(f"Mot{i}x{j}" for j in range(args.new_words))
            (folder / f"r{i:05}.txt").write_text(f"{text}\n{words}\n" if words else text, encoding="utf-8")
        phases = {"bare fr_core_news_md": "bare"} | {f"pipeline --jobs {j}": f"jobs={j}" for j in args.jobs}
        runs: dict[str, list[dict]] = {name: [] for name in phases}
        for _ in range(args.repeat):
            for name, phase in phases.items():
                runs[name].append(_measure(phase, folder))
    rows = [(name, {**min(rs, key=lambda r: r["seconds"]), "rss_mb": max(r["rss_mb"] for r in rs)}) for name, rs in runs.items()]
    bare = rows[0][1]
    words = bare["words"]
    fresh = f", {args.new_words} new words each" if args.new_words else ""
    print(f"{args.files} releases from {args.source} ({words} words{fresh}), best of {args.repeat} turns")
    print(f"{'':<24}{'docs/s':>9}{'words/s':>10}{'peak RSS MB':>13}{'vs bare':>9}")
    for name, r in rows:
        rate = r["docs"] / r["seconds"]
        print(f"{name:<24}{rate:>9.1f}{words / r['seconds']:>10.0f}{r['rss_mb']:>13.0f}{rate / (bare['docs'] / bare['seconds']):>8.2f}x")


if __name__ == "__main__":
    main()
