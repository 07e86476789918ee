"""A matching text for the extractors, with the way back to the raw text.

Rules and the model see one spelling of apostrophes, spaces and dashes; every
character of the matching text remembers the raw character it came from, so a
span found in the matching text maps back to the exact raw span.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

# One spelling per family. A value of "" drops the character (invisible ones).
_REPLACEMENTS: dict[str, str] = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u2002": " ", "\u2003": " ",
    "\u200a": " ", "\u3000": " ", "\t": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-",
    "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
    "\r": "",
}


@dataclass(frozen=True, slots=True)
class Normalised:
    """`text` for matching; `to_raw[i]` is the raw index of `text[i]`.

    `to_raw` has one more entry than `text`, so that an end offset maps too.
    """

    raw: str
    text: str
    to_raw: tuple[int, ...]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        r"""Map a matching-text span `[start, end)` to the raw text.

        >>> n = normalise("l\u2019an\u00a02024")
        >>> n.text
        "l'an 2024"
        >>> n.raw_span(5, 9)
        (5, 9)
        """
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) outside a text of {len(self.text)}")
        return self.to_raw[start], self.to_raw[end - 1] + 1

    def text_span(self, raw_start: int, raw_end: int) -> tuple[int, int]:
        r"""The matching-text span a raw span was made from: the inverse of `raw_span`.

        >>> n = normalise("a\r\nb c")
        >>> n.text_span(3, 6), n.raw_span(*n.text_span(3, 6))
        ((2, 5), (3, 6))
        """
        start = bisect_left(self.to_raw, raw_start, hi=len(self.text))
        end = bisect_left(self.to_raw, raw_end, lo=start, hi=len(self.text))
        return start, max(end, start + 1)


def normalise(raw: str) -> Normalised:
    r"""Build the matching text of `raw`.

    >>> normalise("a\u00adb\r\nc").text
    'ab\nc'
    """
    chars: list[str] = []
    to_raw: list[int] = []
    for i, ch in enumerate(raw):
        out = _REPLACEMENTS.get(ch, ch)
        for piece in out:
            chars.append(piece)
            to_raw.append(i)
    to_raw.append(len(raw))
    return Normalised(raw=raw, text="".join(chars), to_raw=tuple(to_raw))
