"""How a bench run talks to people: progress on stderr, result tables on stdout.

Nothing here sees an event: the tables are built from `BenchResult`, which holds counts only.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.bench.results import BenchResult, SideResult

Advance = Callable[[int], None]


class ProgressSink(Protocol):
    """Where the runner announces phases; `phase` yields a callback advancing by n items."""

    def phase(self, name: str, total: int | None = None) -> AbstractContextManager[Advance]:
        """Announce a phase of `total` items (None: not counted) lasting for the block."""
        ...


class SilentProgress:
    """Reports nothing; for tests and library use."""

    @contextmanager
    def phase(self, name: str, total: int | None = None) -> Iterator[Advance]:
        """Yield a no-op advance callback."""
        yield lambda n: None


class LineProgress:
    """One line when a phase starts and one when it ends; for logs and pipes (no TTY)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        """Write to `stream`, stderr by default (stdout carries the result tables)."""
        self._stream = stream if stream is not None else sys.stderr

    @contextmanager
    def phase(self, name: str, total: int | None = None) -> Iterator[Advance]:
        """Print the phase name, then its duration once the block ends."""
        count = f" ({total})" if total is not None else ""
        print(f"bench: {name}{count} …", file=self._stream, flush=True)
        started = time.perf_counter()
        yield lambda n: None
        elapsed = time.perf_counter() - started
        print(f"bench: {name} done in {elapsed:.2f} s", file=self._stream, flush=True)


class RichProgress:
    """A rich progress bar per phase on stderr, for interactive terminals."""

    def __init__(self, console: Console | None = None) -> None:
        """Draw on `console`, a stderr console by default."""
        self._console = console if console is not None else Console(stderr=True)

    @contextmanager
    def phase(self, name: str, total: int | None = None) -> Iterator[Advance]:
        """Show a bar (a spinner-like running bar when `total` is None) until the block ends."""
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self._console,
            transient=False,
        ) as progress:
            task = progress.add_task(name, total=total)
            yield lambda n: progress.advance(task, n)
            if total is not None:
                progress.update(task, completed=total)


def default_progress() -> ProgressSink:
    """A bar when stderr is a terminal, a line per phase otherwise."""
    return RichProgress() if sys.stderr.isatty() else LineProgress()


def _mb(value: float) -> str:
    return f"{value:.0f}"


def summary_table(result: BenchResult) -> Table:
    """One row per side: throughput, ratio, survival and memory."""
    table = Table(title="PII bench (one core)")
    for column in ("side", "events", "seconds", "events/s", "ratio", "load s"):
        table.add_column(column, justify="right" if column != "side" else "left")
    for column in ("planted values", "surviving", "surviving %", "rejected", "peak RSS MB"):
        table.add_column(column, justify="right")
    ratio = result.ratio
    for side in (result.engine, result.baseline):
        side_ratio = "1.0×" if side.side == "baseline" else "n/a"
        if side.side == "engine" and ratio is not None:
            side_ratio = f"{ratio:.1f}×"
        table.add_row(
            side.side,
            str(side.events),
            f"{side.seconds:.2f}",
            f"{side.events_per_s:.1f}",
            side_ratio,
            f"{side.load_seconds:.2f}",
            str(side.planted),
            str(side.surviving),
            f"{side.surviving_pct:.1f}",
            str(side.rejected),
            _mb(side.peak_rss_mb),
        )
    return table


def by_type_table(result: BenchResult) -> Table:
    """Surviving planted values per entity type, for each side (`surviving/planted`)."""
    table = Table(title="Surviving/planted by type")
    table.add_column("entity type")
    sides: tuple[SideResult, ...] = (result.engine, result.baseline)
    for side in sides:
        table.add_column(side.side, justify="right")
    types = sorted({t for side in sides for t in side.planted_by_type})
    for entity_type in types:
        cells = [
            f"{side.surviving_by_type.get(entity_type, 0)}/"
            f"{side.planted_by_type.get(entity_type, 0)}"
            for side in sides
        ]
        table.add_row(entity_type, *cells)
    return table


def print_report(result: BenchResult, console: Console | None = None) -> None:
    """Print both tables, on stdout by default."""
    out = console if console is not None else Console()
    if not out.is_terminal:
        # Piped to a file or CI log rich assumes 80 columns and wraps every header of the
        # eleven-column table; a log has no width limit, so give the table the room it needs.
        out.width = max(out.width, 160)
    out.print(summary_table(result))
    out.print(by_type_table(result))
