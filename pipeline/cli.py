"""Command line: `python -m pipeline run | schema | evaluate | review | apply-review | export`.

Exit codes: 0 success; 1 some inputs failed (run) or a score fell below
--min-f1 (evaluate); 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline import config as config_module
from pipeline.records import Record

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

_EPILOG = """exit codes:
  0  everything succeeded
  1  some inputs failed, or (evaluate) a field scored below --min-f1
  2  usage or configuration error
  130  interrupted (Ctrl-C or SIGTERM): every record written is whole; run again to resume"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pipeline",
        description="Turn French press releases into validated, grounded JSON records.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--config", type=Path, default=None,
        help="settings file (default: ./config.yaml when present, else built-in defaults)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run", help="extract records from releases",
        description="Read releases (files or folders: .txt, .md, .html, .pdf), write one <stem>.json "
        "record per release and a run report _run.json. Unchanged inputs are skipped.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("paths", nargs="*", type=Path, help="release files or folders (default: the config's input)")
    run.add_argument("--out", type=Path, default=None, help="output folder (default: the config's output)")
    run.add_argument("--batch-size", type=int, default=None, help="releases per model batch")
    run.add_argument("--jobs", type=int, default=1, help="worker processes (output is identical to --jobs 1)")
    run.add_argument("--force", action="store_true", help="redo inputs whose bytes, settings and pipeline are unchanged")

    sub.add_parser("schema", help="print the JSON Schema of a record")

    ev = sub.add_parser(
        "evaluate", help="score the pipeline against annotated releases",
        description="Run the pipeline on RAW/<stem>.txt for every GOLD/<stem>.json and print "
        "precision, recall and F1 per field, role, département and issue-date accuracy, "
        "then every miss and false find.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ev.add_argument("--gold", type=Path, required=True, help="folder of annotation files (<stem>.json)")
    ev.add_argument("--raw", type=Path, required=True, help="folder of the annotated releases (<stem>.txt)")
    ev.add_argument("--field", choices=["amounts", "dates", "organizations", "people", "territories"], action="append",
                    help="list misses and false finds for this field only (repeatable)")
    ev.add_argument("--no-details", action="store_true", help="print the table only")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.add_argument("--min-f1", type=float, default=None, help="exit 1 when a field's F1 is below this")

    rv = sub.add_parser(
        "review", help="write the analyst's review page of a batch",
        description="Write DIR/index.html, one self-contained page (no server, no network) listing the "
        "batch's releases, each with its text and every extracted item highlighted, to accept, reject "
        "or correct; verdicts stay in the browser and are exported as JSONL.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rv.add_argument("records", nargs="?", type=Path, default=None, help="folder of records (default: the config's output)")
    rv.add_argument("--out", type=Path, default=Path("review"), help="folder of the page (default: review/)")

    ap = sub.add_parser(
        "apply-review", help="turn exported verdicts into annotation files",
        description="Read the review page's JSONL verdicts and write DIR/<release>.json annotation files "
        "(the shared corpus's ANNOTATION.md format) for every release judged: accepted items kept, "
        "rejected ones dropped, corrected ones with their corrected values, added ones included.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("verdicts", type=Path, help="JSONL file exported from the review page")
    ap.add_argument("--out", type=Path, required=True, help="folder of the annotation files")
    ap.add_argument("--records", type=Path, default=None, help="folder of records (default: the config's output)")
    ap.add_argument("--unjudged", choices=["keep", "drop"], default="keep",
                    help="what becomes of items left unjudged in a judged release (default: keep)")

    ex = sub.add_parser(
        "export", help="write every item of a batch as a spreadsheet",
        description="One row per item (release, field, start, end, text, value, currency, role, "
        "départements) as CSV (UTF-8 with a byte-order mark, which spreadsheet programs expect).",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ex.add_argument("records", nargs="?", type=Path, default=None, help="folder of records (default: the config's output)")
    ex.add_argument("--csv", type=Path, required=True, help="CSV file to write")
    return parser


def _load_config(path: Path | None) -> config_module.Config:
    if path is None and Path("config.yaml").is_file():
        path = Path("config.yaml")
    return config_module.load(path)


def _inputs(paths: Sequence[Path], suffixes: Sequence[str]) -> list[Path]:
    """Files as given, and the release files of folders, in name order.

    Paths under the working folder are made relative to it: records then name
    their source the same way whoever runs them, wherever the clone is.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in suffixes)
        else:
            found.append(path)
    here = Path.cwd()
    return [p.relative_to(here) if p.is_absolute() and p.is_relative_to(here) else p for p in found]


def _run(args: argparse.Namespace, cfg: config_module.Config) -> int:
    from pipeline.batch import run_batch
    from pipeline.progress import Progress, summary

    out = args.out or cfg.output
    sources = args.paths or [cfg.input]
    missing = [p for p in sources if not p.exists()]
    if missing:
        print(f"error: no such file or folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return EXIT_USAGE
    if args.batch_size:
        cfg = cfg.model_copy(update={"batch_size": args.batch_size})
    inputs = _inputs(sources, cfg.suffixes)
    with Progress(len(inputs)) as progress:
        report = run_batch(inputs, out, cfg, jobs=args.jobs, force=args.force, on_file=progress.update)
    summary(report, out)
    if report.interrupted:
        return EXIT_INTERRUPTED
    return EXIT_FAILURES if report.totals()["failed"] else EXIT_OK


def _evaluate(args: argparse.Namespace, cfg: config_module.Config) -> int:
    from pipeline import evaluate, nlp as nlp_module
    from pipeline.process import process_paths

    for folder in (args.gold, args.raw):
        if not folder.is_dir():
            print(f"error: not a folder: {folder}", file=sys.stderr)
            return EXIT_USAGE
    golds = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(args.gold.glob("*.json"))}
    missing = [stem for stem in golds if not (args.raw / f"{stem}.txt").is_file()]
    if not golds or missing:
        print(f"error: no annotations in {args.gold}" if not golds else f"error: no release for {missing}", file=sys.stderr)
        return EXIT_USAGE
    nlp = nlp_module.load(cfg.model, cfg.components)
    triples = []
    failures = 0
    for outcome in process_paths(
        [args.raw / f"{stem}.txt" for stem in golds], nlp, max_bytes=cfg.max_file_bytes, batch_size=cfg.batch_size,
        zone_size=cfg.zone_size,
    ):
        if outcome.record is None:  # scored as finding nothing, and the exit code says so
            failures += 1
            print(f"error: {outcome.path}: {outcome.error}", file=sys.stderr)
            found = evaluate.EMPTY
        else:
            found = outcome.record.model_dump(mode="json")
        triples.append((outcome.path.stem, golds[outcome.path.stem], found))
    report = evaluate.evaluate(triples)
    if args.json:
        print(json.dumps(evaluate.as_dict(report), indent=2, sort_keys=True))
    else:
        print(evaluate.format_table(report))
        if not args.no_details:
            details = evaluate.format_details(report, fields=args.field)
            if details:
                print("\n" + details)
    below = args.min_f1 is not None and any(s.f1 < args.min_f1 for s in report.fields.values())
    return EXIT_FAILURES if failures or below else EXIT_OK


def _records_dir(given: Path | None, cfg: config_module.Config) -> Path | None:
    folder = given or cfg.output
    if not folder.is_dir():
        print(f"error: not a folder: {folder}", file=sys.stderr)
        return None
    return folder


def _review(args: argparse.Namespace, cfg: config_module.Config) -> int:
    from pipeline.items import load_batch
    from pipeline.review import render_page
    from pipeline.write import write_atomic

    folder = _records_dir(args.records, cfg)
    if folder is None:
        return EXIT_USAGE
    releases = load_batch(folder)
    if not releases:
        print(f"error: no records in {folder}", file=sys.stderr)
        return EXIT_USAGE
    page = args.out / "index.html"
    write_atomic(page, render_page(releases, title=f"Review of {folder.resolve().name}"))
    unshown = [r for r in releases if r.record is None]
    for r in unshown:
        print(f"warning: {r.id}: not shown: {r.error}", file=sys.stderr)
    print(f"{page} ({len(releases) - len(unshown)} releases)")
    return EXIT_OK


def _apply_review(args: argparse.Namespace, cfg: config_module.Config) -> int:
    from pipeline import verdicts

    folder = _records_dir(args.records, cfg)
    if folder is None:
        return EXIT_USAGE
    try:
        lines = verdicts.read(args.verdicts)
    except (OSError, verdicts.VerdictError) as exc:
        print(f"error: {args.verdicts}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    written, problems = verdicts.apply_files(lines, folder, args.out, keep_unjudged=args.unjudged == "keep")
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    print(f"{len(written)} annotation files in {args.out}")
    return EXIT_FAILURES if problems else EXIT_OK


def _export(args: argparse.Namespace, cfg: config_module.Config) -> int:
    from pipeline import export

    folder = _records_dir(args.records, cfg)
    if folder is None:
        return EXIT_USAGE
    rows = export.write_csv(folder, args.csv)
    print(f"{args.csv} ({rows} rows)")
    return EXIT_OK


_COMMANDS = {"run": _run, "evaluate": _evaluate, "review": _review, "apply-review": _apply_review, "export": _export}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "schema":
        print(json.dumps(Record.model_json_schema(mode="serialization"), indent=2, sort_keys=True, ensure_ascii=False))
        return EXIT_OK
    try:
        cfg = _load_config(args.config)
    except config_module.ConfigError as exc:
        print(f"error: configuration: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return _COMMANDS[args.command](args, cfg)
