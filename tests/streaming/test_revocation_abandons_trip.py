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
from collections import Counter
from collections.abc import Sequence

import pytest

from pipeline.corpus import generate
from pipeline.streaming.worker.routing import Routed
from pipeline.streaming.worker.runner import Job, ThreadRunner
from tests.streaming.conftest import SettingsFactory
from tests.streaming.streaming_support import assert_exact, join_while_busy, until_output

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
        first, second = await join_while_busy(settings, events, lambda: bool(stuck))
        try:
            await until_output(settings, len(events), [first, second], 120)
        finally:
            release.set()
        await asyncio.gather(first.finish(), second.finish())
        await assert_exact(settings, events)

    asyncio.run(run())
    assert len(stuck) == 1
    assert any(runner != stuck[0] for runner in per_runner), "the second worker processed nothing"
