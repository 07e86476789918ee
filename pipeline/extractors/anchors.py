"""Where already-extracted items stand in the matching text.

Items carry raw offsets; rules match on `ctx.text` (`ctx.text_span` maps a raw
mention back). Anchors tell a rule who or what is named at a place
("does a person start here?").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.context import Context
from pipeline.records import Organization, Person


@dataclass(frozen=True, slots=True)
class Anchor:
    """A span of `ctx.text` naming `label` (a person's or an organisation's name)."""

    start: int
    end: int
    label: str


_LOOSE = r"[\s-]+"  # between the words of a name


@lru_cache(maxsize=64)
def names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern for `names`, spaces and hyphens loose; group `n<i>` is `names[i]`.

    >>> m = names_pattern(("Anne Le Gall", "Paul Roux")).search("avec ANNE LE-GALL")
    >>> m.group(), m.lastgroup
    ('ANNE LE-GALL', 'n0')
    """
    alternatives = []
    for i in sorted(range(len(names)), key=lambda i: -len(names[i])):  # the longest name first
        parts = [re.escape(p) for p in re.split(r"[\s-]+", names[i].strip()) if p]
        alternatives.append(f"(?P<n{i}>{_LOOSE.join(parts)})")
    return re.compile(rf"\b(?:{'|'.join(alternatives) or '(?!)'})\b", re.I)


def person_anchors(ctx: Context, people: list[Person]) -> list[Anchor]:
    """Every span naming one of `people`: their mentions, and their full name wherever written."""
    anchors = {Anchor(*ctx.text_span(m), person.name) for person in people for m in person.mentions}
    names = tuple(dict.fromkeys(p.name for p in people if p.name.strip()))
    for m in names_pattern(names).finditer(ctx.text):
        anchors.add(Anchor(m.start(), m.end(), names[int(m.lastgroup[1:])]))
    return sorted(anchors, key=lambda a: (a.start, -a.end))


def org_anchors(ctx: Context, organizations: list[Organization]) -> list[Anchor]:
    """Every mention of `organizations`, labelled with the raw text it was written as."""
    anchors = set()
    for org in organizations:
        for mention in org.mentions:
            anchors.add(Anchor(*ctx.text_span(mention), mention.text))
    return sorted(anchors, key=lambda a: (a.start, -a.end))
