"""Windowed aggregation without a broker: one-shot per window, or fed record by record."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any, Protocol

from pipeline.aggregation.cells import CellTable
from pipeline.aggregation.metrics import METRICS, DropReason, MetricName, MetricSpec, Unusable
from pipeline.aggregation.release import DOMINANCE, Release, release_window
from pipeline.aggregation.validation import ReleaseValidator
from pipeline.aggregation.windows import Window, WindowClock, WindowSpec


class Consent(Protocol):
    """Whether a subject's record at a given time may count towards a metric."""

    def admits(self, metric: MetricName, subject: str, at: datetime) -> bool:
        """False excludes the record (do-not-share for ads, under 13 everywhere)."""
        ...


@dataclass
class _Open:
    table: CellTable
    dropped: Counter[str]


@cache
def default_validator() -> ReleaseValidator:
    """The validator over the repository's schemas/, read once."""
    return ReleaseValidator.from_directory()


class Aggregator:
    """Open windows of one metric; each window is released exactly once, when it closes.

    Records are assigned by event time. A record whose window has already closed is counted as
    dropped-late (in the window that is open next to release) and never changes a release.
    """

    def __init__(
        self,
        metric: MetricName,
        *,
        k: int | None = None,
        lateness: timedelta = timedelta(0),
        size: timedelta | None = None,
        validator: ReleaseValidator | None = None,
        consent: Consent | None = None,
    ) -> None:
        self.spec: MetricSpec = METRICS[metric]
        self.k = self.spec.default_k if k is None else k
        self.clock = WindowClock(WindowSpec(size or self.spec.window, lateness))
        self._validator = validator or default_validator()
        self._consent = consent
        self._open: dict[Window, _Open] = {}
        self.pending_drops: Counter[str] = Counter()  # drops not attributable to an open window

    def _drop(self, reason: DropReason, window: Window | None = None) -> None:
        if window is not None and window in self._open:
            self._open[window].dropped[reason] += 1
        else:
            self.pending_drops[reason] += 1

    def add(self, record: Mapping[str, Any]) -> list[Release]:
        """Count one sanitized record; returns the releases of windows that closed because of it."""
        try:
            seen = self.spec.observe(record)
        except Unusable as unusable:
            self._drop(unusable.reason)
            return []
        window = self.clock.spec.window_of(seen.at)
        if self.clock.is_closed(window):
            self._drop("late")
            return []
        self.clock.advance(seen.at)
        if self._consent is not None and not self._consent.admits(
            self.spec.name, seen.subject, seen.at
        ):
            self._drop("consent", window)
            return self.due()
        state = self._open.setdefault(window, _Open(CellTable(), Counter()))
        state.table.add(seen.key, seen.subject, seen.contribution)
        return self.due()

    def advance(self, moment: datetime) -> list[Release]:
        """Move the watermark (e.g. from wall-clock time) and release what closed."""
        self.clock.advance(moment)
        return self.due()

    def forget(self, subject: str) -> int:
        """Erase `subject` from every open window; how many cells it was removed from."""
        return sum(state.table.forget(subject) for state in self._open.values())

    def due(self) -> list[Release]:
        """Release, once, every open window that has closed, oldest first."""
        releases = []
        for window in sorted(w for w in self._open if self.clock.is_closed(w)):
            state = self._open.pop(window)
            dropped = state.dropped + self.pending_drops
            self.pending_drops = Counter()
            releases.append(
                release_window(self.spec, window, state.table, self.k, self._validator, dropped)
            )
        return releases

    def open_windows(self) -> list[Window]:
        """Windows that still take records."""
        return sorted(self._open)


def aggregate_window(
    records: Iterable[Mapping[str, Any]],
    metric: MetricName,
    k: int | None = None,
    *,
    window: Window | None = None,
    validator: ReleaseValidator | None = None,
    consent: Consent | None = None,
    dominance: tuple[int, float] | None = DOMINANCE,
) -> Release:
    """Aggregate the records of one window and apply the release rule.

    The window is `window`, or else the window of the first record with a usable timestamp;
    records of other windows, and records without a timestamp or subject, are counted as dropped.
    """
    spec = METRICS[metric]
    k = spec.default_k if k is None else k
    windows = WindowSpec(spec.window)
    table = CellTable()
    dropped: Counter[str] = Counter()
    for record in records:
        try:
            seen = spec.observe(record)
        except Unusable as unusable:
            dropped[unusable.reason] += 1
            continue
        window = window or windows.window_of(seen.at)
        if not window.contains(seen.at):
            dropped["other_window"] += 1
        elif consent is not None and not consent.admits(metric, seen.subject, seen.at):
            dropped["consent"] += 1
        else:
            table.add(seen.key, seen.subject, seen.contribution)
    if window is None:
        raise ValueError("no record has a usable timestamp and no window was given")
    validator = validator or default_validator()
    return release_window(spec, window, table, k, validator, dropped, dominance)
