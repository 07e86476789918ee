"""The scorer follows ANNOTATION.md; these cases pin each rule on made-up data."""

from __future__ import annotations

import pytest

from pipeline.evaluate import evaluate, fold

FOLDS = [
    ("La Région Occitanie", "region occitanie"),
    ("l’Agence", "agence"),
    ("Pyrénées-Orientales", "pyrenees orientales"),
    ("  Les   Hauts-de-France ", "hauts de france"),
    ("Lacroix", "lacroix"),
]


@pytest.mark.parametrize(("name", "folded"), FOLDS, ids=[f[0] for f in FOLDS])
def test_fold(name: str, folded: str) -> None:
    assert fold(name) == folded


def _empty(**fields) -> dict:
    data = {"doc_date": None, "amounts": [], "dates": [], "organizations": [], "people": [], "territories": []}
    data.update(fields)
    return data


def _score(gold: dict, pred: dict):
    return evaluate([("x", gold, pred)])


def test_amounts_match_one_to_one_within_half_a_percent() -> None:
    gold = _empty(amounts=[
        {"text": "a", "value": 1000000, "currency": "EUR"},
        {"text": "b", "value": 1000000, "currency": "EUR"},
        {"text": "c", "value": 500, "currency": "USD", "optional": True},
    ])
    pred = _empty(amounts=[
        {"text": "a", "value": 1004000, "currency": "EUR"},
        {"text": "c", "value": 500, "currency": "USD"},
        {"text": "d", "value": 1000000, "currency": "GBP"},
    ])
    s = _score(gold, pred).fields["amounts"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)


def test_dates_by_value_and_optional_entries_are_free() -> None:
    gold = _empty(dates=[{"text": "a", "value": "2024"}, {"text": "b", "value": "2024-05", "optional": True}])
    s = _score(gold, _empty(dates=[])).fields["dates"]
    assert (s.tp, s.fp, s.fn) == (0, 0, 1)
    s = _score(gold, _empty(dates=[{"text": t, "value": t} for t in ("2024", "2024-05", "1999")])).fields["dates"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 0)


def test_organisations_by_name_or_alias_counting_once() -> None:
    gold = _empty(organizations=[{"name": "Agence Nationale X", "aliases": ["ANX"]}, {"name": "Club Y", "aliases": []}])
    pred = _empty(organizations=[{"name": "ANX"}, {"name": "l'Agence nationale X"}, {"name": "Plan Z"}])
    s = _score(gold, pred).fields["organizations"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)
    assert s.misses == ["x: Club Y"] and s.false_finds == ["x: Plan Z"]


def test_people_accept_a_unique_surname_and_roles_by_containment() -> None:
    gold = _empty(people=[
        {"name": "Anne Martin", "role": "maire de Villeneuve"},
        {"name": "Paul Durand", "role": None},
        {"name": "Marie Durand", "role": "présidente"},
    ])
    pred = _empty(people=[
        {"name": "Martin", "role": "Maire de Villeneuve, présidente de l'agglomération"},
        {"name": "Durand", "role": None},
        {"name": "Marie Durand", "role": None},
    ])
    report = _score(gold, pred)
    s = report.fields["people"]
    assert (s.tp, s.fp, s.fn) == (2, 1, 1)  # "Durand" is not unique in the gold
    assert (report.roles.right, report.roles.total) == (1, 2)


def test_departments_and_doc_date() -> None:
    gold = _empty(doc_date="2024-03-01", territories=[{"name": "Saint-Ailleurs", "departments": ["11", "31"]}])
    pred = _empty(doc_date="2024-03", territories=[{"name": "Saint Ailleurs", "departments": ["31", "11"]}])
    report = _score(gold, pred)
    assert report.fields["territories"].tp == 1
    assert report.departments.value == 1.0
    assert report.doc_date.value == 0.0
