"""Event-time watermarks per partition and metric, kept in the window store (["c", p, metric]).

`high` is the largest event time seen, either in the partition's observations or in the ticks
every observer broadcasts to all partitions (a partition holding an older window sees no newer
events of its own). A window closes when `mark` >= window end + allowed lateness, where `mark`
is `high`, or, when the observer reports the metric quiet (no record for `idle` of wall time),
`high` plus the wall time since `high` last moved: a quiet stream's windows close on the clock,
a replay of old data is not cut off by it. `mark` only moves forward; a record for a closed
window is late and dropped.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from datetime import datetime, timedelta
from typing import Any

from pipeline.aggregation.layout import key
from pipeline.aggregation.metrics import MetricName
from pipeline.aggregation.windows import Window, WindowSpec, parse_timestamp


class Watermarks:
    """The clocks of `store`, for windows cut by `windows` (metric -> spec)."""

    def __init__(
        self, store: MutableMapping[str, Any], windows: Mapping[MetricName, WindowSpec]
    ) -> None:
        self.store = store
        self.windows = windows

    def clock(self, partition: int, metric: str) -> dict[str, Any]:
        """The partition's clock of `metric` (a copy: change it, then `save`)."""
        value = self.store.get(key("c", partition, metric))
        return dict(value) if value else {"high": None, "high_wall": None, "mark": None}

    @staticmethod
    def raise_to(clock: dict[str, Any], at: datetime, wall: float) -> None:
        """Event time `at` was seen (at wall time `wall`): high and mark move up to it."""
        high = parse_timestamp(clock["high"])
        if high is None or at > high:
            clock["high"], clock["high_wall"] = at.isoformat(), wall
        mark = parse_timestamp(clock["mark"])
        if mark is None or at > mark:
            clock["mark"] = at.isoformat()

    @staticmethod
    def extend(clock: dict[str, Any], wall: float) -> None:
        """The metric is quiet: the mark follows the wall clock from `high`."""
        high = parse_timestamp(clock["high"])
        if high is None or clock["high_wall"] is None:
            return
        moment = high + timedelta(seconds=max(0.0, wall - float(clock["high_wall"])))
        mark = parse_timestamp(clock["mark"])
        if mark is None or moment > mark:
            clock["mark"] = moment.isoformat()

    def save(self, partition: int, metric: str, clock: dict[str, Any]) -> None:
        """Store the clock (only when it changed: every write goes to the changelog)."""
        name = key("c", partition, metric)
        if self.store.get(name) != clock:
            self.store[name] = clock

    def closed(self, partition: int, metric: MetricName, window: Window) -> bool:
        """Whether the partition's mark has passed the window's end plus the lateness."""
        mark = parse_timestamp(self.clock(partition, metric)["mark"])
        return mark is not None and self.windows[metric].closes_at(window) <= mark
