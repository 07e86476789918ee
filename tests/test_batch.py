"""Batch runs: skipping unchanged inputs, reporting every file, stopping without losing work."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import REPORT_NAME, run_batch
from pipeline.config import Config
from tests.conftest import ROOT

SEEDS = sorted((ROOT / "raw").glob("*.txt"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, src / seed.name)
    (src / "vide.txt").write_bytes(b"")
    return src


def _statuses(out: Path) -> dict[str, str]:
    report = json.loads((out / REPORT_NAME).read_text())
    return {Path(entry["path"]).name: entry["status"] for entry in report["files"].values()}


def test_report_lists_every_file_and_a_rerun_skips_unchanged_inputs(folder: Path, tmp_path: Path, nlp) -> None:
    out = tmp_path / "out"
    inputs = sorted(folder.iterdir())
    first = run_batch(inputs, out, Config())
    assert _statuses(out) == {p.name: ("failed" if p.name == "vide.txt" else "ok") for p in inputs}
    assert first.totals()["ok"] == len(SEEDS)
    records = {p.name: p.read_bytes() for p in out.glob("*.json") if p.name != REPORT_NAME}

    (folder / SEEDS[0].name).write_text(SEEDS[0].read_text() + "\nUne ligne ajoutée.\n")
    second = run_batch(inputs, out, Config())
    statuses = _statuses(out)
    assert statuses[SEEDS[0].name] == "ok"  # changed: redone
    assert all(statuses[s.name] == "skipped" for s in SEEDS[1:])
    assert statuses["vide.txt"] == "failed"  # failures are always tried again
    assert second.totals()["skipped"] == len(SEEDS) - 1
    assert {p.name: p.read_bytes() for p in out.glob("*.json") if p.name in records and p.name != f"{SEEDS[0].stem}.json"} == {
        k: v for k, v in records.items() if k != f"{SEEDS[0].stem}.json"
    }

    third = run_batch(inputs, out, Config(), force=True)
    assert third.totals()["skipped"] == 0 and third.totals()["ok"] == len(SEEDS)


def test_two_inputs_with_one_name_do_not_overwrite_each_other(folder: Path, tmp_path: Path, nlp) -> None:
    twin = folder / f"{SEEDS[0].stem}.md"
    shutil.copy(SEEDS[0], twin)
    out = tmp_path / "out"
    run_batch([folder / SEEDS[0].name, twin], out, Config())
    statuses = _statuses(out)
    assert statuses[SEEDS[0].name] == "ok" and statuses[twin.name] == "failed"


def test_interrupted_run_keeps_whole_files_and_resumes(folder: Path, tmp_path: Path, nlp) -> None:
    out = tmp_path / "out"
    inputs = [folder / s.name for s in SEEDS]

    def stop_after_first(key: str, entry) -> None:
        raise KeyboardInterrupt

    report = run_batch(inputs, out, Config(batch_size=1), on_file=stop_after_first)
    assert report.interrupted
    written = [p for p in out.iterdir() if p.name != REPORT_NAME]
    assert [p.name for p in written] == [f"{SEEDS[0].stem}.json"]
    json.loads(written[0].read_text())  # whole
    resumed = run_batch(inputs, out, Config(batch_size=1))
    assert resumed.totals()["skipped"] == 1 and resumed.totals()["ok"] == len(SEEDS) - 1


def test_jobs_batches_and_zones_give_the_same_records(folder: Path, tmp_path: Path, nlp) -> None:
    inputs = sorted(folder.iterdir())
    one, two = tmp_path / "one", tmp_path / "two"
    run_batch(inputs, one, Config(batch_size=1, zone_size=1))
    run_batch(inputs, two, Config(), jobs=2)
    names = sorted(p.name for p in one.glob("*.json") if p.name != REPORT_NAME)
    assert names == sorted(p.name for p in two.glob("*.json") if p.name != REPORT_NAME)
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_memory_zones_free_the_strings_of_the_releases(tmp_path: Path, nlp) -> None:
    from pipeline.process import process_paths

    paths = []
    for i in range(3):
        paths.append(tmp_path / f"r{i}.txt")
        paths[-1].write_text(f"La société Zorblaxqu{i}e a signé avec Vrempoxi{i} à Lyon.", encoding="utf-8")
    before = len(nlp.vocab.strings)
    outcomes = list(process_paths(paths, nlp, max_bytes=10_000, batch_size=1, zone_size=2))
    assert all(o.record for o in outcomes)
    assert len(nlp.vocab.strings) == before
    assert "Zorblaxqu0e" not in nlp.vocab.strings


@pytest.mark.parametrize(("jobs", "to_group"), [(1, False), (2, False), (2, True)], ids=["one", "workers", "workers-group"])
def test_sigterm_stops_cleanly_leaving_only_whole_files(tmp_path: Path, jobs: int, to_group: bool) -> None:
    """SIGTERM to the run, or to its whole process group as a service manager sends it."""
    src = tmp_path / "many"
    src.mkdir()
    for i in range(40):
        shutil.copy(SEEDS[i % len(SEEDS)], src / f"r{i:02}.txt")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--batch-size", "1", "--jobs", str(jobs)],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not any(out.glob("r*.json")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    if to_group:
        os.killpg(proc.pid, signal.SIGTERM)
    else:
        proc.send_signal(signal.SIGTERM)
    sent = time.monotonic()
    code = proc.wait(timeout=60)
    assert time.monotonic() - sent < 10
    err = proc.stderr.read().decode()
    assert code == 130, err
    assert "Traceback" not in err, err
    records = [p for p in out.iterdir() if p.name != REPORT_NAME]
    assert 0 < len(records) < 40
    assert all(p.suffix == ".json" and not p.name.startswith(".") for p in records)
    for p in records:
        json.loads(p.read_text())
    report = json.loads((out / REPORT_NAME).read_text())
    assert report["interrupted"] is True


def test_progress_bar_on_a_terminal_with_worker_processes(folder: Path, tmp_path: Path) -> None:
    """On a terminal the bar is drawn, and workers forked under it finish the run."""
    import pty

    out = tmp_path / "out"
    primary, secondary = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "300"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(out), "--jobs", "2"],
        cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, stdout=secondary, stderr=secondary,
    )
    os.close(secondary)
    shown = b""
    while True:  # read as it comes, or a full terminal buffer would block the run
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the run ended and closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(primary)
    assert proc.wait(timeout=120) == 1  # vide.txt is empty
    screen = shown.decode(errors="replace")
    assert f"{len(SEEDS) + 1}/{len(SEEDS) + 1}" in screen, screen
    assert "vide.txt: empty" in screen
    assert sorted(p.name for p in out.glob("[!_]*.json")) == sorted(f"{p.stem}.json" for p in SEEDS)


def test_a_worker_ends_its_chunk_after_the_batch_it_is_on_when_the_run_stops(tmp_path: Path, nlp, monkeypatch) -> None:
    from multiprocessing import Event

    from pipeline import batch

    paths = []
    for i in range(3):
        paths.append(tmp_path / f"r{i}.txt")
        shutil.copy(SEEDS[0], paths[-1])
    stop = Event()
    monkeypatch.setattr(batch, "_stop", stop)
    config = Config(batch_size=1).model_dump_json()
    assert [path for path, *_ in batch._work(paths, config)] == paths
    stop.set()
    assert [path for path, *_ in batch._work(paths, config)] == paths[:1]


def test_tables_are_built_before_workers_fork() -> None:
    from pipeline.extractors import dates, load_tables, territory_rules

    territory_rules.reference.cache_clear()
    dates._patterns.cache_clear()
    load_tables()
    assert territory_rules.reference.cache_info().currsize == 1
    assert dates._patterns.cache_info().currsize == 1


def test_an_all_skipped_run_with_workers_loads_no_model(folder: Path, tmp_path: Path, nlp, monkeypatch) -> None:
    from pipeline import batch

    out = tmp_path / "out"
    inputs = [p for p in sorted(folder.iterdir()) if p.name != "vide.txt"]
    run_batch(inputs, out, Config())

    def no_model(*args):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(batch.nlp_module, "load", no_model)
    assert run_batch(inputs, out, Config(), jobs=2).totals()["skipped"] == len(inputs)
