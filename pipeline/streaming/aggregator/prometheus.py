"""Prometheus metrics of the aggregator: windows open, released, cells suppressed, records
dropped late, the watermark's lag behind the wall clock, how late a window is released after it
ends, build and config version, reloads, process metrics, health.

Counts and metric names only; never a cell's content or a subject.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from pipeline.aggregation.engine import WindowStore
from pipeline.aggregation.windows import parse_timestamp
from pipeline.observability.build import BuildInfo, add_process_metrics
from pipeline.observability.endpoint import Health, MetricsServer
from pipeline.streaming.reload import reload_counter


def open_windows(windows: WindowStore, partitions: Iterable[int]) -> dict[str, int]:
    """Per metric, the windows of `partitions` not yet released (0 for the metric's none)."""
    counts: dict[str, int] = dict.fromkeys(windows.windows, 0)
    for partition in partitions:
        for metric, _ in windows.open_windows(partition):
            counts[metric] = counts.get(metric, 0) + 1
    return counts


def watermark_lags(windows: WindowStore, partitions: Iterable[int], now: float) -> dict[str, float]:
    """Per metric, seconds from the oldest watermark of `partitions` to `now` (wall clock): how
    far event time (what closes windows) is behind on the slowest partition."""
    lags: dict[str, float] = {}
    for partition in partitions:
        for metric in windows.metrics:
            mark = parse_timestamp(windows.marks.clock(partition, metric)["mark"])
            if mark is not None:
                lags[metric] = max(lags.get(metric, 0.0), max(0.0, now - mark.timestamp()))
    return lags


class AggregatorMetrics:
    """The aggregator's series in a private registry."""

    def __init__(
        self,
        open_windows: Callable[[], dict[str, int]] | None = None,
        watermark_lags: Callable[[], dict[str, float]] | None = None,
    ) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        add_process_metrics(r)
        self.build = BuildInfo(r, "aggregator")
        self.reloads = reload_counter(r)
        self.health = Health()
        self.windows_released = Counter(
            "pii_aggregate_windows_released", "Windows released", ["metric"], registry=r
        )
        self.cells_released = Counter(
            "pii_aggregate_cells_released", "Cells published", ["metric"], registry=r
        )
        self.cells_suppressed = Counter(
            "pii_aggregate_cells_suppressed",
            "Cells suppressed (fewer than k subjects, or complementary)",
            ["metric"],
            registry=r,
        )
        self.release_delay = Histogram(
            "pii_aggregate_release_delay_seconds",
            "Wall-clock time between a window's end and its release (watermark lag + lateness)",
            ["metric"],
            buckets=(60, 300, 600, 1800, 3600, 7200, 21600, 86400),
            registry=r,
        )
        self.records_late = Counter(
            "pii_aggregate_records_late",
            "Records not counted because their window had closed (reports count them with the "
            "partition's next release of the metric)",
            ["metric"],
            registry=r,
        )
        self.windows_open = Gauge(
            "pii_aggregate_windows_open", "Windows open on this member", ["metric"], registry=r
        )
        self.watermark_lag = Gauge(
            "pii_aggregate_watermark_lag_seconds",
            "Wall clock minus the event-time watermark (oldest of this member's partitions)",
            ["metric"],
            registry=r,
        )
        self._open = open_windows
        self._lags = watermark_lags

    def released(self, metric: str, window_end: datetime, report: dict[str, int]) -> None:
        """Count one released window from its report."""
        self.windows_released.labels(metric).inc()
        self.cells_released.labels(metric).inc(int(report.get("released", 0)))
        self.cells_suppressed.labels(metric).inc(int(report.get("suppressed", 0)))
        self.release_delay.labels(metric).observe(max(0.0, time.time() - window_end.timestamp()))

    def late(self, counts: dict[str, int]) -> None:
        """Count records dropped late (committed: after the batch's transaction)."""
        for metric, n in counts.items():
            self.records_late.labels(metric).inc(n)

    def refresh(self) -> None:
        """Update the open-window and watermark-lag gauges (each loop round)."""
        if self._open is not None:
            for metric, count in self._open().items():
                self.windows_open.labels(metric).set(count)
        if self._lags is not None:
            for metric, lag in self._lags().items():
                self.watermark_lag.labels(metric).set(lag)

    def serve(self, port: int, host: str = "127.0.0.1", *, optional: bool = False) -> int:
        """/metrics and /healthz on host:port (a daemon thread); the port."""
        return MetricsServer(self.registry, self.health).start(port, host, optional=optional)
