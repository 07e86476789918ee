"""What a person sees of a batch: a progress bar on a terminal, error lines, a summary table."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
from rich.progress import Progress as RichProgress
from rich.table import Table

from pipeline.batch import FIELDS, FileReport, RunReport

_err = Console(stderr=True, highlight=False)


class Progress:
    """A bar when stderr is a terminal, nothing otherwise; errors always get their line."""

    # The bar is redrawn as files finish, at most every REFRESH seconds, rather than by rich's
    # refresh thread: `--jobs` forks worker processes, and forking a process that runs a
    # thread can leave the children a lock that thread held.
    REFRESH = 0.1

    def __init__(self, total: int) -> None:
        self.bar = (
            RichProgress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                console=_err, auto_refresh=False,
            )
            if sys.stderr.isatty()
            else None
        )
        self.drawn = 0.0
        self.task = self.bar.add_task("releases", total=total) if self.bar else None

    def __enter__(self) -> Progress:
        if self.bar:
            self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.bar:
            self.bar.stop()

    def update(self, key: str, entry: FileReport) -> None:
        if entry.status == "failed":
            print(f"error: {entry.path}: {entry.error}", file=sys.stderr, flush=True)
        if self.bar:
            self.bar.advance(self.task)
            if time.monotonic() - self.drawn > self.REFRESH:
                self.bar.refresh()
                self.drawn = time.monotonic()


def summary(report: RunReport, out: Path) -> None:
    """One table on stderr: files by status, items per field, warnings, time."""
    totals = report.totals()
    table = Table(title=f"run into {out}", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for name in ("ok", "skipped", "failed", *FIELDS, "warnings"):
        table.add_row(name, str(totals.get(name, 0)))
    table.add_row("seconds", f"{report.seconds:.1f}")
    _err.print(table)
    if report.interrupted:
        _err.print("interrupted: the records written are whole; run again to resume")
