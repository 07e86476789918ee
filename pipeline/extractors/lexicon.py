"""Loading the French knowledge kept as data, and turning word lists into regex pieces."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

PATTERNS = Path(__file__).resolve().parent / "patterns"


def load_yaml(name: str) -> Any:
    """The data file `patterns/<name>`."""
    return yaml.safe_load((PATTERNS / name).read_text(encoding="utf-8"))


def alternation(words: Iterable[str], space: str | None = r"\s+") -> str:
    """A regex alternation of `words`, longest first so the longest form wins.

    A space inside a word matches `space` (any run of white space by default;
    None keeps it literal). An empty list gives a pattern that never matches.

    >>> alternation(["M€", "millions d'euros", "M"])
    "millions\\\\s+d'euros|M€|M"
    >>> re.fullmatch(alternation([]), "")
    """
    forms = sorted(set(words), key=lambda w: (-len(w), w))
    escaped = (re.escape(w) if space is None else re.escape(w).replace(r"\ ", space) for w in forms)
    return "|".join(escaped) or "(?!)"
