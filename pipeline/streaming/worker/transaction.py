"""A task's transaction: what it gathers, and the order of its requests to the broker.

A transaction costs, one after the other: AddOffsetsToTxn and TxnOffsetCommit (the input
offsets), AddPartitionsToTxn and the produce requests (the records), EndTxn; the records are
visible to read_committed readers once the coordinator has written the markers. The input
offsets of a trip are known before the engine runs, so a task's transaction is opened when the
trip starts: it begins and takes the offsets while the engine works (as soon as the task's
previous transaction has committed), and only the records and EndTxn are left once the trip
returns - two round trips less between the engine and visible output.

Order matters since KIP-890: each partition leader verifies with the transaction coordinator
that a produced partition is in the transaction. While AddOffsetsToTxn is being written the
coordinator answers that check CONCURRENT_TRANSACTIONS, the leader maps it to
NOT_ENOUGH_REPLICAS and the client retries after its backoff (measured: 9 and 45 such retries in
80 transactions with the offsets sent alongside the records, none with them before or after).
So the records are sent only once the offsets have been added.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaProducer, TopicPartition

from pipeline.errors import BrokerError
from pipeline.streaming.kafka.batches import send_batched
from pipeline.streaming.worker import stages
from pipeline.streaming.worker.keystore import KafkaKeyStore
from pipeline.streaming.worker.routing import OutRecord, Routed

# One partition's share of a task's transaction: its records and what the engine made of them.
Part = tuple[TopicPartition, list[Any], Routed]


@dataclass(eq=False)
class Gathering:
    """A task's next transaction while it still takes parts.

    `opening`: the input offsets of the trip that opened it before the engine ran (sent as soon
    as the transaction begins); `ready` is set once that trip's results are in - at once for a
    transaction gathered after the engine. Later trips join it until it sends its records.
    """

    opening: dict[TopicPartition, int] = field(default_factory=dict)
    parts: list[Part] = field(default_factory=list)
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    failed: bool = False  # the opening trip failed in the engine: abort
    # The opening trip was cut short (`worker.chunks`): per partition, the first record it did
    # not process. Its `opening` offset is taken back: the transaction commits this one (a
    # later TxnOffsetCommit of the same transaction replaces the earlier one), unless later
    # parts carry the partition further.
    rewound: dict[TopicPartition, int] = field(default_factory=dict)

    def offsets(self) -> dict[TopicPartition, int]:
        """The next input offset of every partition of the parts (and of `rewound`)."""
        ends: dict[TopicPartition, int] = dict(self.rewound)
        for tp, records, _ in self.parts:
            ends[tp] = max(records[-1].offset + 1, ends.get(tp, 0))
        return ends


async def begin(producer: AIOKafkaProducer, gathering: Gathering, group: str) -> None:
    """Begin the transaction and add the opening trip's input offsets to it."""
    await producer.begin_transaction()
    if gathering.opening:
        await producer.send_offsets_to_transaction(gathering.opening, group)


async def complete(
    producer: AIOKafkaProducer,
    key_store: KafkaKeyStore,
    records: list[OutRecord],
    offsets: dict[TopicPartition, int],
    sent: dict[TopicPartition, int],
    group: str,
    rewound: dict[TopicPartition, int] | None = None,
) -> None:
    """Send the records, the input `offsets` not `sent` with the opening (or `rewound` from
    it), then commit."""
    floor = {**sent, **(rewound or {})}
    if any(offsets.get(tp, -1) < offset for tp, offset in floor.items()):
        # Offsets committed without their records would lose those records.
        raise BrokerError("a transaction holds input offsets without their records")
    sending = time.time()
    # New data keys must be durable before any entry under them is committed: the flush (of
    # every key queued so far, this batch's included) runs while the records are sent, and the
    # transaction commits only after both.
    flushed = asyncio.ensure_future(key_store.flush())
    try:
        futures = await send_batched(producer, records)
    finally:
        await flushed
    await asyncio.gather(*futures)
    if offsets != sent:  # later trips joined: after the records (see the module doc)
        await producer.send_offsets_to_transaction(offsets, group)
    await producer.commit_transaction()
    stages.committed(offsets, sending)
