"""Sentence starts, by the rule of spaCy's `Sentencizer`, computed only where needed.

A sentence starts at the first token after a run of sentence-ending punctuation
that is not punctuation itself. Run as a pipeline component the rule costs a few
milliseconds a release; read from the tokens on demand it costs a tenth of one,
and only the amounts extractor asks for it.
"""

from __future__ import annotations

from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

_ENDS = frozenset(Sentencizer.default_punct_chars)


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """`[start, end)` character offsets of each sentence of `doc`, as `doc.sents` would give
    them with a sentencizer in the pipeline."""
    starts = [0]
    seen_end = False
    for token in doc:
        if token.text in _ENDS:
            seen_end = True
        elif seen_end and not token.is_punct:
            starts.append(token.i)
            seen_end = False
    ends = starts[1:] + [len(doc)]
    return [(doc[s:e].start_char, doc[s:e].end_char) for s, e in zip(starts, ends) if s < e]
