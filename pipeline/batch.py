"""Batch runs that never lose work: skip what is done, write whole files, report every file.

`<out>/_run.json` lists each input with its status (ok, skipped, failed), its
error, time and item counts, and the fingerprint that lets the next run skip
an input whose bytes, settings and pipeline code are all unchanged.
"""

from __future__ import annotations

import hashlib
import json
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from multiprocessing import get_context
from multiprocessing.synchronize import Event as EventType
from pathlib import Path

from pipeline import nlp as nlp_module
from pipeline.config import Config
from pipeline.extractors import load_tables
from pipeline.process import process_paths
from pipeline.write import to_json, write_atomic

REPORT_NAME = "_run.json"
SAVE_SECONDS = 10  # how often, at most, a running batch rewrites its report
FIELDS = ("amounts", "dates", "organizations", "people", "territories", "quotes", "contacts")
_PACKAGE = Path(__file__).resolve().parent


@dataclass
class FileReport:
    path: str
    status: str  # "ok", "skipped" or "failed"
    error: str | None = None
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    fingerprint: str | None = None


@dataclass
class RunReport:
    pipeline: str
    started: float
    seconds: float = 0.0
    interrupted: bool = False
    files: dict[str, FileReport] = field(default_factory=dict)  # by resolved input path

    def totals(self) -> dict[str, int]:
        totals = {status: 0 for status in ("ok", "skipped", "failed")}
        for report in self.files.values():
            totals[report.status] += 1
            for name, count in report.counts.items():
                totals[name] = totals.get(name, 0) + count
        return totals


