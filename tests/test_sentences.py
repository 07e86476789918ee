"""Sentence bounds read from the tokens match spaCy's sentencizer, which they replace."""

from __future__ import annotations

import pytest
import spacy

from pipeline.sentences import sentence_bounds

TEXTS = [
    "Le conseil a voté. La séance est levée !",
    "Quoi ?! Déjà… Oui. « Bien sûr. » Il sourit.",
    "Une ligne\n\nPuis une autre. Et la fin",
    "Montant : 5 M€. Total : 9 M€.",
    "",
    "...",
]


@pytest.mark.parametrize("text", TEXTS)
def test_bounds_are_the_sentencizers(text: str) -> None:
    reference = spacy.blank("fr")
    reference.add_pipe("sentencizer")
    doc = reference(text)
    assert sentence_bounds(doc) == [(s.start_char, s.end_char) for s in doc.sents]
