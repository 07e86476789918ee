from __future__ import annotations

import pytest

from pipeline.normalise import normalise

EXAMPLES = [
    # (raw, matching text)
    ("l\u2019État", "l'État"),
    ("200\u00a0000\u202f€", "200 000 €"),
    ("non\u2011stop", "non-stop"),
    ("\u201cbonjour\u201d", '"bonjour"'),
    ("ré\u00adgion", "région"),
    ("ligne\r\nsuivante", "ligne\nsuivante"),
    ("\ufeffTitre", "Titre"),
    ("« inchangé » – tiret", "« inchangé » – tiret"),
]


@pytest.mark.parametrize(("raw", "expected"), EXAMPLES, ids=[e[1] for e in EXAMPLES])
def test_matching_text(raw: str, expected: str) -> None:
    assert normalise(raw).text == expected


@pytest.mark.parametrize("raw", [e[0] for e in EXAMPLES], ids=[e[1] for e in EXAMPLES])
def test_every_span_maps_back_to_the_same_characters(raw: str) -> None:
    norm = normalise(raw)
    for start in range(len(norm.text)):
        for end in range(start + 1, len(norm.text) + 1):
            raw_start, raw_end = norm.raw_span(start, end)
            # Dropped characters may sit inside a span, never at its edges.
            assert normalise(raw[raw_start:raw_end]).text == norm.text[start:end]


def test_span_outside_the_text_is_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        normalise("abc").raw_span(2, 5)


@pytest.mark.parametrize("raw", [e[0] for e in EXAMPLES], ids=[e[1] for e in EXAMPLES])
def test_text_span_inverts_raw_span(raw: str) -> None:
    norm = normalise(raw)
    for start in range(len(norm.text)):
        for end in range(start + 1, len(norm.text) + 1):
            assert norm.text_span(*norm.raw_span(start, end)) == (start, end)