def pipeline_fingerprint(config: Config) -> str:
    """What the output depends on besides the input: code, data, model and its components."""
    digest = hashlib.sha256()
    digest.update(json.dumps([version("pipeline"), config.model, version(config.model.replace("_", "-")), list(config.components)]).encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yaml", ".txt", ".gz", ".json"):
            digest.update(path.relative_to(_PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _previous(out: Path) -> dict[str, FileReport]:
    try:
        data = json.loads((out / REPORT_NAME).read_text(encoding="utf-8"))
        return {stem: FileReport(**entry) for stem, entry in data["files"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # no usable report: everything is redone, nothing is lost


def _input_fingerprint(path: Path, pipeline: str) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes() + pipeline.encode()).hexdigest()[:32]
    except OSError:
        return None  # unreadable: processing will say why


def _counts(record_json: str) -> dict[str, int]:
    data = json.loads(record_json)
    return {name: len(data[name]) for name in FIELDS} | {"warnings": len(data["warnings"])}


_stop: EventType | None = None  # in a worker: set by the parent when the run stops


# Each worker process loads the model once (a forked one finds it loaded) and ignores
# Ctrl-C and SIGTERM, which a terminal or a service manager sends the whole process
# group: the parent decides when to stop, and tells the workers through `stop`.
def _worker_init(config_json: str, stop: EventType) -> None:
    global _stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _stop = stop
    config = Config.model_validate_json(config_json)
    nlp_module.load(config.model, config.components)


def _outcomes(paths: Sequence[Path], config: Config) -> Iterator[tuple[Path, str | None, str | None, float]]:
    if not paths:
        return  # an all-skipped run never loads the model
    nlp = nlp_module.load(config.model, config.components)
    for o in process_paths(
        paths, nlp, max_bytes=config.max_file_bytes, batch_size=config.batch_size, zone_size=config.zone_size
    ):
        yield o.path, to_json(o.record) if o.record else None, o.error, o.seconds


def _work(paths: list[Path], config_json: str) -> list[tuple[Path, str | None, str | None, float]]:
    """A chunk's outcomes; cut short, within a batch, when the run stops."""
    done = []
    for outcome in _outcomes(paths, Config.model_validate_json(config_json)):
        done.append(outcome)
        if _stop is not None and _stop.is_set():
            break
    return done


# On Linux, workers forked from a parent that has loaded the model and the extractors'
# tables start at once and share their memory pages, instead of each spending seconds
# building its own copy. Elsewhere fork is unsafe or missing, and each spawned worker
# loads the model in `_worker_init`.
_FORK = sys.platform == "linux"


def _results(paths: Sequence[Path], config: Config, jobs: int) -> Iterator[tuple[Path, str | None, str | None, float]]:
    """Outcomes in input order, from this process or from `jobs` worker processes."""
    if jobs == 1 or not paths:  # an all-skipped run starts no worker
        yield from _outcomes(paths, config)
        return
    config_json = config.model_dump_json()
    if _FORK:  # once, shared by every worker
        nlp_module.load(config.model, config.components)
        load_tables()
    # Chunks as large as a memory zone amortise it, yet small enough that every worker gets several.
    size = max(config.batch_size, min(config.zone_size, -(-len(paths) // (4 * jobs))))
    chunks = (list(paths[i : i + size]) for i in range(0, len(paths), size))
    context = get_context("fork" if _FORK else "spawn")
    stop = context.Event()
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_init, initargs=(config_json, stop)) as pool:
        pending: list[Future] = []
        try:
            while True:  # a bounded window of chunks in flight keeps memory flat
                while len(pending) < 2 * jobs and (chunk := next(chunks, None)) is not None:
                    pending.append(pool.submit(_work, chunk, config_json))
                if not pending:
                    return
                yield from pending.pop(0).result()
        finally:  # on a stop, the pool's exit waits only for the batches the workers are on
            stop.set()
            for future in pending:
                future.cancel()


def run_batch(
    inputs: Sequence[Path],
    out: Path,
    config: Config,
    *,
    jobs: int = 1,
    force: bool = False,
    on_file: Callable[[str, FileReport], None] = lambda stem, report: None,
) -> RunReport:
    """Process `inputs` into `out`; Ctrl-C or SIGTERM stops cleanly, keeping every whole file."""
    started = time.perf_counter()
    fingerprint = pipeline_fingerprint(config)
    previous = _previous(out)
    report = RunReport(pipeline=fingerprint, started=time.time(), files=dict(previous))
    todo: list[Path] = []
    stems: dict[str, Path] = {}
    for path in inputs:
        key = str(path.resolve())
        if path.stem in stems:
            report.files[key] = FileReport(str(path), "failed", f"same name as {stems[path.stem]}: both would write {path.stem}.json")
            on_file(key, report.files[key])
            continue
        stems[path.stem] = path
        fingerprint_now = _input_fingerprint(path, fingerprint)
        before = previous.get(key)
        unchanged = before is not None and before.status in ("ok", "skipped") and before.fingerprint == fingerprint_now
        if not force and fingerprint_now and unchanged and (out / f"{path.stem}.json").is_file():
            report.files[key] = FileReport(str(path), "skipped", counts=before.counts, fingerprint=fingerprint_now)
            on_file(key, report.files[key])
        else:
            todo.append(path)

    previous_handler = signal.signal(signal.SIGTERM, signal.default_int_handler)  # SIGTERM stops like Ctrl-C
    try:
        saved_at, save_cost = time.perf_counter(), 0.0
        for path, record_json, error, seconds in _results(todo, config, jobs):
            if record_json is None:
                entry = FileReport(str(path), "failed", error, round(seconds, 3))
            else:
                write_atomic(out / f"{path.stem}.json", record_json)
                entry = FileReport(str(path), "ok", None, round(seconds, 3), _counts(record_json), _input_fingerprint(path, fingerprint))
            key = str(path.resolve())
            report.files[key] = entry
            on_file(key, entry)
            # A killed run still leaves a recent report to resume from; saving it at most
            # every SAVE_SECONDS, and never for more than a tenth of the time, keeps a long
            # batch from spending its time rewriting a growing report.
            if time.perf_counter() - saved_at > max(SAVE_SECONDS, 10 * save_cost):
                save_started = time.perf_counter()
                _save(report, out, started)
                saved_at = time.perf_counter()
                save_cost = saved_at - save_started
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
        _save(report, out, started)
    return report


def _save(report: RunReport, out: Path, started: float) -> None:
    report.seconds = round(time.perf_counter() - started, 3)
    data = asdict(report)
    write_atomic(out / REPORT_NAME, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
