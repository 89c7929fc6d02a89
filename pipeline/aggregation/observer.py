"""`Observer`: sanitized records -> engine messages, and the watermark ticks.

Each record gives one message per metric of its stream: an `Observe` keyed `metric|window
start` (so every record of one window of one metric lands on one partition of whatever carries
the messages), or a `Drop` when the record is unusable. The observer remembers, per metric, the
largest event time it saw and when it last saw a record, which is what a `Tick` reports.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime

from pipeline.aggregation.messages import Drop, Message, Observe, Tick
from pipeline.aggregation.metrics import METRICS, MetricName, Unusable
from pipeline.aggregation.settings import AggregationSettings
from pipeline.aggregation.windows import iso


def routing_key(metric: str, start: str) -> bytes:
    """The key of a metric's messages: all records of one window of one metric share it."""
    return f"{metric}|{start}".encode()


class Observer:
    """Sanitized records -> messages; remembers per metric what a tick reports."""

    def __init__(self, settings: AggregationSettings) -> None:
        self.metrics = settings.metrics
        self.windows = {metric: settings.window_spec(metric) for metric in self.metrics}
        self.idle_s = settings.idle.total_seconds()
        self.dp_metrics = frozenset(settings.dp_metrics)
        self.highs: dict[MetricName, datetime] = {}
        self._last: dict[MetricName, float] = {}
        self.unusable: Counter[str] = Counter()

    def started(self, stream: str, wall: float) -> None:
        """The stream is being consumed: quiet time counts from now."""
        for metric in self.metrics:
            if METRICS[metric].stream == stream:
                self._last.setdefault(metric, wall)

    def observe(
        self, stream: str, value: bytes | None, source: str, offset: int, wall: float
    ) -> list[tuple[bytes, Message]]:
        """The messages one sanitized record (JSON bytes) gives."""
        try:
            record = json.loads(value) if value is not None else None
        except ValueError:
            record = None
        out: list[tuple[bytes, Message]] = []
        for metric in self.metrics:
            spec = METRICS[metric]
            if spec.stream != stream:
                continue
            self._last[metric] = wall
            try:
                if not isinstance(record, dict):
                    raise Unusable("invalid")
                seen = spec.observe(record)
            except Unusable as unusable:
                self.unusable[unusable.reason] += 1
                out.append(
                    (routing_key(metric, "drops"), Drop(metric, unusable.reason, source, offset))
                )
                continue
            start = iso(self.windows[metric].window_of(seen.at).start)
            observation = Observe(
                metric=metric,
                at=seen.at.isoformat(),
                cell=tuple(seen.key),
                subject=seen.subject,
                contribution=seen.contribution,
                source=source,
                offset=offset,
                wall=wall,
            )
            route = start[:10] if metric in self.dp_metrics else start  # dp: a day's ledger
            out.append((routing_key(metric, route), observation))
            if metric not in self.highs or seen.at > self.highs[metric]:
                self.highs[metric] = seen.at
        return out

    def tick(self, wall: float) -> Tick:
        """The watermark message every partition gets: highs, and which metrics are quiet."""
        quiet = [m for m, last in self._last.items() if wall - last >= self.idle_s]
        return Tick(
            wall=wall,
            highs={m: at.isoformat() for m, at in self.highs.items()},
            quiet=tuple(sorted(quiet)),
        )
