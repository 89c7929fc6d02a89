"""The Faust runtime on a real broker: a corpus end to end, exact counts, no leaks."""

from __future__ import annotations

import asyncio
import json
from collections import Counter

import pytest

from pipeline.corpus import LabelledEvent, find_leaks, generate
from pipeline.outcome import STREAMS, VaultEntry
from pipeline.streaming.faust_app import serve
from pipeline.streaming.metrics import WorkerMetrics
from pipeline.streaming.tools import produce
from pipeline.streaming.topics import ensure_topics
from tests.streaming.conftest import SettingsFactory
from tests.streaming.streaming_support import (
    SECRETS,
    config,
    event_ids,
    output_count,
    read_all,
    wait_for,
)

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(60)]

PER_STREAM = 60


def test_faust_runtime_splits_a_corpus_exactly_without_leaks(
    stream_settings: SettingsFactory,
) -> None:
    settings = stream_settings(runtime="faust", batch_size=32)
    corpus: dict[str, list[LabelledEvent]] = {
        stream: generate(stream, PER_STREAM, "faust") for stream in STREAMS
    }
    labelled = {e.event["event_id"]: e for events in corpus.values() for e in events}
    metrics = WorkerMetrics()

    async def run() -> None:
        await ensure_topics(settings)
        for stream, events in corpus.items():
            values = [json.dumps(e.event).encode() for e in events]
            await produce(settings, settings.raw(stream), values)
        stop = asyncio.Event()
        task = asyncio.create_task(serve(settings, SECRETS, stop, config=config(), metrics=metrics))

        async def all_out() -> bool:
            if task.done():
                task.result()  # re-raises what stopped the app
            return await output_count(settings) >= len(labelled)

        try:
            await wait_for(all_out, 45, "every record to be processed")
        finally:
            stop.set()
            await asyncio.wait_for(task, 30)

    asyncio.run(run())

    def sample(name: str, **labels: str) -> float:
        return metrics.registry.get_sample_value(name, labels) or 0.0

    assert sum(sample("pii_events_in_total", topic=settings.raw(s)) for s in STREAMS) == len(
        labelled
    )

    async def read() -> None:
        vault_events: set[str] = set()
        for m in await read_all(settings, settings.vault_topic):
            entry = VaultEntry(**json.loads(m.value or b""))
            assert m.key == entry.subject.encode()
            vault_events.add(entry.event_id)
        assert vault_events, "no vault entries"
        sanitized_ids: set[str] = set()
        for stream in STREAMS:
            sanitized = await read_all(settings, settings.sanitized(stream))
            dead = await read_all(settings, settings.dlq(stream))
            assert len(sanitized) + len(dead) == PER_STREAM, stream
            ids = event_ids(sanitized)
            assert not [i for i, n in Counter(ids).items() if n > 1], "duplicate event ids"
            assert set(ids) <= {e.event["event_id"] for e in corpus[stream]}
            sanitized_ids |= set(ids)
            for m in sanitized:
                record = json.loads(m.value or b"")
                event = labelled[record["event_id"]]
                assert find_leaks(record, event.planted) == [], record["event_id"]
                assert find_leaks({"key": (m.key or b"").decode()}, event.planted) == []
            planted = [p for e in corpus[stream] for p in e.planted]
            for m in dead:  # the raw payload is encrypted in a dead letter
                assert find_leaks(json.loads(m.value or b""), planted) == [], stream
        assert vault_events <= sanitized_ids  # entries only for events that were sanitized

    asyncio.run(read())
