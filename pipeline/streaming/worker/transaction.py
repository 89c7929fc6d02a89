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
So the records are sent only once the offsets have been added - and only once every partition
they go to has been added: aiokafka sends a record to a partition already in the transaction at
once, while it adds another one, and that produce met the same answer.

With `StreamSettings.txn_overlap` (off by default, see there), a transaction also adds, as it begins, the
output partitions its task's previous transaction held (`begin`: under load each transaction
writes to every output partition), so the CONCURRENT_TRANSACTIONS retry right after the previous
commit falls on that AddPartitionsToTxn, while the engine works, and once the results are in
only the produce requests and EndTxn are left; the offsets of trips that joined it go with the
records (TxnOffsetCommit goes to the group coordinator and changes nothing in the transaction's
state). Measured with `python -m pipeline.streaming.bench.txnpath` (the two orders in turns on
the shared broker, 50 transactions each): results in -> EndTxn answered p90 29.6 -> 20.5 ms and
26.1 -> 15.5 ms (with a joined trip); a transaction still has exactly one produce, one
TxnOffsetCommit per offsets call and one EndTxn. But end to end (`bench.cadence --rate 300
--record-ms 2 --variant txn_overlap=false`, two rounds) p50/p99 were 192/352 and 140/385 ms with
it, 134/247 and 121/308 ms without (EndTxn p50 6-11 against 3 ms: partitions added and not
written get markers too), so it is off until an idle stream-bench says otherwise.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaProducer, TopicPartition

from pipeline.errors import BrokerError
from pipeline.streaming.kafka.batches import by_partition, send_groups
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
    # Its timeline (`stages.TXN_POINTS`, wall clock), kept only while a stage clock is installed.
    points: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.point("gathered")

    def point(self, name: str) -> None:
        """It reached `name` now (`stages`: the benchmark's view; nothing otherwise)."""
        if stages.active():
            self.points.setdefault(name, time.time())

    def offsets(self) -> dict[TopicPartition, int]:
        """The next input offset of every partition of the parts (and of `rewound`)."""
        ends: dict[TopicPartition, int] = dict(self.rewound)
        for tp, records, _ in self.parts:
            ends[tp] = max(records[-1].offset + 1, ends.get(tp, 0))
        return ends


async def begin(
    producer: AIOKafkaProducer,
    gathering: Gathering,
    group: str,
    expected: set[TopicPartition] | None = None,
) -> None:
    """Begin the transaction and add the opening trip's input offsets to it - and the
    `expected` output partitions (the task's last transaction's: under load every transaction
    writes to every output partition), so that once the engine's results are in only the
    produce requests and EndTxn are left (module doc)."""
    gathering.point("begun")
    if not producer._txn_manager.is_in_transaction():  # else pre-opened (`preopen`)
        await producer.begin_transaction()
    if expected:
        add_partitions(producer, expected)
    if gathering.opening:
        # The sender adds the partitions first, then the offsets: when this returns, both are in.
        await producer.send_offsets_to_transaction(gathering.opening, group)
    gathering.point("open")


async def preopen(
    producer: AIOKafkaProducer,
    committed: dict[TopicPartition, int],
    group: str,
    expected: set[TopicPartition] | None = None,
) -> None:
    """Begin a task's next transaction right after its last one committed, before any trip
    has opened it (`StreamSettings.txn_preopen`): AddOffsetsToTxn goes now - retried while the
    coordinator still writes the last one's markers (CONCURRENT_TRANSACTIONS) - with the
    offsets just `committed` (TxnOffsetCommit of offsets already committed changes nothing;
    whatever commits later in this transaction replaces them), so the trip that takes it sends
    only its own offsets (TxnOffsetCommit, the group already added). Aborted or committed, it
    changes no committed offset."""
    await producer.begin_transaction()
    if expected:
        add_partitions(producer, expected)
    await producer.send_offsets_to_transaction(committed, group)


def add_partitions(producer: AIOKafkaProducer, tps: set[TopicPartition]) -> None:
    """Queue AddPartitionsToTxn for `tps` before any record is sent to them. aiokafka adds a
    partition only when a record for it is queued; this is the same call its `send` makes
    (`TransactionManager.maybe_add_partition_to_txn`), made earlier. A partition added and not
    written only gets the transaction's marker."""
    manager = producer._txn_manager
    for tp in tps:
        manager.maybe_add_partition_to_txn(tp)


async def added(producer: AIOKafkaProducer, tps: set[TopicPartition]) -> None:
    """Add `tps` to the transaction and wait until the coordinator has them: no record is
    sent while a partition is being added (module doc: its produce would be answered
    NOT_ENOUGH_REPLICAS and retried after a backoff)."""
    add_partitions(producer, tps)
    manager = producer._txn_manager
    tps = tps | set(manager.partitions_to_add())  # those added as it began, too
    deadline = time.monotonic() + producer.client._request_timeout_ms / 1000
    while not tps <= manager.txn_partitions:
        if manager.is_fatal_error() or time.monotonic() > deadline:
            raise BrokerError("output partitions not added to the transaction")
        await asyncio.sleep(0.001)


def written(producer: AIOKafkaProducer) -> set[TopicPartition]:
    """The partitions in the producer's ongoing transaction."""
    return set(producer._txn_manager.txn_partitions)


async def complete(
    producer: AIOKafkaProducer,
    key_store: KafkaKeyStore,
    gathering: Gathering,
    group: str,
    *,
    overlap: bool = True,
) -> set[TopicPartition]:
    """Send the records, the input offsets not sent with the opening (or `rewound` from it),
    then commit; the partitions the transaction held. With `overlap`, those offsets
    (TxnOffsetCommit, to the group coordinator: no change of the transaction's state) go while
    the records are sent, not after them."""
    records: list[OutRecord] = [out for _, _, routed in gathering.parts for out in routed.records]
    offsets, sent = gathering.offsets(), gathering.opening
    floor = {**sent, **gathering.rewound}
    if any(offsets.get(tp, -1) < offset for tp, offset in floor.items()):
        # Offsets committed without their records would lose those records.
        raise BrokerError("a transaction holds input offsets without their records")
    gathering.point("sending")
    # New data keys must be durable before any entry under them is committed: the flush (of
    # every key queued so far, this batch's included) runs while the records are sent, and the
    # transaction commits only after both.
    flushed = asyncio.ensure_future(key_store.flush())
    try:
        groups = await by_partition(producer, records)
        if overlap:  # partitions not added yet: added before any record is sent
            new = {TopicPartition(t, p) for t, p in groups} - written(producer)
            if new or producer._txn_manager.partitions_to_add():
                await added(producer, new)
        futures = await send_groups(producer, groups)
    finally:
        await flushed
    if offsets != sent and overlap:  # later trips joined: their offsets with the records
        futures.append(asyncio.ensure_future(producer.send_offsets_to_transaction(offsets, group)))
    await asyncio.gather(*futures)
    if offsets != sent and not overlap:  # after the records
        await producer.send_offsets_to_transaction(offsets, group)
    gathering.point("produced")
    held = written(producer)
    await producer.commit_transaction()
    stages.committed(offsets, gathering.points)
    return held
