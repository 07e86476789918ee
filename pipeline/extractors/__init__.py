"""One module per field. Each exposes a pure `extract(ctx, ...)` returning a `Found`.

Modules keep their French knowledge as data under `patterns/` and their
machinery in code; spans come from the matching text and are grounded with
`Context.mention()` / `Context.raw_bounds()`.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil


def load_tables() -> None:
    """Build now every table the extractors otherwise build on first use (patterns, word
    lists, the territory reference): what each module's argument-less cached functions
    return. A parent process does it once before forking its workers, which then share
    the tables instead of each spending a second or two building its own."""
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for value in list(vars(module).values()):
            if hasattr(value, "cache_info") and getattr(value, "__module__", None) == module.__name__:
                if not inspect.signature(value).parameters:
                    value()
