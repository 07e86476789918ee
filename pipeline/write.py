"""Canonical JSON, written so that a reader never sees half a file."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from pipeline.records import Record


def to_json(record: Record) -> str:
    """Sorted keys, two-space indent, UTF-8 as is: the same record always reads the same."""
    return json.dumps(record.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, content: str) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes it private; a record is an ordinary file
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
