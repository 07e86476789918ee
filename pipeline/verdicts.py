"""Analysts' verdicts (JSONL from the review page) → annotation files in the corpus format.

A verdict names an item by (release, field, start, end) and says accept,
reject, correct (with the corrected values) or add (an item the pipeline
missed). Reviewed releases thereby become new evaluation data: accepted items
are kept, rejected ones dropped, corrected ones take the analyst's values.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pydantic import ValidationError

from pipeline.items import GROUPED, Item, items
from pipeline.records import Record
from pipeline.write import write_atomic

KINDS = ("accept", "reject", "correct", "add")
GOLD_FIELDS = ("amounts", "dates", "organizations", "people", "territories")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")  # as records.DateMention
_DOC_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_DEPARTMENT = re.compile(r"^(\d{2,3}|2A|2B)$")


class VerdictError(ValueError):
    """A verdicts file that cannot be read; the message names the line."""


@dataclass(frozen=True)
class Verdict:
    release: str
    field: str
    start: int
    end: int
    text: str
    verdict: str
    correction: dict = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.field, self.start, self.end)


def parse(lines: list[str]) -> list[Verdict]:
    """Verdicts from JSONL lines (blank lines skipped); a malformed line raises VerdictError."""
    found = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            verdict = Verdict(
                str(data["release"]), str(data["field"]), int(data["start"]), int(data["end"]),
                str(data["text"]), str(data["verdict"]), dict(data.get("correction") or {}),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise VerdictError(f"line {number}: not a verdict: {exc}") from None
        if verdict.verdict not in KINDS:
            raise VerdictError(f"line {number}: unknown verdict {verdict.verdict!r}")
        found.append(verdict)
    return found


def read(path: Path) -> list[Verdict]:
    return parse(path.read_text(encoding="utf-8-sig").splitlines())


def _amount(value) -> int | float:
    """'1 300 000' or '2,5' as typed by an analyst → a JSON number, parsed as a Decimal."""
    number = Decimal(str(value).replace(" ", "").replace("\u202f", "").replace("\xa0", "").replace(",", "."))
    if not number.is_finite() or number <= 0:
        raise InvalidOperation
    return int(number) if number == number.to_integral_value() else float(number)


def _entry(field_name: str, text: str, values: dict) -> dict:
    """One annotation entry from an item's (possibly corrected) values; ValueError when one is unusable."""
    if field_name == "amounts":
        currency = str(values.get("currency") or "EUR").upper()
        if not _CURRENCY.match(currency):
            raise ValueError(f"currency {currency!r} is not an ISO code")
        try:
            return {"text": text, "value": _amount(values.get("value")), "currency": currency}
        except (InvalidOperation, ValueError):
            raise ValueError(f"amount {values.get('value')!r} is not a positive number") from None
    if field_name == "dates":
        if not _DATE.match(str(values.get("value") or "")):
            raise ValueError(f"date {values.get('value')!r} is not YYYY[-MM[-DD]][/…]")
        return {"text": text, "value": values["value"]}
    name = str(values.get("name") or "").strip()
    if not name:
        raise ValueError("empty name")
    if field_name == "organizations":
        return {"name": name, "aliases": list(values.get("aliases") or [])}
    if field_name == "people":
        return {"name": name, "role": values.get("role") or None}
    departments = [str(d) for d in values.get("departments") or []]
    bad = [d for d in departments if not _DEPARTMENT.match(d)]
    if bad:
        raise ValueError(f"not département codes: {bad}")
    return {"name": name, "departments": departments}


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def annotation(record: Record, verdicts: list[Verdict], *, keep_unjudged: bool = True) -> tuple[dict, list[str]]:
    """The annotation of one release after review, and the problems that make it unusable.

    Unjudged items are kept or dropped per `keep_unjudged`; an entity (organisation,
    person, territory) stays when one of its mentions stays, with the corrections
    made on any of them. Quotes and contacts are not part of the annotation format.
    """
    where = record.id
    judged = {v.key: v for v in verdicts if v.verdict != "add"}  # the last verdict on an item wins
    found = items(record)
    by_key = {(i.field, i.start, i.end): i for i in found}
    problems = [
        f"{where}: no {v.field} item {v.text!r} at [{v.start}, {v.end}): the records changed since the review"
        for v in judged.values()
        if v.key not in by_key or by_key[v.key].text != v.text
    ]

    def fate(item: Item) -> dict | None:
        """None when the item goes, else the corrections it takes ({} for none)."""
        v = judged.get((item.field, item.start, item.end))
        if v is None:
            return {} if keep_unjudged else None
        return None if v.verdict == "reject" else v.correction if v.verdict == "correct" else {}

    gold: dict = {"doc_date": record.doc_date} | {f: [] for f in GOLD_FIELDS}
    placed: dict[str, list[tuple[int, dict]]] = {f: [] for f in GOLD_FIELDS}  # (offset, entry), sorted at the end
    entities: dict[tuple[str, int], dict] = {}  # values of each kept entity, corrections merged
    first: dict[tuple[str, int], int] = {}
    forms: dict[tuple[str, int], dict[str, bool]] = {}  # organisation mention text → some mention of it kept
    for item in found:
        if item.field == "doc_date":
            v = judged.get(("doc_date", item.start, item.end))
            if v is not None and v.verdict == "reject":
                gold["doc_date"] = None
            elif v is not None and v.verdict == "correct":
                value = v.correction.get("value") or None
                if value is not None and not _DOC_DATE.match(str(value)):
                    problems.append(f"{where}: issue date {value!r} is not YYYY[-MM[-DD]]")
                gold["doc_date"] = value
            continue
        if item.field not in GOLD_FIELDS:
            continue
        change = fate(item)
        if item.entity is None:
            if change is not None:
                try:
                    placed[item.field].append((item.start, _entry(item.field, item.text, item.attrs | change)))
                except ValueError as exc:
                    problems.append(f"{where}: {item.field} {item.text!r}: {exc}")
            continue
        key = (item.field, item.entity)
        forms.setdefault(key, {})
        forms[key][item.text] = forms[key].get(item.text, False) or change is not None
        if change is not None:
            entities[key] = entities.get(key, dict(item.attrs)) | change
            first.setdefault(key, item.start)
    for key, values in entities.items():
        field_name = key[0]
        if field_name == "organizations":  # an alias goes when every mention written that way was rejected
            values = values | {"aliases": [a for a in values.get("aliases", []) if forms[key].get(a, True) and a != values.get("name")]}
        try:
            placed[field_name].append((first[key], _entry(field_name, "", values)))
        except ValueError as exc:
            problems.append(f"{where}: {field_name} {values.get('name')!r}: {exc}")
    for v in verdicts:
        if v.verdict != "add":
            continue
        if v.field not in GOLD_FIELDS:
            problems.append(f"{where}: cannot add a {v.field} item")
            continue
        values = v.correction if v.field not in GROUPED else {"name": v.text} | {k: x for k, x in v.correction.items() if x}
        try:
            placed[v.field].append((v.start, _entry(v.field, v.text, values)))
        except ValueError as exc:
            problems.append(f"{where}: added {v.field} {v.text!r}: {exc}")
    for field_name, entries in placed.items():
        gold[field_name] = _merged(field_name, [e for _, e in sorted(entries, key=lambda pair: pair[0])])
    return gold, problems


