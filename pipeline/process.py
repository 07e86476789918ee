"""From decoded releases to validated records: normalise, run the model, extract."""

from __future__ import annotations

import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from pipeline import ingest
from pipeline.context import Context
from pipeline.extractors import amounts, contacts, dates, organizations, people, quotes, territories
from pipeline.normalise import normalise
from pipeline.records import Record, Source
from pipeline.title import find_title


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one input: a record, or an error an analyst can read."""

    path: Path
    record: Record | None = None
    error: str | None = None
    seconds: float = 0.0


def _where(exc: BaseException) -> str:
    """The innermost frame of our own code, so a failure report points at the culprit."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f"{Path('pipeline')}" in f.filename]
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}: " if frames else ""


def _first_start(item) -> int:
    return item.mentions[0].start if item.mentions else -1


def build_record(decoded: ingest.Decoded, ctx: Context) -> Record:
    """Run every extractor on one release and validate the result against its raw text."""
    found_dates = dates.extract(ctx)
    found_amounts = amounts.extract(ctx)
    found_orgs = organizations.extract(ctx)
    found_people = people.extract(ctx, found_orgs.items)
    found_places = territories.extract(ctx, found_orgs.items)
    found_quotes = quotes.extract(ctx, found_people.items)
    found_contacts = contacts.extract(ctx, found_people.items, found_orgs.items)
    warnings = [
        *found_dates.warnings, *found_amounts.warnings, *found_orgs.warnings, *found_people.warnings,
        *found_places.warnings, *found_quotes.warnings, *found_contacts.warnings,
    ]
    data = {
        "id": decoded.path.stem,
        "source": Source(path=str(decoded.path), sha256=decoded.sha256, encoding=decoded.encoding),
        "title": find_title(ctx.raw, skip=found_dates.doc_date_line),
        "doc_date": found_dates.doc_date,
        "doc_date_line": found_dates.doc_date_line,
        "amounts": sorted(found_amounts.items, key=lambda a: (a.start, a.end)),
        "dates": sorted(found_dates.items, key=lambda d: (d.start, d.end)),
        "organizations": sorted(found_orgs.items, key=_first_start),
        "people": sorted(found_people.items, key=_first_start),
        "territories": sorted(found_places.items, key=_first_start),
        "quotes": sorted(found_quotes.items, key=lambda q: q.start),
        "contacts": sorted(found_contacts.items, key=_first_start),
        "warnings": warnings,
    }
    return Record.model_validate(data, context={"raw": decoded.raw})


def process_paths(paths: Iterable[Path], nlp: Language, *, max_bytes: int, batch_size: int) -> Iterator[Outcome]:
    """Yield one outcome per path, in order of reading; a bad file never stops the batch."""
    failed: list[Outcome] = []

    def readable() -> Iterator[tuple[str, tuple[ingest.Decoded, object, float]]]:
        for path in paths:
            started = time.perf_counter()
            try:
                decoded = ingest.read(path, max_bytes)
            except ingest.IngestError as exc:
                failed.append(Outcome(path=path, error=str(exc), seconds=time.perf_counter() - started))
                continue
            norm = normalise(decoded.raw)
            yield norm.text, (decoded, norm, started)

    for doc, (decoded, norm, started) in nlp.pipe(readable(), as_tuples=True, batch_size=batch_size):
        yield from failed
        failed.clear()
        try:
            record = build_record(decoded, Context(norm=norm, doc=doc))
        except Exception as exc:  # one release's failure must not cost the others theirs
            yield Outcome(path=decoded.path, error=f"extraction failed: {_where(exc)}{type(exc).__name__}: {exc}")
            continue
        yield Outcome(path=decoded.path, record=record, seconds=time.perf_counter() - started)
    yield from failed
