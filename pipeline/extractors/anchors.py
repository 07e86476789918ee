"""Where already-extracted people stand in the matching text.

Items carry raw offsets; rules match on `ctx.text`. These helpers map a
person's mentions back to matching-text spans so a rule can ask "does a
person start here?".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from pipeline.context import Context
from pipeline.records import Mention, Person


@dataclass(frozen=True, slots=True)
class Anchor:
    """A span of `ctx.text` naming `label` (a person's or an organisation's name)."""

    start: int
    end: int
    label: str


def text_span(ctx: Context, mention: Mention) -> tuple[int, int]:
    """The matching-text span of a raw `mention` (the inverse of `ctx.mention`)."""
    to_raw = ctx.norm.to_raw
    start = bisect_left(to_raw, mention.start, hi=len(to_raw) - 1)
    end = bisect_left(to_raw, mention.end, lo=start, hi=len(to_raw) - 1)
    return start, max(end, start + 1)


def name_pattern(name: str) -> re.Pattern[str]:
    """A name as a case-insensitive pattern, spaces and hyphens loose."""
    parts = [re.escape(p) for p in re.split(r"[\s-]+", name.strip()) if p]
    return re.compile(r"\b" + r"[\s-]+".join(parts) + r"\b", re.I)


def person_anchors(ctx: Context, people: list[Person]) -> list[Anchor]:
    """Every span naming one of `people`: their mentions, and their full name wherever written."""
    anchors: set[Anchor] = set()
    for person in people:
        for mention in person.mentions:
            start, end = text_span(ctx, mention)
            anchors.add(Anchor(start, end, person.name))
        if person.name.strip():
            for m in name_pattern(person.name).finditer(ctx.text):
                anchors.add(Anchor(m.start(), m.end(), person.name))
    return sorted(anchors, key=lambda a: (a.start, -a.end))
