"""`txn_preopen`: a task's next transaction begins as soon as its last one committed. Trips take
the pre-opened transactions, idle ones are aborted after `txn_preopen_idle_ms`, a rebalance
aborts them before the handover - and every record still comes out exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import pytest

from pipeline.corpus import generate
from pipeline.streaming.worker import commits as commits_module
from pipeline.streaming.worker.commits import Commits
from tests.streaming.conftest import SettingsFactory
from tests.streaming.streaming_support import assert_exact, publish, start_worker, until_output

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(150)]

ROUND = 120  # events published per round
PIECE = 10  # the second round goes in pieces, each once the one before is out
IDLE_MS = 1500


def test_preopened_transactions_are_taken_closed_when_idle_and_the_output_is_exact(
    stream_settings: SettingsFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = stream_settings(
        streams=("call_logs",),
        batch_size=20,
        engine_mode="thread",
        txn_preopen=True,
        txn_preopen_idle_ms=IDLE_MS,
    )
    events = [e.event for e in generate("call_logs", 3 * ROUND, "preopen")]
    seen = Counter[str]()
    preopen, opened, aborted = (
        commits_module.preopen,
        Commits._open,
        Commits._abort_preopened,
    )

    async def counted_preopen(producer: Any, committed: Any, group: str, expected: Any) -> None:
        seen["preopened"] += 1
        assert committed, "pre-opened with the offsets just committed"
        await preopen(producer, committed, group, expected)

    async def counted_open(
        producer: Any, gathering: Any, group: str, expected: Any, pre: Any
    ) -> None:
        seen["taken" if pre is not None else "begun"] += 1
        await opened(producer, gathering, group, expected, pre)

    async def counted_abort(self: Commits, task: int, pre: Any, previous: Any) -> bool:
        seen["aborted"] += 1
        return await aborted(self, task, pre, previous)

    monkeypatch.setattr(commits_module, "preopen", counted_preopen)
    monkeypatch.setattr(Commits, "_open", staticmethod(counted_open))
    monkeypatch.setattr(Commits, "_abort_preopened", counted_abort)

    async def run() -> None:
        await publish(settings, events[:ROUND])
        first = start_worker(settings)
        await until_output(settings, ROUND, [first], 90)
        await asyncio.sleep(2 * IDLE_MS / 1000)  # idle: each pre-opened transaction is aborted
        idle = dict(seen)
        assert idle.get("preopened", 0) >= 1
        assert idle.get("aborted", 0) >= 1, idle
        # Piece by piece: once a piece is out, its task's transaction committed with none
        # behind it and pre-opened the next one, which the next piece's trip takes (unless
        # it comes after the idle time: a loaded machine; there are 12 pieces).
        for end in range(ROUND + PIECE, 2 * ROUND + 1, PIECE):
            await publish(settings, events[end - PIECE : end])
            await until_output(settings, end, [first], 60)
        assert seen["taken"] >= 1, dict(seen)  # a trip found its transaction open
        second = start_worker(settings)  # the rebalance drains: pre-opened ones are aborted
        await publish(settings, events[2 * ROUND :])
        await until_output(settings, 3 * ROUND, [first, second], 90)
        await first.finish()
        await second.finish()
        await assert_exact(settings, events)

    asyncio.run(run())
    # Every pre-opened transaction was taken by a trip or aborted (idle, drained), or went with
    # its producer when its task moved to the other worker.
    assert seen["taken"] + seen["aborted"] <= seen["preopened"]
