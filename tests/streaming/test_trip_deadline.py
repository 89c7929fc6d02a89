"""Trips are bounded in time: a trip ends by its deadline, an abandoned one within a chunk.

The engine is slowed by a hook in the engine thread (each chunk sleeps per record, then runs
the real engine): the sleep is inside the engine call, where the worker cannot wait it out.

- A trip of slow records, ~15 s of work, with a 1 s deadline and a 5 s transaction timeout:
  each engine call must end within about the deadline plus a chunk, what it finished commits
  (its transaction's offsets taken back to the first record not processed), the rest goes
  again; the output is exact. Before, the one call took the whole 15 s, its transaction open.
- A revocation while the engine is in a long call: the call is abandoned, and the engine must
  be free within a chunk, so the first worker's records after the rebalance do not wait for it.
  Before, the call ran to its end (~60 s) and those records stalled behind it.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Sequence
from typing import Any

import pytest
from aiokafka import TopicPartition

from pipeline.corpus import generate
from pipeline.engine import Engine
from pipeline.streaming.kafka import clients
from pipeline.streaming.kafka.ownership import Ownership
from pipeline.streaming.kafka.topics import ensure_topics
from pipeline.streaming.worker import chunks, runner
from pipeline.streaming.worker.routing import Routed
from tests.streaming.conftest import SettingsFactory
from tests.streaming.streaming_support import (
    assert_exact,
    join_while_busy,
    publish,
    start_worker,
    until_output,
    wait_for,
)

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(180)]

Calls = list[tuple[Engine, float, float]]


def _timed_calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """Record (engine, start, end) of every engine call (`route_bounded`, in the engine thread)."""
    calls: Calls = []
    original = runner.route_bounded

    def timed(engine: Engine, *args: Any) -> list[list[Routed]]:
        started = time.monotonic()
        try:
            return original(engine, *args)
        finally:
            calls.append((engine, started, time.monotonic()))

    monkeypatch.setattr(runner, "route_bounded", timed)
    return calls


def _slow(monkeypatch: pytest.MonkeyPatch, seconds: Any) -> None:
    """Each chunk sleeps `seconds(engine, records)` before the real engine runs it."""
    original = chunks.route_many

    def slow(
        engine: Engine, settings: Any, stream: Any, batches: Sequence[Any], blocked: Any
    ) -> list[Routed]:
        time.sleep(seconds(engine, sum(len(b) for b in batches)))
        return original(engine, settings, stream, batches, blocked)

    monkeypatch.setattr(chunks, "route_many", slow)


def test_a_long_trip_ends_by_its_deadline_and_the_rest_goes_again(
    stream_settings: SettingsFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    per_record_s, deadline_s = 0.25, 1.0
    settings = stream_settings(
        streams=("call_logs",),
        engine_mode="thread",
        batch_size=64,  # one trip would hold every record
        trip_deadline_ms=int(deadline_s * 1000),
        trip_chunk_units=30_000,  # about two records of ~1 KB a chunk
        transaction_timeout_ms=5000,
    )
    events = [e.event for e in generate("call_logs", 60, "deadline")]
    calls = _timed_calls(monkeypatch)
    _slow(monkeypatch, lambda engine, n: per_record_s * n)

    async def run() -> None:
        await publish(settings, events)
        worker = start_worker(settings)
        await until_output(settings, len(events), [worker], 120)
        await worker.finish()
        await assert_exact(settings, events)

    asyncio.run(run())
    durations = [end - start for _, start, end in calls]
    assert sum(durations) > 10 * deadline_s, durations  # the records took far longer than it
    # A call ends at the first chunk after its deadline: ~1.5 s here (3 s: margin for load).
    assert max(durations) < 3 * deadline_s, durations


def test_an_abandoned_trip_frees_the_engine_within_a_chunk(
    stream_settings: SettingsFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    per_record_s = 1.0
    settings = stream_settings(
        streams=("call_logs",),
        engine_mode="thread",
        batch_size=64,
        trip_deadline_ms=300_000,  # only the abandon may end the long call
        trip_chunk_units=1,  # a record a chunk
    )
    events = [e.event for e in generate("call_logs", 60, "abandon-stall")]
    calls = _timed_calls(monkeypatch)
    slow_engine: list[Engine] = []  # the first worker's: its first call is the long one
    long_call = threading.Event()
    released = threading.Event()

    def seconds(engine: Engine, n: int) -> float:
        if not slow_engine:
            slow_engine.append(engine)
            long_call.set()
        ended = any(e is engine for e, _, _ in calls)  # its first call is over
        slow = engine is slow_engine[0] and not ended and not released.is_set()
        return per_record_s * n if slow else 0.0

    _slow(monkeypatch, seconds)
    revoked: list[float] = []
    original_revoked = Ownership.on_partitions_revoked

    async def on_revoked(self: Ownership, tps: set[TopicPartition]) -> None:
        if tps and not revoked:
            revoked.append(time.monotonic())
        await original_revoked(self, tps)

    monkeypatch.setattr(Ownership, "on_partitions_revoked", on_revoked)

    async def run() -> None:
        first, second = await join_while_busy(settings, events, long_call.is_set)

        async def rebalanced() -> bool:
            return bool(revoked) or first.task.done() or second.task.done()

        try:
            await wait_for(rebalanced, 90, "the second worker's join")
            # The long call would hold the engine for ~60 s; every record must be out well
            # before: the first worker's partitions after the rebalance do not wait for it.
            await until_output(settings, len(events), [first, second], 30)
        finally:
            released.set()
        await asyncio.gather(first.finish(), second.finish())
        await assert_exact(settings, events)

    asyncio.run(run())
    first_calls = [(start, end) for engine, start, end in calls if engine is slow_engine[0]]
    start, end = first_calls[0]  # the long call
    assert start < revoked[0] < end, "the long call was not in the engine at the revocation"
    assert end - revoked[0] < 5 * per_record_s, (start, end, revoked)
    assert len(first_calls) > 1, "the first worker made no call after the long one"


def test_offsets_sent_with_a_trip_are_taken_back_when_it_is_cut(
    stream_settings: SettingsFactory,
) -> None:
    """The Kafka behaviour the cut trips rely on: in one transaction, a later TxnOffsetCommit of
    a partition replaces the earlier one, also with a lower offset."""
    settings = stream_settings(streams=("call_logs",))

    async def run() -> int | None:
        await ensure_topics(settings)
        tp = TopicPartition(settings.raw("call_logs"), 0)
        producer = clients.transactional_producer(
            settings, f"{settings.group_id}.rewind", client_id="rewind"
        )
        await producer.start()
        try:
            await producer.begin_transaction()
            await producer.send_offsets_to_transaction({tp: 40}, settings.consumer_group)
            await producer.send_offsets_to_transaction({tp: 7}, settings.consumer_group)
            await producer.commit_transaction()
        finally:
            await producer.stop()
        consumer = clients.group_consumer(settings, settings.consumer_group, client_id="rewind")
        await consumer.start()
        try:
            return await consumer.committed(tp)
        finally:
            await consumer.stop()

    assert asyncio.run(run()) == 7
