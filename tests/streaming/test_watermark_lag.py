"""The aggregator's watermark lag without a broker: wall clock minus the slowest partition's
event-time watermark, per metric."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pipeline.streaming.aggregator.app import StreamAggregator
from pipeline.streaming.consent.book import ConsentBook
from pipeline.streaming.settings import StreamSettings

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_watermark_lag_is_the_wall_clock_minus_the_oldest_watermark() -> None:
    settings = StreamSettings(streams=("call_logs",))
    aggregator = StreamAggregator(
        settings, ConsentBook(settings), partitions=2, clock=lambda: NOW.timestamp()
    )
    metric = "analytics.call_volume"
    marks = aggregator.windows.marks
    for partition, behind in ((0, 90), (1, 30)):
        clock = marks.clock(partition, metric)
        marks.raise_to(clock, NOW - timedelta(seconds=behind), NOW.timestamp())
        marks.save(partition, metric, clock)

    assert aggregator.watermark_lags([0, 1]) == {metric: 90.0}  # the slowest partition
    assert aggregator.watermark_lags([1]) == {metric: 30.0}
    assert aggregator.watermark_lags([]) == {}  # no partition, no watermark: no figure
