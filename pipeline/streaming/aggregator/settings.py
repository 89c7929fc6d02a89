"""The engine's settings from the streaming settings (`PII_WINDOW_SIZE_S`, `PII_K_ADS`, ...) and
the policy's `aggregates` (mechanism per metric, ε and budget, dominance)."""

from __future__ import annotations

from datetime import timedelta

from pipeline.aggregation.dp import DpSettings
from pipeline.aggregation.settings import AggregationSettings, metrics_for
from pipeline.config.loader import load_aggregates
from pipeline.config.policy import AggregateSettings, DpPolicy
from pipeline.streaming.settings import StreamSettings


def dp_settings(policy: DpPolicy) -> DpSettings:
    """The mechanism's settings from the policy's `aggregates.dp`."""
    return DpSettings(
        epsilon=policy.epsilon_per_window,
        delta=policy.delta,
        max_cells=policy.max_cells_per_subject,
        max_events=policy.max_events_per_cell,
    )


def aggregation_settings(
    settings: StreamSettings, aggregates: AggregateSettings | None = None
) -> AggregationSettings:
    """What the aggregation engine needs of the streaming settings and of the policy's
    `aggregates` (given, else read from `PII_POLICY_PATH`, else the bundled policy): which
    metrics are released by differential privacy, with which ε and budget, and dominance."""
    metrics = metrics_for(settings.streams)
    policy = aggregates if aggregates is not None else load_aggregates(settings.policy_path)
    return AggregationSettings(
        metrics=metrics,
        window_size=timedelta(seconds=settings.window_size_s) if settings.window_size_s else None,
        allowed_lateness=timedelta(seconds=settings.allowed_lateness_s),
        k_analytics=settings.k_analytics,
        k_ads=settings.k_ads,
        idle=timedelta(seconds=settings.aggregate_idle_s),
        dp_metrics=tuple(metric for metric in metrics if policy.mechanism(metric) == "dp"),
        dp=dp_settings(policy.dp),
        dp_budget=policy.dp.budget_per_day,
        dominance={metric: policy.dominance.of(metric) for metric in metrics},
    )
