"""What the aggregator sends: a window's release (records and report, in the partition's
transaction), messages to every internal partition (grid answers, ticks, erasures), and the
release's log line (metric, window and counts, never a cell's content)."""

from __future__ import annotations

import logging
from typing import Any

from aiokafka import AIOKafkaProducer

from pipeline.aggregation.engine import Pending
from pipeline.streaming.aggregator.changelog import compact
from pipeline.streaming.settings import StreamSettings

log = logging.getLogger(__name__)


async def publish(
    producer: AIOKafkaProducer, settings: StreamSettings, pending: Pending
) -> list[Any]:
    """Send a window's released records and its report; the futures of the sends."""
    key = f"{pending.metric}|{pending.start}".encode()
    topic = settings.release(pending.metric)
    futures = [
        await producer.send(topic, key=key, value=compact(record)) for record in pending.records
    ]
    report = compact(pending.report.to_json())
    futures.append(await producer.send(settings.aggregate_report_topic, key=key, value=report))
    return futures


async def to_every_partition(
    producer: AIOKafkaProducer, topic: str, key: bytes, value: bytes, partitions: int
) -> list[Any]:
    """Send `value` to each of the `partitions` of `topic`, in order; the futures."""
    return [
        await producer.send(topic, key=key, value=value, partition=partition)
        for partition in range(partitions)
    ]


def log_release(pending: Pending) -> None:
    """One line per released window: counts only."""
    report = pending.report
    log.info(
        "released %s window %s: %d of %d cells (%d suppressed, %d complementary, "
        "%d blocked), %d records, dropped %s",
        pending.metric,
        pending.start,
        report.released,
        report.cells,
        report.suppressed,
        report.complementary,
        report.blocked,
        report.records,
        dict(report.dropped) or "none",
    )
