"""Output records sent as record batches per topic partition, not one `send()` each."""

from __future__ import annotations

import random
import struct
from collections.abc import Sequence
from typing import Any, Protocol

from aiokafka import AIOKafkaProducer

# Record batches built here (one or more per output partition and transaction).
BATCH_BYTES = 512 * 1024

_M = 0x5BD1E995
_SEED = 0x9747B28C
_MASK = 0xFFFFFFFF
_HASHES_KEPT = 1 << 16  # keys hashed, kept for the next records with the same key


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


def murmur2(data: bytes) -> int:
    """Kafka's murmur2 of a key (`Utils.murmur2` of the Java client; aiokafka's
    `partitioner.murmur2` gives the same values), four bytes a step rather than one: aiokafka's
    pure-Python one cost 14-36 us a key, ~7 output records an event, in the worker's event loop."""
    length = len(data)
    h = (_SEED ^ length) & _MASK
    words = length >> 2
    for k in struct.unpack_from(f"<{words}I", data):
        k = (k * _M) & _MASK
        k ^= k >> 24
        h = ((h * _M) & _MASK) ^ ((k * _M) & _MASK)
    rest = length & 3
    if rest:
        tail = data[words << 2 :]
        if rest == 3:
            h ^= tail[2] << 16
        if rest >= 2:
            h ^= tail[1] << 8
        h ^= tail[0]
        h = (h * _M) & _MASK
    h ^= h >> 13
    h = (h * _M) & _MASK
    h ^= h >> 15
    return h


class Partitioner:
    """aiokafka's `DefaultPartitioner` (a key's partition: murmur2 of the key modulo the
    partitions, as in the Java client; no key: a random available one), with the hashes of recent
    keys kept: a data subject's vault entries and tokens come back with every event of theirs."""

    def __init__(self) -> None:
        self._hashes: dict[bytes, int] = {}

    def __call__(self, key: bytes | None, all_partitions: list[int], available: list[int]) -> int:
        if key is None:
            return random.choice(available or all_partitions)
        h = self._hashes.get(key)
        if h is None:
            if len(self._hashes) >= _HASHES_KEPT:
                self._hashes.clear()
            h = self._hashes[key] = murmur2(key) & 0x7FFFFFFF
        return all_partitions[h % len(all_partitions)]


_PARTITIONER = Partitioner()


async def send_batched(producer: AIOKafkaProducer, records: Sequence[OutRecord]) -> list[Any]:
    """Send `records` as one record batch per topic partition (futures of the batches).

    Cheaper than a `send()` per record (the per-record cost of aiokafka is mostly Python), with
    the partition chosen by the producer's own default partitioner, so a key lands where
    `send()` would put it (one subject's vault entries in one partition).
    """
    return await send_groups(producer, await by_partition(producer, records))


Groups = dict[tuple[str, int], list[OutRecord]]


async def by_partition(producer: AIOKafkaProducer, records: Sequence[OutRecord]) -> Groups:
    """`records` per (topic, partition) they go to (see `send_batched`)."""
    groups: Groups = {}
    layout: dict[str, tuple[list[int], list[int]]] = {}  # per topic: all, available partitions
    cluster = producer.client.cluster
    for out in records:
        partitions = layout.get(out.topic)
        if partitions is None:
            topic_partitions = cluster.partitions_for_topic(out.topic)
            if not topic_partitions:
                await producer.client._wait_on_metadata(out.topic)
                topic_partitions = cluster.partitions_for_topic(out.topic)
            available = list(cluster.available_partitions_for_topic(out.topic))
            partitions = layout[out.topic] = (sorted(topic_partitions), available)
        partition = _PARTITIONER(out.key, *partitions)
        groups.setdefault((out.topic, partition), []).append(out)
    return groups


async def send_groups(producer: AIOKafkaProducer, groups: Groups) -> list[Any]:
    """Send each group as record batches to its partition (futures of the batches)."""
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
