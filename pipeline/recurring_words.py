"""Keep the tokenizer's work on the words that recur from one release to the next.

Inside a memory zone spaCy's tokenizer caches nothing: every word is split into
tokens afresh, which costs several milliseconds a release. Yet most of a release
is words every release uses ("de", "l'entreprise", "2024."). The words seen in at
least two releases of a zone are tokenized once more after it, outside any zone,
where spaCy caches them for good, up to `LIMIT` words so that memory stays flat.
The cache only saves work: the tokens are the same.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

from spacy.language import Language

# About 20 MB of lexemes and cache entries at most.
LIMIT = 50_000


class RecurringWords:
    """Counts the words of the releases of a zone; `remember` caches the recurring ones."""

    def __init__(self, nlp: Language, limit: int = LIMIT) -> None:
        self.nlp = nlp
        self.limit = limit
        self.kept: set[str] = set()
        self.counts: Counter[str] = Counter()

    def see(self, text: str) -> None:
        # The tokenizer splits on white space first and caches each piece between: these words.
        self.counts.update(set(text.split()) - self.kept)

    def remember(self) -> None:
        """Tokenize, outside any memory zone, the words seen in two releases or more since the last call."""
        for word, count in self.counts.most_common(max(0, self.limit - len(self.kept))):
            if count < 2:
                break
            self.kept.add(word)
            self.nlp.tokenizer(word)
        self.counts.clear()


@cache
def of(nlp: Language) -> RecurringWords:
    """The one counter of a loaded model: its limit holds for the life of the process."""
    return RecurringWords(nlp)
