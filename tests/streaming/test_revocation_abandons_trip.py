"""A revocation abandons the trip in the engine: a handover never waits for a slow trip.

The first worker's first engine call blocks until the test releases it - after the output is
complete. If a revocation waited for the trip in the engine (as it did: the group waits for it
up to the rebalance timeout, then drops the member, and with several workers that can repeat),
the second worker would never get the partitions and the output never complete; here the
first worker abandons the trip (its transactions abort), the group moves on, and every record
comes out exactly once, processed from the committed offsets by its new owner.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Sequence

import pytest

from pipeline.corpus import generate
from pipeline.streaming.kafka.io import produce
from pipeline.streaming.kafka.topics import ensure_topics
from pipeline.streaming.worker.routing import Routed
from pipeline.streaming.worker.runner import Job, ThreadRunner
from tests.streaming.conftest import SettingsFactory
from tests.streaming.streaming_support import (
    event_ids,
    output_count,
    read_all,
    start_worker,
    wait_for,
)

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(150)]


def test_a_revocation_abandons_a_stuck_trip_and_the_output_stays_exact(
    stream_settings: SettingsFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = stream_settings(streams=("call_logs",), engine_mode="thread", batch_size=4)
    events = [e.event for e in generate("call_logs", 40, "abandon")]
    original_run = ThreadRunner.run
    per_runner: Counter[int] = Counter()
    stuck: list[int] = []  # the runner whose first call is stuck
    release = asyncio.Event()

    async def slow_run(self: ThreadRunner, jobs: Sequence[Job]) -> list[list[Routed]]:
        records = sum(len(batch) for _, batches in jobs for batch in batches)
        if not stuck:
            stuck.append(id(self))
            await release.wait()  # stuck until the output is complete without it
        else:
            per_runner[id(self)] += records
        return await original_run(self, jobs)

    monkeypatch.setattr(ThreadRunner, "run", slow_run)

    async def run() -> None:
        await ensure_topics(settings)
        await produce(settings, settings.raw("call_logs"), [json.dumps(e).encode() for e in events])
        first = start_worker(settings)

        async def busy() -> bool:
            return first.task.done() or bool(stuck)

        await wait_for(busy, 60, "the first worker's first engine call", step_s=0.05)
        second = start_worker(settings)  # its join revokes the first worker's partitions

        async def over() -> bool:
            done = first.task.done() or second.task.done()
            return done or await output_count(settings) >= len(events)

        try:
            await wait_for(over, 120, "every record while the first trip is stuck")
            assert not first.task.done() and not second.task.done(), "a worker stopped"
        finally:
            release.set()
        await asyncio.gather(first.finish(), second.finish())

        sanitized = event_ids(await read_all(settings, settings.sanitized("call_logs")))
        dead = await read_all(settings, settings.dlq("call_logs"))
        assert not [i for i, n in Counter(sanitized).items() if n > 1], "duplicates"
        assert len(sanitized) + len(dead) == len(events), "gaps"
        assert set(sanitized) <= {e["event_id"] for e in events}

    asyncio.run(run())
    assert len(stuck) == 1
    assert any(runner != stuck[0] for runner in per_runner), "the second worker processed nothing"
