"""A batch's items as a spreadsheet: one CSV row per item.

No .xlsx: writing it would need a new dependency (openpyxl) for what a CSV
already gives any spreadsheet program.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from pipeline.items import Release, items, load_batch
from pipeline.write import write_atomic

COLUMNS = ("release", "field", "start", "end", "text", "value", "currency", "role", "departments")


def rows(release: Release) -> Iterator[dict[str, str | int]]:
    """One row per item of a release that has a record; the value is its normalised form."""
    if release.record is None:
        return
    for item in items(release.record):
        a = item.attrs
        value = a.get("value") or a.get("name") or a.get("speaker") or item.value
        yield {
            "release": release.id, "field": item.field, "start": item.start, "end": item.end, "text": item.text,
            "value": value, "currency": a.get("currency") or "", "role": a.get("role") or "",
            "departments": ", ".join(a.get("departments") or []),
        }


def to_csv(releases: list[Release]) -> tuple[str, int]:
    """The CSV text (with a byte-order mark, so spreadsheet programs read UTF-8) and its row count."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    count = 0
    for release in releases:
        for row in rows(release):
            writer.writerow(row)
            count += 1
    return "\ufeff" + buffer.getvalue(), count


def write_csv(records_dir: Path, path: Path) -> int:
    """Write the items of every record in `records_dir` to `path`; returns the row count."""
    content, count = to_csv(load_batch(records_dir, with_text=False))
    write_atomic(path, content)
    return count
