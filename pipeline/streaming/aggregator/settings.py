"""The engine's settings from the streaming settings (`PII_WINDOW_SIZE_S`, `PII_K_ADS`, ...)."""

from __future__ import annotations

from datetime import timedelta

from pipeline.aggregation.dp import DpSettings
from pipeline.aggregation.settings import AggregationSettings, metrics_for
from pipeline.config.loader import load_aggregates
from pipeline.streaming.settings import StreamSettings


def aggregation_settings(settings: StreamSettings) -> AggregationSettings:
    """What the aggregation engine needs of the streaming settings (and of the policy file's
    `aggregates.dominance`: the policy is `PII_POLICY_PATH`, else the bundled one)."""
    metrics = metrics_for(settings.streams)
    dominance = load_aggregates(settings.policy_path).dominance
    return AggregationSettings(
        metrics=metrics,
        window_size=timedelta(seconds=settings.window_size_s) if settings.window_size_s else None,
        allowed_lateness=timedelta(seconds=settings.allowed_lateness_s),
        k_analytics=settings.k_analytics,
        k_ads=settings.k_ads,
        idle=timedelta(seconds=settings.aggregate_idle_s),
        dp_metrics=tuple(settings.dp_metrics),
        dp=DpSettings(
            epsilon=settings.dp_epsilon,
            delta=settings.dp_delta,
            max_cells=settings.dp_max_cells,
            max_events=settings.dp_max_events,
        ),
        dp_budget=settings.dp_budget,
        dominance={metric: dominance.of(metric) for metric in metrics},
    )
