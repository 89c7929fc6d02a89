"""Aggregation without a broker: record by record on the engine (`Aggregator`, what the file
command uses), and `aggregate_window`, one window at once - kept apart from the engine on
purpose: the tests use it as the oracle the engine (and the streaming aggregator) must match."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from functools import cache
from typing import Any, Protocol

from pipeline.aggregation.cells import CellTable
from pipeline.aggregation.engine import Pending, WindowStore
from pipeline.aggregation.messages import Message, Tick
from pipeline.aggregation.metrics import METRICS, MetricName, MetricSpec, Unusable
from pipeline.aggregation.observer import Observer
from pipeline.aggregation.release import DOMINANCE, Release, release_window
from pipeline.aggregation.settings import AggregationSettings
from pipeline.aggregation.validation import ReleaseValidator
from pipeline.aggregation.windows import Window, WindowSpec


class Consent(Protocol):
    """Whether a subject's record at a given time may count towards a metric."""

    def admits(self, metric: MetricName, subject: str, at: datetime) -> bool:
        """False excludes the record (do-not-share for ads, under 13 everywhere)."""
        ...


@cache
def default_validator() -> ReleaseValidator:
    """The validator over the repository's schemas/, read once."""
    return ReleaseValidator.from_directory()


class _Admits:
    """A `Consent` (or none) as the engine's `ConsentView`."""

    def __init__(self, consent: Consent | None) -> None:
        self._consent = consent

    def admits(self, metric: str, subject: str, at: datetime) -> bool:
        if self._consent is None:
            return True
        for name in METRICS:
            if name == metric:
                return self._consent.admits(name, subject, at)
        return False

    def blocked(self, subject: str) -> str | None:
        return None


class Aggregator:
    """Open windows of one metric, record by record, on the one engine (`WindowStore`) over an
    in-memory store; each window is released exactly once, when it closes.

    Records are assigned by event time. A record whose window has already closed is counted as
    dropped-late (in the window that is open next to release) and never changes a release.
    """

    SOURCE = "input"

    def __init__(
        self,
        metric: MetricName,
        *,
        k: int | None = None,
        lateness: timedelta = timedelta(0),
        size: timedelta | None = None,
        validator: ReleaseValidator | None = None,
        consent: Consent | None = None,
        dominance: tuple[int, float] = DOMINANCE,
    ) -> None:
        self.spec: MetricSpec = METRICS[metric]
        self.k = self.spec.default_k if k is None else k
        settings = AggregationSettings(
            metrics=(metric,),
            window_size=size,
            allowed_lateness=lateness,
            k_analytics=self.k,
            k_ads=self.k,
            dominance={metric: dominance},
        )
        self.observer = Observer(settings)
        self.store: dict[str, Any] = {}
        self.engine = WindowStore(
            settings, self.store, _Admits(consent), validator or default_validator()
        )
        self._offset = 0

    def _apply(self, message: Message) -> list[Pending]:
        released = self.engine.handle(0, message)
        for pending in released:
            self.engine.finish(pending)
        return released

    def add(self, record: Mapping[str, Any]) -> list[Pending]:
        """Count one sanitized record; the releases of windows that closed because of it."""
        value = json.dumps(record).encode()
        self._offset += 1
        released: list[Pending] = []
        for _, message in self.observer.observe(
            self.spec.stream, value, self.SOURCE, self._offset, 0.0
        ):
            released += self._apply(message)
        return released

    def advance(self, moment: datetime) -> list[Pending]:
        """Move the watermark (e.g. from wall-clock time) and release what closed."""
        return self._apply(Tick(wall=0.0, highs={self.spec.name: moment.isoformat()}))

    def forget(self, subject: str) -> int:
        """Erase `subject` from every open window; how many cells it was removed from."""
        return self.engine.forget(0, subject)

    @property
    def pending_drops(self) -> dict[str, int]:
        """Drops not attributable to an open window (reported with the next release)."""
        return self.engine.pending_drops(0, self.spec.name)

    def open_windows(self) -> list[tuple[str, str]]:
        """(metric, start) of the windows that still take records."""
        return self.engine.open_windows(0)


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
