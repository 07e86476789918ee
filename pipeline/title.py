"""The release's title: its first line of prose, past headers and boilerplate."""

from __future__ import annotations

import re

from pipeline.records import Mention

# Lines that open releases without being their title.
_NOT_TITLE = re.compile(
    r"^(communiqu[ée] de presse|communiqu[ée]|cp|presse|dossier de presse|information presse|vos contacts)\W*$",
    re.I,
)
_HEADER_DATE = re.compile(r"^date\s+\d{4}(-\d{2}){0,2}\s+", re.I)
_MIN_WORDS = 3
_MARKUP = re.compile(r"^[#>*\s-]+|[*_]{2}")


def find_title(text: str, skip: Mention | None = None) -> str | None:
    """First line that reads as a title; `skip` is the issue date, never part of a title.

    What is left of the dateline's line ("Lyon, le") is no title either: a
    title has at least three words.

    >>> find_title("COMMUNIQUÉ DE PRESSE\\n\\n# Un titre **fort**\\nCorps.")
    'Un titre fort'
    >>> find_title(" date 2025-06 Région : un titre")
    'Région : un titre'
    >>> find_title("Lyon, le 2 mai 2024\\nLe titre du jour", Mention(text="2 mai 2024", start=9, end=19))
    'Le titre du jour'
    """
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if skip is not None and start <= skip.start < pos:
            line = line[: skip.start - start] + line[skip.end - start :]
        line = _MARKUP.sub("", _HEADER_DATE.sub("", line.strip())).strip()
        if len(line.split()) >= _MIN_WORDS and not _NOT_TITLE.match(line):
            return line
    return None
