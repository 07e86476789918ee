"""The command line end to end: a folder mixing good releases and bad inputs."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest

from pipeline.batch import REPORT_NAME
from pipeline.cli import main
from pipeline.records import Record
from tests.conftest import ROOT

BAD_INPUTS = {
    "empty.txt": b"",
    "binary.txt": b"\x7fELF\x02\x01\x01\x00\x00\x00\x00" * 40,
    "huge.txt": "Un communiqué trop long. ".encode() * 50_000,
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory, nlp):
    folder = tmp_path_factory.mktemp("in")
    for seed in (ROOT / "raw").glob("*.txt"):
        shutil.copy(seed, folder / seed.name)
    for name, data in BAD_INPUTS.items():
        (folder / name).write_bytes(data)
    (folder / "old.txt").mkdir()  # a sub-folder named like a release is not one
    config = folder / "config.yaml"
    config.write_text("max_file_bytes: 1000000\n")
    out = tmp_path_factory.mktemp("out")
    return folder, out, config


@pytest.fixture(scope="module")
def ran(batch):
    """`run` once over the mixed folder: its exit code and what it printed on stderr."""
    folder, out, config = batch
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["--config", str(config), "run", str(folder), "--out", str(out)])
    return code, err.getvalue()


def test_run_writes_good_records_and_reports_bad_inputs(batch, ran) -> None:
    folder, out, _ = batch
    code, err = ran
    assert code == 1
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted([REPORT_NAME, *(f"{p.stem}.json" for p in (ROOT / "raw").glob("*.txt"))])
    report = json.loads((out / REPORT_NAME).read_text())
    assert sorted(Path(e["path"]).name for e in report["files"].values() if e["status"] == "failed") == sorted(BAD_INPUTS)
    for name, reason in [("empty.txt", "empty"), ("binary.txt", "binary"), ("huge.txt", "too large")]:
        assert any(line.startswith(f"error: {folder / name}: ") and reason in line for line in err.splitlines()), err
    assert "old.txt" not in err


def test_written_records_are_valid_and_grounded(batch, ran) -> None:
    folder, out, _ = batch
    records = list(out.glob("[!_]*.json"))
    assert len(records) == len(list((ROOT / "raw").glob("*.txt")))
    for path in records:
        data = json.loads(path.read_text(encoding="utf-8"))
        raw = (folder / f"{path.stem}.txt").read_text(encoding="utf-8")
        Record.model_validate(data, context={"raw": raw})


def test_schema_is_json_schema_of_the_record(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Record"
    assert {"amounts", "dates", "organizations", "people", "territories", "doc_date", "source"} <= set(schema["properties"])


def test_bad_config_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("batchsize: 3\n")
    assert main(["--config", str(config), "run", str(tmp_path)]) == 2
    assert "batchsize: unknown key" in capsys.readouterr().err


def test_a_directory_given_as_a_file_is_an_error_entry(tmp_path: Path, nlp) -> None:
    from pipeline.process import process_paths

    (tmp_path / "x.txt").mkdir()
    [outcome] = process_paths([tmp_path / "x.txt"], nlp, max_bytes=100, batch_size=1)
    assert outcome.record is None and "directory" in outcome.error


def test_missing_input_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(tmp_path / "nowhere"), "--out", str(tmp_path)]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_evaluate_on_the_seed_annotations(capsys: pytest.CaptureFixture[str], nlp) -> None:
    code = main(["evaluate", "--gold", str(ROOT / "tests" / "annotations"), "--raw", str(ROOT / "raw"), "--no-details"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0] == "2 releases"
    assert "amounts" in out and "doc_date accuracy" in out
