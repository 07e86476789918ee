"""Words recurring across releases are kept tokenized between memory zones, changing no token."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.recurring_words import RecurringWords

PIECES = [
    "l'entreprise", "Saint-Étienne,", "2,5", "M€", "(Lyon)", "«", "Dupont-Aîné", "»", "aujourd'hui.", "3/4",
    "https://exemple.fr/a-b", "M.", "Mme", "etc.", "n°12", "1er", "RD-933", "contact@exemple.fr", "12h30", "l’Ain",
]


def _tokens(nlp, text: str) -> list[tuple[str, int, bool]]:
    with nlp.memory_zone():
        return [(t.text, t.idx, t.is_punct) for t in nlp.tokenizer(text)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12))
def test_remembered_words_are_tokenized_as_before(nlp, pieces) -> None:
    text = " ".join(pieces)
    before = _tokens(nlp, text)
    words = RecurringWords(nlp)
    with nlp.memory_zone():
        words.see(text)
        words.see(text)
    words.remember()
    assert set(text.split()) <= words.kept
    assert _tokens(nlp, text) == before


def test_words_of_two_releases_are_kept_and_those_of_one_freed(nlp) -> None:
    words = RecurringWords(nlp)
    with nlp.memory_zone():
        words.see("Vrelquonax signe avec Plimtharo.")
        words.see("Vrelquonax signe encore.")
    words.remember()
    assert "Vrelquonax" in words.kept and "Vrelquonax" in nlp.vocab.strings
    assert "Plimtharo." not in words.kept and "Plimtharo" not in nlp.vocab.strings


def test_no_more_words_are_kept_than_the_limit(nlp) -> None:
    words = RecurringWords(nlp, limit=2)
    for _ in range(2):
        with nlp.memory_zone():
            for _ in range(3):
                words.see("Quartzivel Quartzivel Brumelane Ostragine Ostragine")
            words.see("Quartzivel Ostragine")
        words.remember()
    assert words.kept == {"Quartzivel", "Ostragine"}
    assert "Brumelane" not in nlp.vocab.strings


def test_a_batch_keeps_the_words_its_releases_share(tmp_path: Path, nlp) -> None:
    from pipeline import recurring_words
    from pipeline.process import process_paths

    paths = []
    for i in range(3):
        paths.append(tmp_path / f"r{i}.txt")
        paths[-1].write_text(f"La société Glendrovix a signé avec Yspareth{i} à Lyon.", encoding="utf-8")
    outcomes = list(process_paths(paths, nlp, max_bytes=10_000, batch_size=1, zone_size=3))
    assert all(o.record for o in outcomes)
    assert "Glendrovix" in recurring_words.of(nlp).kept
    assert "Yspareth0" not in nlp.vocab.strings