def _merged(field_name: str, entries: list[dict]) -> list[dict]:
    """Entities are listed once: a second entry of the same name (an added mention) joins the first."""
    if field_name not in GROUPED:
        return entries
    out: dict[str, dict] = {}
    for entry in entries:
        same = out.get(_fold(entry["name"]))
        if same is None:
            out[_fold(entry["name"])] = entry
        elif field_name == "organizations":
            same["aliases"] += [a for a in entry["aliases"] if a not in same["aliases"]]
    return list(out.values())


def apply_files(verdicts: list[Verdict], records_dir: Path, out: Path, *, keep_unjudged: bool = True) -> tuple[list[Path], list[str]]:
    """Write `out/<release>.json` for every judged release; a release with a problem is not written."""
    written: list[Path] = []
    problems: list[str] = []
    by_release: dict[str, list[Verdict]] = {}
    for v in verdicts:
        by_release.setdefault(v.release, []).append(v)
    for release, judged in sorted(by_release.items()):
        try:
            record = Record.model_validate_json((records_dir / f"{release}.json").read_text(encoding="utf-8"))
        except (OSError, ValidationError) as exc:
            problems.append(f"{release}: no usable record in {records_dir}: {str(exc).splitlines()[0]}")
            continue
        gold, trouble = annotation(record, judged, keep_unjudged=keep_unjudged)
        if trouble:
            problems += trouble
            continue
        path = out / f"{release}.json"
        write_atomic(path, json.dumps(gold, ensure_ascii=False, indent=2) + "\n")
        written.append(path)
    return written, problems
