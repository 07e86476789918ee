from __future__ import annotations

import json
from decimal import Decimal

import pytest
from pydantic import ValidationError

from pipeline.records import Record
from pipeline.write import to_json

RAW = "Le 3 mars 2024, Ville-sur-Mer reçoit 1,5 M€ de la Région."


def _record(**changes) -> dict:
    data = {
        "id": "example",
        "source": {"path": "raw/example.txt", "sha256": "0" * 64, "encoding": "utf-8"},
        "title": "Exemple",
        "doc_date": None,
        "amounts": [{"text": "1,5 M€", "start": 37, "end": 43, "value": Decimal("1500000"), "currency": "EUR"}],
        "dates": [{"text": "3 mars 2024", "start": 3, "end": 14, "value": "2024-03-03", "granularity": "day"}],
        "organizations": [{"name": "Région", "aliases": [], "mentions": [{"text": "Région", "start": 50, "end": 56}]}],
        "people": [],
        "territories": [{"name": "Ville-sur-Mer", "departments": [], "mentions": [{"text": "Ville-sur-Mer", "start": 16, "end": 29}]}],
    }
    data.update(changes)
    return data


def test_grounded_record_validates() -> None:
    record = Record.model_validate(_record(), context={"raw": RAW})
    assert record.amounts[0].value == Decimal("1500000")


UNGROUNDED = [
    ("amount text off by one", {"amounts": [{"text": "1,5 M€", "start": 36, "end": 42, "value": 1500000, "currency": "EUR"}]}),
    ("date text not the raw", {"dates": [{"text": "3 mars", "start": 3, "end": 14, "value": "2024-03-03", "granularity": "day"}]}),
    ("mention past the end", {"organizations": [{"name": "Région", "mentions": [{"text": "Région", "start": 50, "end": 70}]}]}),
    ("empty span", {"people": [{"name": "X", "mentions": [{"text": "", "start": 5, "end": 5}]}]}),
]


@pytest.mark.parametrize("changes", [u[1] for u in UNGROUNDED], ids=[u[0] for u in UNGROUNDED])
def test_ungrounded_span_is_refused(changes: dict) -> None:
    with pytest.raises(ValidationError):
        Record.model_validate(_record(**changes), context={"raw": RAW})


INVALID = [
    ("bad date value", {"dates": [{"text": "3 mars 2024", "start": 3, "end": 14, "value": "03/03/2024", "granularity": "day"}]}),
    ("bad currency", {"amounts": [{"text": "1,5 M€", "start": 37, "end": 43, "value": 1500000, "currency": "€"}]}),
    ("bad département code", {"territories": [{"name": "Ville-sur-Mer", "departments": ["7"], "mentions": [{"text": "Ville-sur-Mer", "start": 16, "end": 29}]}]}),
    ("unknown field", {"colour": "blue"}),
]


@pytest.mark.parametrize("changes", [i[1] for i in INVALID], ids=[i[0] for i in INVALID])
def test_invalid_values_are_refused(changes: dict) -> None:
    with pytest.raises(ValidationError):
        Record.model_validate(_record(**changes), context={"raw": RAW})


def test_json_is_canonical_and_money_is_a_number() -> None:
    record = Record.model_validate(_record(), context={"raw": RAW})
    text = to_json(record)
    data = json.loads(text)
    assert data["amounts"][0]["value"] == 1500000 and isinstance(data["amounts"][0]["value"], int)
    assert list(data) == sorted(data)
    assert text == to_json(Record.model_validate(json.loads(text), context={"raw": RAW}))


def test_fractional_money_stays_exact() -> None:
    amount = {"text": "1,5 M€", "start": 37, "end": 43, "value": Decimal("12.5"), "currency": "EUR"}
    record = Record.model_validate(_record(amounts=[amount]), context={"raw": RAW})
    assert json.loads(to_json(record))["amounts"][0]["value"] == 12.5
