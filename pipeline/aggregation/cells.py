"""Cell accumulators: per-subject tallies behind each cell key, so k counts people, not events.

Subject tokens live only inside `Cell`; what leaves a cell is a `CellTotals`, which has the number
of distinct subjects but never the tokens themselves.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

CellKey = tuple[str, ...]


@dataclass(frozen=True)
class Contribution:
    """What one record adds to its cell (measures a metric does not use stay zero)."""

    billed_seconds: int = 0
    amount: Decimal = Decimal(0)
    page_views: int = 0
    signups: int = 0
    latency_ms: float | None = None


@dataclass
class SubjectTally:
    """Running sums of one subject's records in one cell; kept apart so erasure is exact."""

    events: int = 0
    billed_seconds: int = 0
    amount: Decimal = Decimal(0)
    page_views: int = 0
    signups: int = 0
    latencies: list[float] = field(default_factory=list)

    def add(self, contribution: Contribution) -> None:
        """Count one record."""
        self.events += 1
        self.billed_seconds += contribution.billed_seconds
        self.amount += contribution.amount
        self.page_views += contribution.page_views
        self.signups += contribution.signups
        if contribution.latency_ms is not None:
            self.latencies.append(contribution.latency_ms)

    def merge(self, other: SubjectTally) -> None:
        """Add another tally of the same subject (used for margins and totals)."""
        self.events += other.events
        self.billed_seconds += other.billed_seconds
        self.amount += other.amount
        self.page_views += other.page_views
        self.signups += other.signups
        self.latencies.extend(other.latencies)


def percentile(sorted_values: tuple[float, ...], p: float) -> float | None:
    """Nearest-rank percentile of an ascending sequence; None when it is empty."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


@dataclass(frozen=True)
class CellTotals:
    """The measures of a cell (or of a margin or total): no tokens, only counts and sums."""

    subjects: int
    events: int
    billed_seconds: int
    amount: Decimal
    page_views: int
    signups: int
    latencies: tuple[float, ...]  # ascending

    def latency(self, p: float) -> float | None:
        """Nearest-rank latency percentile."""
        return percentile(self.latencies, p)


class Cell:
    """Tallies per subject token for one cell key."""

    def __init__(self) -> None:
        self._by_subject: dict[str, SubjectTally] = {}

    def add(self, subject: str, contribution: Contribution) -> None:
        """Count one record of `subject`."""
        self._by_subject.setdefault(subject, SubjectTally()).add(contribution)

    def add_tally(self, subject: str, tally: SubjectTally) -> None:
        """Add `subject`'s running sums (merged with what the cell already has of it)."""
        self._by_subject.setdefault(subject, SubjectTally()).merge(tally)

    def forget(self, subject: str) -> bool:
        """Remove everything `subject` contributed; whether it had contributed."""
        return self._by_subject.pop(subject, None) is not None

    def __len__(self) -> int:
        return len(self._by_subject)

    def tallies(self) -> Iterator[tuple[str, SubjectTally]]:
        """(subject, tally) pairs, for contribution bounding inside the aggregation package."""
        return iter(self._by_subject.items())

    @property
    def subjects(self) -> int:
        """The number of distinct data subjects in the cell."""
        return len(self._by_subject)

    def absorb(self, other: Cell) -> None:
        """Add `other`'s tallies (subjects present in both are counted once)."""
        for subject, tally in other._by_subject.items():
            self._by_subject.setdefault(subject, SubjectTally()).merge(tally)

    def totals(self) -> CellTotals:
        """Sum over subjects."""
        tallies = self._by_subject.values()
        return CellTotals(
            subjects=len(self._by_subject),
            events=sum(t.events for t in tallies),
            billed_seconds=sum(t.billed_seconds for t in tallies),
            amount=sum((t.amount for t in tallies), Decimal(0)),
            page_views=sum(t.page_views for t in tallies),
            signups=sum(t.signups for t in tallies),
            latencies=tuple(sorted(v for t in tallies for v in t.latencies)),
        )

    @classmethod
    def union(cls, cells: Iterable[Cell]) -> Cell:
        """One cell holding all of `cells` (for margins and the window total)."""
        merged = cls()
        for cell in cells:
            merged.absorb(cell)
        return merged


class CellTable:
    """The cells of one window of one metric."""

    def __init__(self) -> None:
        self._cells: dict[CellKey, Cell] = {}

    def add(self, key: CellKey, subject: str, contribution: Contribution) -> None:
        """Count one record of `subject` in cell `key`."""
        self._cells.setdefault(key, Cell()).add(subject, contribution)

    def add_tally(self, key: CellKey, subject: str, tally: SubjectTally) -> None:
        """Add a subject's running sums for cell `key` (a window rebuilt from stored tallies)."""
        self._cells.setdefault(key, Cell()).add_tally(subject, tally)

    def forget(self, subject: str) -> int:
        """Remove `subject` from every cell (erasure); how many cells it was in."""
        removed = 0
        for key in list(self._cells):
            if self._cells[key].forget(subject):
                removed += 1
                if not self._cells[key]:
                    del self._cells[key]
        return removed

    def items(self) -> Iterator[tuple[CellKey, Cell]]:
        """Cells in key order, so releases are deterministic."""
        return iter(sorted(self._cells.items()))

    def __len__(self) -> int:
        return len(self._cells)
