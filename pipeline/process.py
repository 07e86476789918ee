"""From decoded releases to validated records: normalise, run the model, extract.

Processing one release is a pure function of its bytes and the settings
(`process_bytes`), with the model loaded once per process; `process_paths`
does the same for a stream of files, batching the model's work.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from spacy.language import Language

from pipeline import ingest, recurring_words
from pipeline import nlp as nlp_module
from pipeline.config import Config
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
    """Run every extractor on one release and validate the result against its text."""
    found_dates = dates.extract(ctx)
    found_amounts = amounts.extract(ctx)
    found_orgs = organizations.extract(ctx)
    found_people = people.extract(ctx, found_orgs.items)
    found_places = territories.extract(ctx, found_orgs.items)
    found_quotes = quotes.extract(ctx, found_people.items)
    found_contacts = contacts.extract(ctx, found_people.items, found_orgs.items)
    warnings = [f"text {decoded.derived}: offsets point into the record's `text`"] if decoded.derived else []
    warnings += [
        *found_dates.warnings, *found_amounts.warnings, *found_orgs.warnings, *found_people.warnings,
        *found_places.warnings, *found_quotes.warnings, *found_contacts.warnings,
    ]
    data = {
        "id": decoded.path.stem,
        "source": Source(path=str(decoded.path), sha256=decoded.sha256, encoding=decoded.encoding, derived=decoded.derived),
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
        "text": decoded.raw if decoded.derived else None,
    }
    return Record.model_validate(data, context={"raw": decoded.raw})


def _records(decoded: list[ingest.Decoded], nlp: Language) -> Iterator[Record | str]:
    """Records of decoded releases, in order; an extraction failure yields its message instead."""
    norms = [normalise(d.raw) for d in decoded]
    for norm in norms:
        recurring_words.of(nlp).see(norm.text)
    for item, norm, doc in zip(decoded, norms, nlp.pipe(n.text for n in norms)):
        try:
            yield build_record(item, Context(norm=norm, doc=doc))
        except Exception as exc:  # one release's failure must not cost the others theirs
            yield f"extraction failed: {_where(exc)}{type(exc).__name__}: {exc}"


def _batch(batch: list[Path], nlp: Language, max_bytes: int) -> Iterator[Outcome]:
    started = time.perf_counter()
    outcomes: list[Outcome | ingest.Decoded] = []
    for path in batch:
        try:
            outcomes.append(ingest.read(path, max_bytes))
        except ingest.IngestError as exc:
            outcomes.append(Outcome(path=path, error=str(exc)))
    decoded = [o for o in outcomes if isinstance(o, ingest.Decoded)]
    results = iter(list(_records(decoded, nlp)))
    each = (time.perf_counter() - started) / len(batch)  # the model works per batch: time is shared
    for item in outcomes:
        if isinstance(item, Outcome):
            yield item
            continue
        result = next(results)
        if isinstance(result, Record):
            yield Outcome(path=item.path, record=result, seconds=each)
        else:
            yield Outcome(path=item.path, error=result, seconds=each)


def process_paths(
    paths: Iterable[Path], nlp: Language, *, max_bytes: int, batch_size: int, zone_size: int = 256
) -> Iterator[Outcome]:
    """Yield one outcome per path, in the order given; a bad file never stops the batch.

    The strings the model interns are freed after every `zone_size` releases, which
    bounds memory whatever the number of files; a zone much larger than a batch keeps
    the words the releases share from being looked up afresh every batch, and the
    words that recur from release to release are kept between zones.
    """
    paths = iter(paths)
    while zone := list(islice(paths, zone_size)):
        with nlp.memory_zone():
            for i in range(0, len(zone), batch_size):
                yield from _batch(zone[i : i + batch_size], nlp, max_bytes)
        recurring_words.of(nlp).remember()


def process_bytes(data: bytes, path: Path, config: Config) -> Record:
    """One release, from its bytes and the settings alone: what a distributed worker calls.

    Raises `ingest.IngestError` for an input that cannot be read and whatever
    an extractor raises for a bug.
    """
    if len(data) > config.max_file_bytes:
        raise ingest.IngestError(f"too large: {len(data)} bytes, the limit is {config.max_file_bytes} (max_file_bytes)")
    decoded = ingest.from_data(data, path)
    norm = normalise(decoded.raw)
    nlp = nlp_module.load(config.model, config.components)
    with nlp.memory_zone():
        return build_record(decoded, Context(norm=norm, doc=nlp(norm.text)))
