"""Golden regression: each release in raw/ must yield exactly its tests/golden/<stem>.json.

Re-bless with `pytest tests/test_golden.py --update-golden`, then read the diff item by item.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.golden_diff import diff_records

GOLDEN = ROOT / "tests" / "golden"
STEMS = sorted({p.stem for p in (ROOT / "raw").glob("*.txt")} | {p.stem for p in GOLDEN.glob("*.json")})


@pytest.mark.parametrize("stem", STEMS)
def test_release_matches_its_golden_record(stem: str, seed_records: dict[str, dict], request: pytest.FixtureRequest) -> None:
    golden = GOLDEN / f"{stem}.json"
    assert stem in seed_records, f"{golden.name} has no release raw/{stem}.txt: remove it or restore the release"
    actual = seed_records[stem]
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(json.dumps(actual, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    assert golden.is_file(), f"raw/{stem}.txt has no golden record: run with --update-golden and read it"
    expected = json.loads(golden.read_text(encoding="utf-8"))
    differences = diff_records(expected, actual)
    assert not differences, "record differs from its golden file:\n  " + "\n  ".join(differences)
