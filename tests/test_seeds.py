"""The seed releases scored against our own annotations (tests/annotations/)."""

from __future__ import annotations

import json

import pytest

from pipeline.evaluate import evaluate, format_details
from tests.conftest import ROOT

ANNOTATIONS = ROOT / "tests" / "annotations"


@pytest.fixture(scope="module")
def report(seed_records: dict[str, dict]):
    pairs = [
        (path.stem, json.loads(path.read_text(encoding="utf-8")), seed_records[path.stem])
        for path in sorted(ANNOTATIONS.glob("*.json"))
    ]
    assert len(pairs) == 2
    return evaluate(pairs)


# The seeds are the specification: each field must be right on them.
MINIMUM_F1 = {"amounts": 1.0, "dates": 1.0, "organizations": 0.9, "people": 1.0, "territories": 0.95}


@pytest.mark.parametrize("field", list(MINIMUM_F1))
def test_seed_field(report, field: str) -> None:
    score = report.fields[field]
    assert score.f1 >= MINIMUM_F1[field], format_details(report, fields=[field])


def test_seed_issue_dates(report) -> None:
    assert report.doc_date.value == 1.0, format_details(report, fields=["dates"])


def test_seed_roles_and_departments(report) -> None:
    assert report.roles.value == 1.0, format_details(report, fields=["people"])
    assert report.departments.value == 1.0, format_details(report, fields=["territories"])
