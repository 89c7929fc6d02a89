"""The aggregator's state: a dict per process, its changes queued for the compacted changelog.

Keys are the engine's store keys (JSON arrays naming their partition second, see
pipeline.aggregation.engine); the state of internal partition p is changelog partition p, so
whoever is assigned p restores it from there (read_committed: only committed transactions).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator, MutableMapping
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from pipeline.errors import BrokerError

log = logging.getLogger(__name__)

RESTORE_TIMEOUT_S = 60.0


def partition_of(key: str) -> int:
    """The partition a store key belongs to."""
    return int(json.loads(key)[1])


def compact(value: Any) -> bytes:
    """JSON bytes as every aggregator record is written (no spaces)."""
    return json.dumps(value, separators=(",", ":")).encode()


class Journal(MutableMapping[str, Any]):
    """The state dict; every change is also queued (`changes`) for the changelog."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.changes: list[tuple[str, Any]] = []

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.data[key] = value
        self.changes.append((key, value))

    def __delitem__(self, key: str) -> None:
        del self.data[key]
        self.changes.append((key, None))

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.data))

    def __len__(self) -> int:
        return len(self.data)

    def drop(self, partition: int) -> None:
        """Forget a partition's state here (not in the changelog: it stays for the next owner)."""
        for key in [k for k in self.data if partition_of(k) == partition]:
            del self.data[key]

    async def write(self, producer: AIOKafkaProducer, topic: str, partition: int) -> list[Any]:
        """Send the queued changes of `partition` to its changelog partition (futures)."""
        changes, self.changes = self.changes, []
        futures = []
        for key, value in changes:
            if partition_of(key) != partition:  # a store key always names its partition
                raise BrokerError("state change outside the partition being processed")
            data = None if value is None else json.dumps(value).encode()
            futures.append(
                await producer.send(
                    topic, key=json.dumps(key).encode(), value=data, partition=partition
                )
            )
        return futures

    async def restore(self, reader: AIOKafkaConsumer, topic: str, partition: int) -> int:
        """Load one partition's state from the changelog (committed records, to the end) with
        `reader` (started, read_committed, no group); how many records were read."""
        self.drop(partition)
        tp = TopicPartition(topic, partition)
        reader.assign([tp])
        await reader.seek_to_beginning(tp)
        end = (await reader.end_offsets([tp]))[tp]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + RESTORE_TIMEOUT_S
        restored = 0
        while await reader.position(tp) < end:
            if loop.time() > deadline:
                raise BrokerError(f"state of partition {partition} not restored in time")
            batches = await reader.getmany(tp, timeout_ms=200)
            for record in batches.get(tp, []):
                key = json.loads(record.key)
                if record.value is None:
                    self.data.pop(key, None)
                else:
                    self.data[key] = json.loads(record.value)
                restored += 1
        return restored
