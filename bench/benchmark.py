"""Throughput and memory of the whole pipeline against the bare spaCy model, in one run.

    python bench/benchmark.py [--source DIR] [--files N] [--jobs 1 2] [--slices S] [--new-words W]

Copies the releases of --source (default: the shared corpus) round-robin into
N files (with --new-words, each gets a line of W words no other file has, so that
memory meets a vocabulary that keeps growing, as with real releases), then
measures, each phase in its own process so that its peak memory is its own:
- bare: `spacy.load("fr_core_news_md")` with every component, `nlp.pipe` over the texts;
- bare, numpy BLAS: the same, with the matrix products the pipeline uses (numpy's BLAS on
  one thread, see pipeline/nlp.py), to tell that gain from the others; the ratios are to bare;
- pipeline --jobs J: `run_batch` (ingest, normalise, model, extractors, validation, atomic writes).
Each phase loads its model first, untimed, as a throughput figure leaves loading out.
The files are then cut into S slices, and the phases take turns slice by slice, each
timing its own work: a shared machine's speed drifts over minutes, and turns of about
ten seconds expose every phase to the drift alike. Prints docs/s, words/s, peak RSS (MB,
per process) and the ratio to the bare model.
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


def _peak_mb() -> float:
    who = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    return max(resource.getrusage(w).ru_maxrss for w in who) / 1024  # Linux reports KiB


def _bare(folder: Path, blis: bool):
    """Work on a slice of the files with the bare model: a function of (first, end) giving the words read."""
    import spacy
    from thinc.api import use_ops
    from threadpoolctl import threadpool_limits

    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())]
    threadpool_limits(1, user_api="blas")
    with use_ops("numpy", use_blis=blis):
        nlp = spacy.load("fr_core_news_md")
    return lambda i, j: sum(len(doc) for doc in nlp.pipe(texts[i:j], batch_size=16))


def _pipeline(folder: Path, jobs: int):
    """Work on a slice of the files with `run_batch`: a function of (first, end) giving the releases done."""
    sys.path.insert(0, str(ROOT))
    from pipeline import nlp as nlp_module
    from pipeline.batch import run_batch
    from pipeline.config import Config

    config = Config()
    # Forked workers share this copy; where workers are spawned (not on Linux), their loading is timed.
    nlp_module.load(config.model, config.components)
    inputs = sorted(folder.iterdir())

    def work(i: int, j: int) -> int:
        with tempfile.TemporaryDirectory() as out:
            return run_batch(inputs[i:j], Path(out), config, jobs=jobs).totals()["ok"]

    return work


def _serve(phase: str, folder: Path) -> None:
    """A phase's process: load, say so, then time each slice asked for on stdin."""
    if phase.startswith("bare"):
        work = _bare(folder, blis=phase == "bare")
    else:
        work = _pipeline(folder, int(phase.split("=")[1]))
    print("ready", flush=True)
    for line in sys.stdin:
        i, j = map(int, line.split())
        started = time.perf_counter()
        count = work(i, j)
        print(json.dumps({"seconds": time.perf_counter() - started, "count": count, "rss_mb": _peak_mb()}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "corpus" / "raw")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--slices", type=int, default=5)
    parser.add_argument("--new-words", type=int, default=0)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase:
        _serve(args.phase, args.folder)
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
        phases = {"bare fr_core_news_md": "bare", "bare, numpy BLAS": "bare-numpy"}
        phases |= {f"pipeline --jobs {j}": f"jobs={j}" for j in args.jobs}
        procs = {
            name: subprocess.Popen(
                [sys.executable, __file__, "--phase", phase, "--folder", str(folder)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            )
            for name, phase in phases.items()
        }
        for proc in procs.values():
            assert proc.stdout.readline().strip() == "ready"
        totals = {name: {"seconds": 0.0, "count": 0, "rss_mb": 0.0} for name in phases}
        bounds = [round(k * args.files / args.slices) for k in range(args.slices + 1)]
        for k, (i, j) in enumerate(zip(bounds, bounds[1:])):
            names = list(phases)[k % len(phases) :] + list(phases)[: k % len(phases)]  # each phase leads in turn
            for name in names:
                procs[name].stdin.write(f"{i} {j}\n")
                procs[name].stdin.flush()
                result = json.loads(procs[name].stdout.readline())
                totals[name]["seconds"] += result["seconds"]
                totals[name]["count"] += result["count"]
                totals[name]["rss_mb"] = max(totals[name]["rss_mb"], result["rss_mb"])
        for proc in procs.values():
            proc.stdin.close()
            proc.wait()
    bare = totals["bare fr_core_news_md"]
    words = bare["count"]
    fresh = f", {args.new_words} new words each" if args.new_words else ""
    print(f"{args.files} releases from {args.source} ({words} words{fresh}), phases taking turns over {args.slices} slices")
    print(f"{'':<24}{'docs/s':>9}{'words/s':>10}{'peak RSS MB':>13}{'vs bare':>9}")
    for name, r in totals.items():
        docs = args.files if name.startswith("bare") else r["count"]
        rate = docs / r["seconds"]
        print(f"{name:<24}{rate:>9.1f}{words / r['seconds']:>10.0f}{r['rss_mb']:>13.0f}{rate / (args.files / bare['seconds']):>8.2f}x")


if __name__ == "__main__":
    main()
