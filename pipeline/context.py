"""What every extractor reads: the matching text, the spaCy doc, grounded spans."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.normalise import Normalised
from pipeline.records import Mention


@dataclass(frozen=True, slots=True)
class Context:
    """One release as the extractors see it.

    Extractors match on `text` (the normalised text, which `doc` was built
    from) and turn a `[start, end)` span of it into a grounded `Mention` with
    `mention()`: its offsets and text are then those of the raw text.
    """

    norm: Normalised
    doc: Doc

    @property
    def text(self) -> str:
        return self.norm.text

    @property
    def raw(self) -> str:
        return self.norm.raw

    def mention(self, start: int, end: int) -> Mention:
        raw_start, raw_end = self.norm.raw_span(start, end)
        return Mention(text=self.raw[raw_start:raw_end], start=raw_start, end=raw_end)

    def text_span(self, mention: Mention) -> tuple[int, int]:
        """Where a grounded `mention` stands in `text`: the inverse of `mention()`."""
        return self.norm.text_span(mention.start, mention.end)

    def raw_bounds(self, start: int, end: int) -> dict[str, int | str]:
        """The `text`/`start`/`end` fields of an item spanning `[start, end)`."""
        raw_start, raw_end = self.norm.raw_span(start, end)
        return {"text": self.raw[raw_start:raw_end], "start": raw_start, "end": raw_end}
