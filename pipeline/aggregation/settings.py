"""The aggregation engine's own settings: which metrics, window sizes, lateness, k, idle time."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from pipeline.aggregation.dp import DpSettings
from pipeline.aggregation.metrics import METRICS, MetricName
from pipeline.aggregation.release import DOMINANCE
from pipeline.aggregation.windows import WindowSpec


def metrics_for(streams: Iterable[str]) -> tuple[MetricName, ...]:
    """The metrics computed from `streams`, in the catalogue's order."""
    wanted = set(streams)
    return tuple(name for name, spec in METRICS.items() if spec.stream in wanted)


@dataclass(frozen=True)
class AggregationSettings:
    """What the engine needs; the streaming aggregator and the file command each build one."""

    metrics: tuple[MetricName, ...] = tuple(METRICS)
    window_size: timedelta | None = None  # None: each metric's own (1 hour, 1 day ads.audience)
    allowed_lateness: timedelta = timedelta(minutes=5)
    k_analytics: int = 10
    k_ads: int = 50
    # A metric without records for this long (wall time) is quiet: its watermark follows the
    # clock.
    idle: timedelta = timedelta(seconds=30)
    # Metrics released by differential privacy instead of k (keyed by UTC day: one partition
    # holds the day's epsilon ledger), the mechanism's settings and the budget per day.
    dp_metrics: tuple[str, ...] = ()
    dp: DpSettings = field(default_factory=lambda: DpSettings(epsilon=0.5))
    dp_budget: float = 4.0
    # (n, p)-dominance rule per metric with sums (the policy's `aggregates.dominance`); a
    # metric not named here gets release.DOMINANCE
    dominance: Mapping[str, tuple[int, float]] = field(default_factory=dict)

    def window_spec(self, metric: MetricName) -> WindowSpec:
        """Window size (these settings, else the metric's own) and allowed lateness."""
        return WindowSpec(self.window_size or METRICS[metric].window, self.allowed_lateness)

    def dominance_of(self, metric: MetricName) -> tuple[int, float]:
        """The (n, p)-dominance rule of a metric's sums."""
        return self.dominance.get(metric, DOMINANCE)

    def k(self, metric: MetricName) -> int:
        """The release threshold of a metric."""
        return self.k_ads if metric.startswith("ads.") else self.k_analytics
