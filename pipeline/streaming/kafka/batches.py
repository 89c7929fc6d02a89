"""Output records sent as record batches per topic partition, not one `send()` each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from aiokafka import AIOKafkaProducer
from aiokafka.partitioner import DefaultPartitioner

# Record batches built here (one or more per output partition and transaction).
BATCH_BYTES = 512 * 1024


class OutRecord(Protocol):
    """One record to write."""

    @property
    def topic(self) -> str: ...
    @property
    def key(self) -> bytes | None: ...
    @property
    def value(self) -> bytes | None: ...
    @property
    def headers(self) -> list[tuple[str, bytes]]: ...


_PARTITIONER = DefaultPartitioner()


async def send_batched(producer: AIOKafkaProducer, records: Sequence[OutRecord]) -> list[Any]:
    """Send `records` as one record batch per topic partition (futures of the batches).

    Cheaper than a `send()` per record (the per-record cost of aiokafka is mostly Python), with
    the partition chosen by the producer's own default partitioner, so a key lands where
    `send()` would put it (one subject's vault entries in one partition).
    """
    groups: dict[tuple[str, int], list[OutRecord]] = {}
    for out in records:
        topic_partitions = producer.client.cluster.partitions_for_topic(out.topic)
        if not topic_partitions:
            await producer.client._wait_on_metadata(out.topic)
            topic_partitions = producer.client.cluster.partitions_for_topic(out.topic)
        all_partitions = sorted(topic_partitions)
        available = list(producer.client.cluster.available_partitions_for_topic(out.topic))
        partition = _PARTITIONER(out.key, all_partitions, available)
        groups.setdefault((out.topic, partition), []).append(out)
    futures = []
    for (topic, partition), outs in groups.items():
        batch = producer.create_batch()
        for out in outs:
            if batch.append(key=out.key, value=out.value, timestamp=None, headers=out.headers):
                continue
            futures.append(await _submit(producer, batch, topic, partition))
            batch = producer.create_batch()
            if batch.append(key=out.key, value=out.value, timestamp=None, headers=out.headers):
                continue
            # Larger than a batch: the ordinary path handles it (max_request_size applies).
            futures.append(
                await producer.send(
                    topic, key=out.key, value=out.value, partition=partition, headers=out.headers
                )
            )
        if batch.record_count():
            futures.append(await _submit(producer, batch, topic, partition))
    return futures


async def _submit(producer: AIOKafkaProducer, batch: Any, topic: str, partition: int) -> Any:
    batch.close()  # nothing else may be appended to it (an open batch takes `send()` records)
    return await producer.send_batch(batch, topic, partition=partition)
