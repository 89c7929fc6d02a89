"""Workers as real processes: killed with SIGKILL and restarted, and two sharing one group."""

from __future__ import annotations

import asyncio
import json
import signal
from collections import Counter
from pathlib import Path

import pytest

from pipeline.corpus import generate
from pipeline.outcome import STREAMS
from pipeline.streaming.kafka.io import produce
from pipeline.streaming.kafka.topics import ensure_topics
from pipeline.streaming.settings import StreamSettings
from tests.streaming.conftest import SettingsFactory
from tests.streaming.streaming_support import (
    WorkerProcess,
    event_ids,
    output_count,
    read_all,
    stop_all,
    wait_for,
)

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(90)]


def _check_exact(settings: StreamSettings, expected: dict[str, set[str]]) -> None:
    async def read() -> None:
        for stream, ids in expected.items():
            sanitized = event_ids(await read_all(settings, settings.sanitized(stream)))
            dead = await read_all(settings, settings.dlq(stream))
            duplicates = [i for i, n in Counter(sanitized).items() if n > 1]
            assert not duplicates, f"{len(duplicates)} duplicate event ids in {stream}"
            assert len(sanitized) + len(dead) == len(ids), stream
            assert set(sanitized) <= ids

    asyncio.run(read())


def test_worker_killed_mid_stream_and_restarted_loses_and_duplicates_nothing(
    stream_settings: SettingsFactory, tmp_path: Path
) -> None:
    settings = stream_settings(streams=("call_logs",), batch_size=20)
    # enough that the worker cannot finish before the first poll sees 150 records committed
    events = [e.event for e in generate("call_logs", 5000, "kill")]
    total = len(events)
    asyncio.run(ensure_topics(settings))
    asyncio.run(
        produce(settings, settings.raw("call_logs"), [json.dumps(e).encode() for e in events])
    )

    first = WorkerProcess(settings, tmp_path / "first.log")
    try:
        asyncio.run(wait_for(lambda: _at_least(settings, 150), 40, "the first committed batches"))
        children = first.children()
        assert children, "the engine runs in a process of its own"
    finally:
        assert first.stop(signal.SIGKILL) == -signal.SIGKILL

    async def orphans_gone() -> bool:
        return not [pid for pid in children if Path(f"/proc/{pid}").exists()]

    asyncio.run(wait_for(orphans_gone, 10, "the killed worker's engine process to exit"))
    done_at_kill = asyncio.run(output_count(settings))
    assert done_at_kill < total, "the worker finished before it was killed"

    second = WorkerProcess(settings, tmp_path / "second.log", own_group=True)
    try:
        asyncio.run(wait_for(lambda: _at_least(settings, total), 120, "the rest after restart"))
    finally:
        # Ctrl-C reaches the engine process too: the worker stops cleanly, and no process of the
        # group prints a traceback (the engine's idle pool worker did, before it ignored SIGINT)
        assert second.interrupt() == 0, second.text()[-2000:]
    assert "Traceback" not in second.text(), second.text()[-2000:]
    _check_exact(settings, {"call_logs": {e["event_id"] for e in events}})
    assert 0 < second.processed() < total


def test_two_workers_share_partitions_and_their_union_is_exact(
    stream_settings: SettingsFactory, tmp_path: Path
) -> None:
    settings = stream_settings(batch_size=50)
    asyncio.run(ensure_topics(settings))
    # Their engines run in a thread: the engine process is the kill test's; here two of them
    # would load spaCy at once, on the same two cores, before either worker got a record.
    workers = [
        WorkerProcess(settings, tmp_path / f"w{i}.log", {"PII_ENGINE_MODE": "thread"})
        for i in range(2)
    ]
    try:
        asyncio.run(wait_for(lambda: _all_assigned(workers), 40, "both workers to get partitions"))
        expected: dict[str, set[str]] = {}
        for stream in STREAMS:
            events = [e.event for e in generate(stream, 100, "two")]
            expected[stream] = {e["event_id"] for e in events}
            values = [json.dumps(e).encode() for e in events]
            asyncio.run(produce(settings, settings.raw(stream), values))
        asyncio.run(wait_for(lambda: _at_least(settings, 300), 45, "all 300 records"))
    finally:
        codes = stop_all(workers)
    assert codes == [0, 0], [w.text()[-2000:] for w in workers]
    counts = [w.processed() for w in workers]
    assert all(c > 0 for c in counts), counts
    assert sum(counts) == 300, counts
    _check_exact(settings, expected)


async def _at_least(settings: StreamSettings, count: int) -> bool:
    return await output_count(settings) >= count


async def _all_assigned(workers: list[WorkerProcess]) -> bool:
    for w in workers:
        if w.proc.poll() is not None:
            raise AssertionError(f"worker exited: {w.text()[-2000:]}")
    return all(w.assigned() for w in workers)
