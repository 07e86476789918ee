"""The uniform result of an extractor: its items, and what it wants an analyst to know."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pipeline.records import Mention

T = TypeVar("T")


@dataclass(frozen=True)
class Found(Generic[T]):
    items: list[T]
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DatesFound(Found[T]):
    """Dates also settle the issue date, which resolves every partial date."""

    doc_date: str | None = None
    doc_date_line: Mention | None = None  # the dateline or header it was read from
