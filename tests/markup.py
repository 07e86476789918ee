"""Inline markup for span tests: `le <e value='2021-09-04'>04/09/2021</e>`.

`parse()` returns the plain text and, per marked span, its offsets in that
text and its attributes, so one readable line checks text, offsets and value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TAG = re.compile(r"""<e((?:\s+\w+=(?:'[^']*'|"[^"]*"))*)>(.*?)</e>""", re.S)
_ATTR = re.compile(r"""(\w+)=(?:'([^']*)'|"([^"]*)")""")  # double quotes when the value holds an apostrophe


@dataclass(frozen=True)
class Marked:
    text: str
    start: int
    end: int
    attrs: dict[str, str]


def parse(markup: str) -> tuple[str, list[Marked]]:
    """
    >>> parse("le <e value='2021'>en 2021</e>.")
    ('le en 2021.', [Marked(text='en 2021', start=3, end=10, attrs={'value': '2021'})])
    """
    out: list[str] = []
    marks: list[Marked] = []
    pos = 0
    length = 0
    for m in _TAG.finditer(markup):
        before = markup[pos : m.start()]
        out.append(before)
        length += len(before)
        inner = m.group(2)
        marks.append(Marked(inner, length, length + len(inner), {k: v1 or v2 for k, v1, v2 in _ATTR.findall(m.group(1))}))
        out.append(inner)
        length += len(inner)
        pos = m.end()
    out.append(markup[pos:])
    return "".join(out), marks
