"""A small hand-written release and its record, for the review, verdict and export tests."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pipeline.records import Record

TEXT = (
    "Nîmes, le 3 mars 2024\n"
    "\n"
    "La Région Occitanie accorde 2,5 M€ à Exemplia <script>alert(1)</script> pour son atelier de Sète (34).\n"
    "Jeanne Martin, présidente d'Exemplia, salue « un soutien décisif pour Sète ».\n"
)
STEM = "sample_release"


def span(text: str, nth: int = 1) -> dict:
    """The `nth` occurrence of `text` in TEXT as a grounded mention."""
    start = -1
    for _ in range(nth):
        start = TEXT.index(text, start + 1)
    return {"text": text, "start": start, "end": start + len(text)}


def record_data() -> dict:
    return {
        "id": STEM,
        "source": {"path": f"raw/{STEM}.txt", "sha256": hashlib.sha256(TEXT.encode()).hexdigest(), "encoding": "utf-8"},
        "title": "Un <b>titre</b> d'essai",
        "doc_date": "2024-03-03",
        "doc_date_line": span("Nîmes, le 3 mars 2024"),
        "amounts": [span("2,5 M€") | {"value": 2500000, "currency": "EUR"}],
        "dates": [span("le 3 mars 2024") | {"value": "2024-03-03", "granularity": "day"}],
        "organizations": [
            {"name": "Région Occitanie", "mentions": [span("Région Occitanie")]},
            {"name": "Exemplia", "mentions": [span("Exemplia"), span("Exemplia", 2)]},
        ],
        "people": [{"name": "Jeanne Martin", "role": "présidente d'Exemplia", "mentions": [span("Jeanne Martin")]}],
        "territories": [
            {"name": "Nîmes", "mentions": [span("Nîmes")]},
            {"name": "Occitanie", "mentions": [span("Occitanie")]},
            {"name": "Sète", "departments": ["34"], "mentions": [span("Sète"), span("Sète", 2)]},
        ],
        "quotes": [span("« un soutien décisif pour Sète »") | {"speaker": "Jeanne Martin"}],
        "warnings": ["people: an example warning <i>escaped</i>"],
    }


def record() -> Record:
    return Record.model_validate(record_data(), context={"raw": TEXT})


ITEM_COUNT = 12  # doc date, amount, date, 3 organisation mentions, person, 4 territory mentions, quote


def write_batch(folder: Path) -> Path:
    """A run's output folder holding the sample record, its release file and a run report with one failure."""
    raw = folder / "raw"
    raw.mkdir(parents=True)
    (raw / f"{STEM}.txt").write_text(TEXT, encoding="utf-8")
    out = folder / "extracted"
    out.mkdir()
    (out / f"{STEM}.json").write_text(json.dumps(record_data(), ensure_ascii=False), encoding="utf-8")
    report = {"files": {
        str(raw / f"{STEM}.txt"): {"path": f"raw/{STEM}.txt", "status": "ok", "error": None, "counts": {}},
        str(raw / "broken.txt"): {"path": "raw/broken.txt", "status": "failed", "error": "empty: the file holds no text", "counts": {}},
    }}
    (out / "_run.json").write_text(json.dumps(report), encoding="utf-8")
    return out
