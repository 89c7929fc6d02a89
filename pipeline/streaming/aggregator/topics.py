"""The aggregator's topics (`ensure_topics(settings, aggregate_topic_specs(settings, metrics))`).


| topic                    | cleanup               | why                                              |
|--------------------------|-----------------------|--------------------------------------------------|
| analytics.<m>, ads.<m>   | delete, 400 days      | k-anonymous aggregates only (no tokens): kept    |
|                          |                       | for year-on-year reporting; nothing to erase     |
| aggregate.reports        | delete, 400 days      | per window: cells released/suppressed, drops     |
| aggregate.observations   | delete, 7 days        | internal: one record per observation, keyed by   |
|                          |                       | metric and window; holds subject tokens, so kept |
|                          |                       | only as long as the sanitized topics             |
| <app>-aggregate-state-   | compact, kept forever | the open windows' tallies (key per cell and      |
| changelog                | 4 MiB records         | subject), watermarks, pending releases; released |
|                          |                       | or erased tallies are tombstoned, a tombstone    |
|                          |                       | stays a day so a restoring reader still sees it; |
|                          |                       | a stored release can be large                    |
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.streaming.kafka.topics import TopicSpec
from pipeline.streaming.settings import StreamSettings

# The aggregator's state (a key-value table); its changelog is `<app id>-<table>-changelog`.
AGGREGATE_TABLE = "aggregate-state"


def aggregate_changelog(settings: StreamSettings) -> str:
    """The changelog topic of the aggregator's state table."""
    return f"{settings.aggregate_app}-{AGGREGATE_TABLE}-changelog"


def aggregate_topic_specs(settings: StreamSettings, metrics: Sequence[str]) -> list[TopicSpec]:
    """The aggregator's outputs, its internal topic and its state changelog.

    The changelog has as many partitions as the internal topic: the state of internal partition
    p is changelog partition p, restored by whoever is assigned p.
    """
    long = {"cleanup.policy": "delete", "retention.ms": str(settings.release_retention_ms)}
    big = str(settings.max_message_bytes)
    specs = [TopicSpec(settings.release(metric), settings.partitions, long) for metric in metrics]
    specs += [
        TopicSpec(settings.aggregate_report_topic, 1, long),
        TopicSpec(
            settings.aggregate_topic,
            settings.partitions,
            {"cleanup.policy": "delete", "retention.ms": str(settings.aggregate_retention_ms)},
        ),
        TopicSpec(
            aggregate_changelog(settings),
            settings.partitions,
            {
                "cleanup.policy": "compact",
                "retention.ms": "-1",
                "delete.retention.ms": str(24 * 60 * 60 * 1000),
                "max.message.bytes": big,
            },
        ),
    ]
    return specs
