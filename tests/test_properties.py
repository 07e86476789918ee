"""Property tests: any text or bytes, and every stage keeps its promises."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest import IngestError, from_data
from pipeline.normalise import normalise
from pipeline.process import build_record

# French-looking text: letters, digits, the punctuation and spaces releases use.
_PIECES = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèêàâçôûîïÉÈÀ0123456789")
    + list(" \n\t.,;:!?()/-–—'’«»\"€$%&@#*")
    + ["\u00a0", "\u202f", "\u00ad", "\ufeff", "\r"]
    + [" M€", " millions d'euros", " le ", " 2024", " janvier ", " mars", "Région ", "Conseil départemental de ",
       " Jean Dupont", ", président de ", " (31)", " ; ", "Tél : 05 ", "lundi ", "1er ", " à Toulouse", " €"]
)
# French-looking text: letters, digits, the punctuation and spaces releases use, and words that trigger rules.
FRENCH = st.lists(_PIECES, max_size=120).map("".join)

# Deeper runs: `pytest tests/test_properties.py --hypothesis-profile=deep`.
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@given(st.text(max_size=300))
def test_normalise_maps_every_span_back(raw: str) -> None:
    norm = normalise(raw)
    assert len(norm.to_raw) == len(norm.text) + 1
    assert list(norm.to_raw) == sorted(norm.to_raw)
    for start in range(0, len(norm.text), 7):
        raw_start, raw_end = norm.raw_span(start, min(len(norm.text), start + 5))
        assert 0 <= raw_start < raw_end <= len(raw)


@given(st.binary(max_size=2000))
@settings(deadline=None)
def test_ingest_never_crashes_on_bytes(data: bytes) -> None:
    for name in ("x.txt", "x.html", "x.pdf"):
        try:
            decoded = from_data(data, Path(name))
        except IngestError as exc:
            assert str(exc)
        else:
            assert decoded.raw.strip()


@given(FRENCH)
@SETTINGS
def test_every_extractor_keeps_spans_grounded(make_ctx, text: str) -> None:
    ctx = make_ctx(text)
    from pipeline.ingest import Decoded

    decoded = Decoded(path=Path("p.txt"), raw=text, encoding="utf-8", sha256="0" * 64)
    # build_record validates every span against the raw text, or raises.
    record = build_record(decoded, ctx)
    for item in [*record.amounts, *record.dates, *record.quotes]:
        assert text[item.start : item.end] == item.text
    for entity in [*record.organizations, *record.people, *record.territories, *record.contacts]:
        for m in entity.mentions:
            assert text[m.start : m.end] == m.text
