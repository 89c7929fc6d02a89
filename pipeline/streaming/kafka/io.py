"""Topic I/O: publishing records and reading topics (what `produce` and `consume` do, and tests use)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from pipeline.errors import BrokerError
from pipeline.streaming.kafka import clients
from pipeline.streaming.settings import StreamSettings


@dataclass(frozen=True)
class Message:
    """One record read from a topic."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: dict[str, bytes] = field(default_factory=dict)

    def json(self) -> Any:
        """The value parsed as JSON."""
        return None if self.value is None else json.loads(self.value)


async def partitions_of(consumer: AIOKafkaConsumer, topic: str) -> list[TopicPartition]:
    """Every partition of `topic`; BrokerError if it does not exist."""
    # The consumer's own metadata covers only subscribed topics; ask the cluster directly.
    cluster = await consumer._client.fetch_all_metadata()
    partitions = cluster.partitions_for_topic(topic)
    if not partitions:
        raise BrokerError(f"topic {topic} does not exist")
    return [TopicPartition(topic, p) for p in sorted(partitions)]


def event_key(value: bytes) -> bytes | None:
    """Key raw records by event id (never by a phone number or name); None if there is none."""
    try:
        data = json.loads(value)
    except ValueError:
        return None
    event_id = data.get("event_id") if isinstance(data, dict) else None
    return event_id.encode() if isinstance(event_id, str) else None


async def produce(
    settings: StreamSettings,
    topic: str,
    values: Iterable[bytes | None],
    *,
    keyed: bool = True,
    keys: Sequence[bytes | None] | None = None,
) -> int:
    """Publish `values` to `topic` (acks=all, idempotent); returns how many were sent.

    Keys are `keys[i]` when given, else the event id (`keyed`), else none.
    """
    producer = clients.producer(settings, client_id="pii-pipeline-producer", linger_ms=5)
    try:
        await producer.start()
        futures = []
        for i, value in enumerate(values):
            if keys is not None:
                key = keys[i]
            else:
                key = event_key(value) if keyed and value is not None else None
            futures.append(await producer.send(topic, key=key, value=value))
        await asyncio.gather(*futures)
        return len(futures)
    finally:
        await producer.stop()


async def read_topic(
    settings: StreamSettings,
    topic: str,
    *,
    from_beginning: bool = True,
    max_records: int | None = None,
    timeout_s: float = 10.0,
    until_end: bool = True,
) -> list[Message]:
    """Committed records of every partition of `topic` (read_committed, no consumer group).

    With `until_end`, stop at the partition ends as of the start of the read; otherwise wait
    for new records until `max_records` or `timeout_s` without news.
    """
    consumer = clients.consumer(settings, client_id="pii-pipeline-reader")
    try:
        await consumer.start()
        tps = await partitions_of(consumer, topic)
        consumer.assign(tps)
        if from_beginning:
            await consumer.seek_to_beginning(*tps)
        else:
            await consumer.seek_to_end(*tps)
        end = await consumer.end_offsets(tps)
        out: list[Message] = []
        loop = asyncio.get_running_loop()
        quiet_until = loop.time() + timeout_s
        while max_records is None or len(out) < max_records:
            if until_end and not [tp for tp in tps if await consumer.position(tp) < end[tp]]:
                break
            if loop.time() > quiet_until:
                if until_end:
                    raise BrokerError(f"{topic} not read to its end in {timeout_s} s")
                break
            batches = await consumer.getmany(timeout_ms=200)
            for records in batches.values():
                for r in records:
                    out.append(
                        Message(r.topic, r.partition, r.offset, r.key, r.value, dict(r.headers))
                    )
                    if not until_end:
                        quiet_until = loop.time() + timeout_s
        return out if max_records is None else out[:max_records]
    finally:
        await consumer.stop()
