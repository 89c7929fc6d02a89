"""A corpus through a real broker and one worker: exact counts, no leaks, a decryptable vault."""

from __future__ import annotations

import asyncio
import json
from collections import Counter, defaultdict

import pytest

from pipeline.corpus import LabelledEvent, Planted, find_leaks, generate
from pipeline.errors import VaultError
from pipeline.outcome import STREAMS, VaultEntry
from pipeline.streaming.kafka.io import produce
from pipeline.streaming.kafka.topics import ensure_topics
from pipeline.streaming.worker.keystore import KafkaKeyStore, open_entry
from tests.streaming.conftest import SettingsFactory
from tests.streaming.streaming_support import (
    SECRETS,
    event_ids,
    output_count,
    read_all,
    start_worker,
    wait_for,
)

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(60)]

PER_STREAM = 100


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _same(planted: Planted, value: str) -> bool:
    forms = (planted.value, *planted.leak_forms)
    if any(form.lower() in value.lower() or value.lower() in form.lower() for form in forms):
        return True
    digits = _digits(value)
    return len(digits) >= 7 and any(_digits(f).endswith(digits[-7:]) for f in forms)


def test_corpus_splits_exactly_into_sanitized_and_vault_without_leaks(
    stream_settings: SettingsFactory,
) -> None:
    settings = stream_settings()
    corpus: dict[str, list[LabelledEvent]] = {
        stream: generate(stream, PER_STREAM, "e2e") for stream in STREAMS
    }
    labelled = {e.event["event_id"]: e for events in corpus.values() for e in events}

    async def run() -> None:
        await ensure_topics(settings)
        for stream, events in corpus.items():
            values = [json.dumps(e.event).encode() for e in events]
            await produce(settings, settings.raw(stream), values)
        worker = start_worker(settings)

        async def all_out() -> bool:
            if worker.task.done():
                worker.task.result()  # re-raises what stopped the worker
            return await output_count(settings) >= len(labelled)

        await wait_for(all_out, 45, "every record to be processed")
        done = await worker.finish()
        assert done.processed == len(labelled)

    asyncio.run(run())

    async def read() -> None:
        vault_by_event: dict[str, list[VaultEntry]] = defaultdict(list)
        for m in await read_all(settings, settings.vault_topic):
            entry = VaultEntry(**json.loads(m.value or b""))
            assert m.key == entry.subject.encode()  # one subject's entries in one partition
            vault_by_event[entry.event_id].append(entry)

        for stream in STREAMS:
            sanitized = await read_all(settings, settings.sanitized(stream))
            dead = await read_all(settings, settings.dlq(stream))
            assert len(sanitized) + len(dead) == PER_STREAM, stream
            ids = event_ids(sanitized)
            assert not [i for i, n in Counter(ids).items() if n > 1], "duplicate event ids"
            assert set(ids) <= {e.event["event_id"] for e in corpus[stream]}
            for m in sanitized:
                record = json.loads(m.value or b"")
                event = labelled[record["event_id"]]
                assert find_leaks(record, event.planted) == [], record["event_id"]
                assert find_leaks({"key": (m.key or b"").decode()}, event.planted) == []

        keys = KafkaKeyStore(settings, writable=False)
        await keys.start()
        try:
            opened = 0
            recovered = planted_total = 0
            for event_id, entries in vault_by_event.items():
                event = labelled[event_id]
                by_path: dict[str, list[str]] = defaultdict(list)
                for entry in entries:
                    value = open_entry(SECRETS.master_key, keys, entry)
                    by_path[entry.path].append(value)
                    opened += 1
                    with pytest.raises(VaultError):
                        open_entry(b"x" * 32, keys, entry)  # wrong master key
                # Planted values come back (in one of their spellings: numbers normalised,
                # form bodies URL-decoded); some are generalised or dropped instead of vaulted.
                values = [v for vs in by_path.values() for v in vs]
                planted_total += len(event.planted)
                recovered += sum(any(_same(p, v) for v in values) for p in event.planted)
            assert recovered > planted_total / 2, (recovered, planted_total)
            assert opened > PER_STREAM  # several entries per event
        finally:
            await keys.stop()

        empty = KafkaKeyStore(settings.model_copy(update={"topic_prefix": "none."}), writable=False)
        first = next(iter(vault_by_event.values()))[0]
        with pytest.raises(VaultError):
            open_entry(SECRETS.master_key, empty, first)  # without the data key

    asyncio.run(read())
