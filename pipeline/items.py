"""A record as a flat list of reviewable items, and a batch of records with their texts.

An item is one highlighted span: an amount, a date, the issue-date line, or one
mention of an organisation, person, territory, quote or contact. Review,
verdicts and exports all speak of items, keyed by (release, field, start, end).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from pipeline import ingest
from pipeline.records import Record

REPORT_NAME = "_run.json"  # pipeline.batch's; importing it from there would load spaCy for nothing

# Display order; the gold annotation format knows the first six.
FIELDS = ("doc_date", "amounts", "dates", "organizations", "people", "territories", "quotes", "contacts")
GROUPED = ("organizations", "people", "territories", "contacts")  # one entity, many mentions
# What an analyst may correct, per field: the values the annotation format keeps.
CORRECTABLE = {
    "doc_date": ("value",),
    "amounts": ("value", "currency"),
    "dates": ("value",),
    "organizations": ("name",),
    "people": ("name", "role"),
    "territories": ("name", "departments"),
}


@dataclass(frozen=True)
class Item:
    field: str
    start: int
    end: int
    text: str
    value: str  # the normalised value as a reader sees it (hover, list, export)
    attrs: dict  # the record's values for this item, JSON-ready (amounts as strings)
    entity: int | None = None  # index of the grouped entity in its field

    @property
    def key(self) -> str:
        return f"{self.field}:{self.start}:{self.end}"


def _amount_text(value) -> str:
    """'100000000' → '100 000 000', '2.5' → '2,5': French digit grouping, exact."""
    whole, _, cents = format(value, "f").partition(".")
    grouped = f"{int(whole):,}".replace(",", " ")
    return f"{grouped},{cents}" if cents else grouped


def _join(*parts: str | None) -> str:
    return " · ".join(p for p in parts if p)


def items(record: Record) -> list[Item]:
    """Every item of `record`, by offset (longest first at one start), then field order."""
    found: list[Item] = []
    if record.doc_date_line is not None:
        line = record.doc_date_line
        found.append(Item("doc_date", line.start, line.end, line.text, f"issue date {record.doc_date}", {"value": record.doc_date}))
    for a in record.amounts:
        shown = _join(f"{_amount_text(a.value)} {a.currency}", a.qualifier, a.rate, a.range and f"range {a.range}")
        found.append(Item("amounts", a.start, a.end, a.text, shown, {"value": format(a.value, "f"), "currency": a.currency}))
    for d in record.dates:
        found.append(Item("dates", d.start, d.end, d.text, _join(d.value, d.granularity, d.resolved), {"value": d.value}))
    for n, o in enumerate(record.organizations):
        shown = _join(o.name, o.aliases and "aliases: " + ", ".join(o.aliases))
        found += _mentions("organizations", n, o.mentions, shown, {"name": o.name, "aliases": list(o.aliases)})
    for n, p in enumerate(record.people):
        found += _mentions("people", n, p.mentions, _join(p.name, p.role or "no role"), {"name": p.name, "role": p.role})
    for n, t in enumerate(record.territories):
        deps = "départements " + ", ".join(t.departments) if t.departments else "no département"
        shown = _join(t.name, deps, t.kind, t.code and f"INSEE {t.code}")
        found += _mentions("territories", n, t.mentions, shown, {"name": t.name, "departments": list(t.departments)})
    for q in record.quotes:
        found.append(Item("quotes", q.start, q.end, q.text, f"speaker: {q.speaker or 'unknown'}", {"speaker": q.speaker}))
    for n, c in enumerate(record.contacts):
        shown = _join(c.name, c.organization, ", ".join(c.phones), ", ".join(c.emails))
        attrs = {"name": c.name, "organization": c.organization, "phones": list(c.phones), "emails": list(c.emails)}
        found += _mentions("contacts", n, c.mentions, shown, attrs)
    return sorted(found, key=lambda i: (i.start, -i.end, FIELDS.index(i.field)))


def _mentions(field_name: str, entity: int, mentions, shown: str, attrs: dict) -> list[Item]:
    return [Item(field_name, m.start, m.end, m.text, shown, attrs, entity) for m in mentions]


@dataclass(frozen=True)
class Release:
    """One release of a batch: its record and text, or why there is none to show."""

    id: str
    record: Record | None = None
    text: str | None = None
    error: str | None = None  # from the run report, or why the record cannot be shown
    report: dict = field(default_factory=dict)  # its entry in the run report


def batch_id(releases: list[Release]) -> str:
    """Names a batch by what it holds, so verdicts stored in a browser find their records again."""
    digest = hashlib.sha256()
    for r in releases:
        digest.update(f"{r.id}:{r.record.source.sha256 if r.record else '-'}\n".encode())
    return digest.hexdigest()[:12]


def run_report(records_dir: Path) -> dict[str, dict]:
    """The run report's entries by release stem; empty when there is no readable report."""
    try:
        files = json.loads((records_dir / REPORT_NAME).read_text(encoding="utf-8"))["files"]
        return {Path(entry["path"]).stem: entry | {"key": key} for key, entry in files.items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _source_text(record: Record, records_dir: Path, entry: dict) -> str:
    """The text the record's spans point into: its own `text`, else its source file, decoded as `run` did."""
    if record.text is not None:
        return record.text
    given = Path(record.source.path)
    candidates = [Path(entry["key"])] if "key" in entry else []
    candidates += [given, records_dir.parent / given, records_dir / given.name]
    for path in candidates:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest() == record.source.sha256:
            return ingest.from_data(data, path).raw
    raise LookupError(f"source {record.source.path} not found, or changed since extraction")


def load_batch(records_dir: Path, *, with_text: bool = True) -> list[Release]:
    """Every record of `records_dir` with its text, plus the run report's failed inputs, by id."""
    report = run_report(records_dir)
    releases: dict[str, Release] = {}
    for path in sorted(records_dir.glob("*.json")):
        if path.name == REPORT_NAME:
            continue
        entry = report.get(path.stem, {})
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            record = Record.model_validate(data)
            text = _source_text(record, records_dir, entry) if with_text else None
            if text is not None:  # spans re-checked against the text they will be drawn on
                record = Record.model_validate(data, context={"raw": text})
        except (OSError, ValueError, LookupError) as exc:
            reason = str(exc).splitlines()[0] if not isinstance(exc, ValidationError) else f"invalid record: {exc.errors()[0]['msg']}"
            releases[path.stem] = Release(path.stem, error=reason, report=entry)
            continue
        releases[path.stem] = Release(record.id, record, text, entry.get("error"), entry)
    for stem, entry in report.items():
        if stem not in releases and entry.get("status") == "failed":
            releases[stem] = Release(stem, error=entry.get("error") or "failed", report=entry)
    return [releases[k] for k in sorted(releases)]
