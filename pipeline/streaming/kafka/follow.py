"""Read a topic record by record as it arrives: what `consume` prints, one line at a time.

No consumer group (nothing is committed; any number of readers), `read_committed`. Where to
start: the beginning, the end, or an offset of one partition. When to stop: after `max_records`,
after `quiet_s` without a record, never (`follow`), or at the partition ends as of the start.
Errors of the client (the broker is down, the topic does not exist) become `BrokerError`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from typing import TypeVar

from aiokafka import TopicPartition
from aiokafka.errors import KafkaConnectionError, KafkaError

from pipeline.errors import BrokerError
from pipeline.streaming.kafka import clients
from pipeline.streaming.kafka.io import Message, partitions_of
from pipeline.streaming.settings import StreamSettings

T = TypeVar("T")


@dataclass(frozen=True)
class Start:
    """Where reading starts: `beginning`, or the end, or `offset` of `partition` (only)."""

    beginning: bool = False
    partition: int | None = None
    offset: int | None = None


def resolve_topic(settings: StreamSettings, topic: str) -> str:
    """`sanitized.call_logs` → the prefixed name; a name already prefixed stays as it is."""
    prefix = settings.topic_prefix
    return topic if not prefix or topic.startswith(prefix) else prefix + topic


def broker_errors(settings: StreamSettings, coro: Awaitable[T]) -> T:
    """Run `coro`; a Kafka client error or an unreachable broker becomes one BrokerError."""

    async def guarded() -> T:
        try:
            return await coro
        except KafkaConnectionError:
            raise BrokerError(f"cannot reach Kafka at {settings.bootstrap_servers}") from None
        except KafkaError as exc:
            raise BrokerError(f"Kafka at {settings.bootstrap_servers}: {exc}") from None
        except ConnectionError as exc:
            raise BrokerError(
                f"cannot reach Kafka at {settings.bootstrap_servers}: {exc.strerror or exc}"
            ) from None

    return asyncio.run(guarded())


async def follow_topic(
    settings: StreamSettings,
    topic: str,
    start: Start,
    *,
    max_records: int | None = None,
    quiet_s: float | None = 10.0,
    follow: bool = False,
) -> AsyncIterator[Message]:
    """Records of `topic` in arrival order (per partition), as they are fetched."""
    consumer = clients.consumer(settings, client_id="pii-pipeline-consume")
    try:
        await consumer.start()
        tps = await partitions_of(consumer, topic)
        if start.partition is not None:
            if start.partition not in {tp.partition for tp in tps}:
                raise BrokerError(f"{topic} has no partition {start.partition} (has {len(tps)})")
            tps = [TopicPartition(topic, start.partition)]
        consumer.assign(tps)
        if start.offset is not None:
            for tp in tps:
                consumer.seek(tp, start.offset)
        elif start.beginning:
            await consumer.seek_to_beginning(*tps)
        else:
            await consumer.seek_to_end(*tps)
        loop = asyncio.get_running_loop()
        last = loop.time()
        count = 0
        while max_records is None or count < max_records:
            if not follow and quiet_s is not None and loop.time() - last > quiet_s:
                return
            batches = await consumer.getmany(*tps, timeout_ms=200)
            for records in batches.values():
                for r in records:
                    last = loop.time()
                    yield Message(r.topic, r.partition, r.offset, r.key, r.value, dict(r.headers))
                    count += 1
                    if max_records is not None and count >= max_records:
                        return
    finally:
        await consumer.stop()
