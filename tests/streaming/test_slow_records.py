"""Slow records never make the worker leave its group.

Each record's work is bounded (the work budget), a round of them is not: records keep arriving
while the engine is busy, the worker's inbox fills, and the fetch loop must still call `getmany`
more often than `max_poll_interval_ms` (aiokafka leaves the group otherwise: a rebalance, the
round's work done twice). Here the engine is slowed by a hook (each engine call sleeps per
record, then runs the real engine), the interval is 1 s and the records take about ten times
that in all; the worker must keep its partitions the whole time and the output must be exact.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Sequence

import pytest
from aiokafka import TopicPartition

from pipeline.corpus import generate
from pipeline.streaming.kafka.io import produce
from pipeline.streaming.kafka.ownership import Ownership
from pipeline.streaming.kafka.topics import ensure_topics
from pipeline.streaming.worker.routing import Routed
from pipeline.streaming.worker.runner import Job, ThreadRunner
from pipeline.streaming.worker.worker import Worker
from tests.streaming.conftest import SettingsFactory
from tests.streaming.streaming_support import (
    assert_exact,
    join_while_busy,
    output_count,
    start_worker,
    until_output,
    wait_for,
)

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(120)]

WAVES, PER_WAVE = 8, 6  # records keep arriving while the engine is busy
WAVE_GAP_S = 0.6
SLOW_S = 0.2  # per record: a round of a full inbox (8 records) takes 1.6 s > the interval
MAX_POLL_MS = 1000


def test_a_round_of_slow_records_longer_than_max_poll_interval_keeps_the_group(
    stream_settings: SettingsFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = stream_settings(
        streams=("call_logs",),
        engine_mode="thread",
        batch_size=2,  # the inbox is full at 8 records
        max_poll_interval_ms=MAX_POLL_MS,
    )
    events = [e.event for e in generate("call_logs", WAVES * PER_WAVE, "slow")]
    original_run = ThreadRunner.run
    slept: list[float] = []

    async def slow_run(self: ThreadRunner, jobs: Sequence[Job]) -> list[list[Routed]]:
        records = sum(len(batch) for _, batches in jobs for batch in batches)
        slept.append(SLOW_S * records)
        await asyncio.sleep(SLOW_S * records)
        return await original_run(self, jobs)

    monkeypatch.setattr(ThreadRunner, "run", slow_run)
    stopping = asyncio.Event()
    revoked: list[set[TopicPartition]] = []
    assigned: list[set[TopicPartition]] = []
    original_revoked = Ownership.on_partitions_revoked
    original_assigned = Ownership.on_partitions_assigned

    async def on_revoked(self: Ownership, tps: set[TopicPartition]) -> None:
        if not stopping.is_set() and tps:
            revoked.append(set(tps))
        await original_revoked(self, tps)

    async def on_assigned(self: Ownership, tps: set[TopicPartition]) -> None:
        assigned.append(set(tps))
        await original_assigned(self, tps)

    monkeypatch.setattr(Ownership, "on_partitions_revoked", on_revoked)
    monkeypatch.setattr(Ownership, "on_partitions_assigned", on_assigned)

    async def run() -> None:
        await ensure_topics(settings)
        worker = start_worker(settings)
        topic = settings.raw("call_logs")
        for wave in range(WAVES):
            chunk = events[wave * PER_WAVE : (wave + 1) * PER_WAVE]
            await produce(settings, topic, [json.dumps(e).encode() for e in chunk])
            if wave == 0:  # the next waves arrive while the worker is busy, not before it runs

                async def started() -> bool:
                    return worker.task.done() or bool(slept)

                await wait_for(started, 60, "the worker's first engine call", step_s=0.05)
            await asyncio.sleep(WAVE_GAP_S)

        async def over() -> bool:
            return worker.task.done() or await output_count(settings) >= len(events)

        await wait_for(over, 90, "every record")
        stopping.set()
        await worker.finish()
        await assert_exact(settings, events)

    asyncio.run(run())
    assert sum(slept) > 5 * MAX_POLL_MS / 1000, slept  # the records took far longer than it
    assert max(slept) < MAX_POLL_MS / 1000  # no single engine call reached it
    assert revoked == [], f"the worker lost its partitions: {revoked}"
    assert len(assigned) == 1, f"rebalanced: {assigned}"


def test_a_worker_busy_with_slow_records_hands_partitions_over_between_trips(
    stream_settings: SettingsFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A round of 48 slow records takes ~14 s, the group's rebalance timeout under the old
    # rule (aiokafka's default: the session timeout) 6 s: holding the lock for the round, the
    # first worker missed the rebalance a second worker's arrival started.
    settings = stream_settings(
        streams=("call_logs",), engine_mode="thread", batch_size=2, max_poll_interval_ms=30_000
    )
    events = [e.event for e in generate("call_logs", 48, "handover")]
    original_run = ThreadRunner.run
    per_runner: Counter[ThreadRunner] = Counter()
    # The first worker's engine calls wait until the second worker runs (its topics, keys and
    # engine loaded: seconds under load, and the whole round once in CI): the round then
    # starts when the second worker joins, whatever its start-up cost.
    second_runs = asyncio.Event()
    started: list[Worker] = []
    original_worker_run = Worker.run

    async def noted_run(self: Worker, stop: asyncio.Event) -> None:
        started.append(self)
        if len(started) == 2:
            second_runs.set()
        await original_worker_run(self, stop)

    async def slow_run(self: ThreadRunner, jobs: Sequence[Job]) -> list[list[Routed]]:
        records = sum(len(batch) for _, batches in jobs for batch in batches)
        per_runner[self] += records
        await asyncio.wait_for(second_runs.wait(), 90)
        await asyncio.sleep(0.3 * records)
        return await original_run(self, jobs)

    monkeypatch.setattr(Worker, "run", noted_run)
    monkeypatch.setattr(ThreadRunner, "run", slow_run)

    async def run() -> None:
        # the second joins while the first is in its round
        first, second = await join_while_busy(settings, events, lambda: bool(per_runner))
        await until_output(settings, len(events), [first, second], 120)
        await asyncio.gather(first.finish(), second.finish())
        await assert_exact(settings, events)

    asyncio.run(run())
    assert len(per_runner) == 2, "the second worker never got a partition"
