"""Accuracy on the project's own held-out sets (tests/heldout*): invented releases
annotated blind by the corpus rules, so CI guards accuracy even without the shared corpus.

The floors sit a little under the measured figures (README, "Accuracy"): a change that
costs a field more than that fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import evaluate
from pipeline.process import process_paths
from tests.conftest import ROOT

SETS = sorted(p for p in (ROOT / "tests").glob("heldout*") if (p / "gold").is_dir())
F1_FLOORS = {"amounts": 0.97, "dates": 0.95, "organizations": 0.85, "people": 0.95, "territories": 0.90}
ACCURACY_FLOORS = {"roles": 0.85, "departments": 0.95, "doc_date": 0.90}


@pytest.mark.parametrize("folder", SETS, ids=[p.name for p in SETS])
def test_heldout_set_scores_above_its_floors(folder: Path, nlp) -> None:
    golds = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((folder / "gold").glob("*.json"))}
    outcomes = process_paths([folder / "raw" / f"{stem}.txt" for stem in golds], nlp, max_bytes=5_000_000, batch_size=16)
    records = {o.path.stem: o.record.model_dump(mode="json") for o in outcomes if o.record}
    assert records.keys() == golds.keys()
    report = evaluate.evaluate((stem, gold, records[stem]) for stem, gold in golds.items())
    low = [f"{field} F1 {report.fields[field].f1:.3f} < {floor}" for field, floor in F1_FLOORS.items() if report.fields[field].f1 < floor]
    ratios = {"roles": report.roles, "departments": report.departments, "doc_date": report.doc_date}
    low += [f"{name} {ratios[name].value:.3f} < {floor}" for name, floor in ACCURACY_FLOORS.items() if ratios[name].value < floor]
    assert not low, f"{folder.name}: " + "; ".join(low) + "\n" + evaluate.format_details(report)
