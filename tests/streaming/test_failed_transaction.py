"""A transaction that fails mid-way is aborted and stops the worker; restarted, the worker
resumes from the committed offsets and the output is exact (no loss, no duplicate)."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from typing import Any

import pytest
from aiokafka.errors import KafkaConnectionError

from pipeline.corpus import generate
from pipeline.errors import BrokerError
from pipeline.streaming.kafka.io import produce
from pipeline.streaming.kafka.topics import ensure_topics
from pipeline.streaming.worker.commits import Commits
from tests.streaming.conftest import SettingsFactory
from tests.streaming.streaming_support import (
    RunningWorker,
    event_ids,
    output_count,
    read_all,
    start_worker,
    wait_for,
)

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(120)]

EVENTS = 400
FAILURES = 2  # the 4th commit of the first worker fails, then the first commit of the second
# (the first worker's other tasks go on committing until it stops, so the second may have only one
# transaction's worth of records left: the aborted one)


def test_a_failed_transaction_stops_the_worker_and_a_restart_loses_and_duplicates_nothing(
    stream_settings: SettingsFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The engine in a thread: what fails here is the transaction, not the engine, and each of the
    # three workers would otherwise spawn an engine process (spaCy loaded anew, 10-20 s each).
    settings = stream_settings(streams=("call_logs",), batch_size=20, engine_mode="thread")
    events = [e.event for e in generate("call_logs", EVENTS, "rewind")]
    original = Commits._commit
    calls = Counter[str]()
    # Keyed by the worker's commits (one per worker) themselves, held here: an `id()` of one that
    # was collected can come back as the id of the next, which then never reaches its 4th commit.
    per_worker: dict[Commits, int] = {}

    async def flaky(self: Commits, task: int, producer: Any, gathering: Any, group: str) -> None:
        per_worker[self] = per_worker.get(self, 0) + 1
        if per_worker[self] == (4 if not calls["failed"] else 1) and calls["failed"] < FAILURES:
            # Fails inside the transaction: begun, the trip's input offsets already added.
            assert producer._txn_manager.is_in_transaction()
            calls["failed"] += 1
            raise KafkaConnectionError("injected failure")
        await original(self, task, producer, gathering, group)

    monkeypatch.setattr(Commits, "_commit", flaky)

    async def run() -> None:
        await ensure_topics(settings)
        await produce(settings, settings.raw("call_logs"), [json.dumps(e).encode() for e in events])
        stopped = 0
        for _ in range(FAILURES + 1):
            worker = start_worker(settings)

            async def over(worker: RunningWorker = worker) -> bool:
                return worker.task.done() or await output_count(settings) >= EVENTS

            await wait_for(over, 60, "every record or the worker to stop")
            if worker.task.done():
                with pytest.raises(BrokerError, match="transaction of task"):
                    worker.task.result()
                stopped += 1
                continue
            await worker.finish()
            break
        assert stopped == FAILURES, f"commits per worker: {list(per_worker.values())}"

        sanitized = event_ids(await read_all(settings, settings.sanitized("call_logs")))
        dead = await read_all(settings, settings.dlq("call_logs"))
        assert not [i for i, n in Counter(sanitized).items() if n > 1], "duplicates"
        assert len(sanitized) + len(dead) == EVENTS
        assert set(sanitized) <= {e["event_id"] for e in events}

    asyncio.run(run())
    assert calls["failed"] == FAILURES
