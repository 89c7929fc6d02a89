"""Poison records of every kind go to the dead-letter topic, encrypted, and the stream goes on."""

from __future__ import annotations

import asyncio
import json

import pytest

from pipeline.corpus import generate
from pipeline.errors import VaultError
from pipeline.streaming.kafka.io import produce
from pipeline.streaming.kafka.topics import ensure_topics
from pipeline.streaming.worker.deadletter import open_payload
from pipeline.streaming.worker.keystore import KafkaKeyStore
from pipeline.vault.keys import KeyRing
from tests.streaming.conftest import SettingsFactory
from tests.streaming.streaming_support import (
    SECRETS,
    event_ids,
    output_count,
    read_all,
    start_worker,
    wait_for,
)

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(240)]


def _poison() -> list[tuple[bytes | None, str]]:
    good = generate("call_logs", 1, "poison")[0].event
    wrong_type = {**good, "event_id": "wrong-type", "call_duration": {"nested": [1]}}
    deep: object = 1
    for _ in range(40):
        deep = {"a": deep}
    text = json.dumps({**good, "event_id": "poison"})

    def spliced(field: str, literal: str) -> bytes:
        """The good event with `field` set to a JSON literal json.dumps would never write."""
        head, sep, _ = text.partition(f'"{field}": ')
        rest = text[len(head) + len(sep) :]
        return (head + sep + literal + rest[rest.index(",") :]).encode()

    return [
        (b"\xff\xfe not utf-8", "undecodable"),
        (b'{"event_id": "cut-off", "from_number": "+1415', "undecodable"),
        (b"[1, 2, 3]", "undecodable"),
        (None, "undecodable"),  # a tombstone on a raw topic
        (b"", "undecodable"),
        (json.dumps(wrong_type).encode(), "contract"),
        (json.dumps({"event_id": "too-deep", "x": deep}).encode(), "too_large"),
        (json.dumps({"event_id": "huge", "pad": "x" * 1_100_000}).encode(), "too_large"),
        (
            json.dumps({**good, "event_id": "long", "caller_name": "x" * 70_000}).encode(),
            "too_large",
        ),
        # Lone surrogates: escaped (the decoded str has no UTF-8 form) and as raw bytes.
        (spliced("caller_name", '"\\udc80"'), "undecodable"),
        (spliced("hangup_cause_name", '"A\\ud800B"'), "undecodable"),
        (text.replace('"event_id"', '"\\udfff"', 1).encode(), "undecodable"),
        (spliced("caller_name", '"\\udc80"').replace(b"\\udc80", b"\xed\xb2\x80"), "undecodable"),
        # Numbers: beyond the int-to-string limit, and the constants strict JSON does not have.
        (spliced("call_duration", "1" * 5000), "undecodable"),
        (spliced("call_duration", "NaN"), "undecodable"),
        (spliced("bill_duration", "Infinity"), "undecodable"),
        (spliced("bill_duration", "-Infinity"), "undecodable"),
        (spliced("call_duration", "1e999"), "undecodable"),
    ]


def test_every_kind_of_poison_record_is_dead_lettered_and_the_stream_continues(
    stream_settings: SettingsFactory,
) -> None:
    settings = stream_settings(streams=("call_logs",), partitions=1)
    good = [json.dumps(e.event).encode() for e in generate("call_logs", 20, "dlq")]
    poison = _poison()
    # Good records around and between the poison ones, in one partition: order is known.
    values: list[bytes | None] = list(good[:5])
    for value, _ in poison:
        values += [value, good[5 + len(values) % 15]]
    values += good[15:]
    expected_good = {json.loads(v)["event_id"] for v in values if v is not None and v in good}

    async def run() -> None:
        await ensure_topics(settings)
        keys = [b"poison" if v is None else None for v in values]  # a tombstone needs a key
        await produce(settings, settings.raw("call_logs"), values, keys=keys)
        worker = start_worker(settings)

        async def all_out() -> bool:
            if worker.task.done():
                worker.task.result()
            return await output_count(settings) >= len(values)

        await wait_for(all_out, 120, "every record to be processed")
        await worker.finish()

        sanitized = await read_all(settings, settings.sanitized("call_logs"))
        dead = await read_all(settings, settings.dlq("call_logs"))
        assert set(event_ids(sanitized)) == expected_good
        assert len(sanitized) + len(dead) == len(values)
        assert len(dead) == len(poison)

        keys = KafkaKeyStore(settings, writable=False)
        await keys.start()
        try:
            ring = KeyRing(SECRETS.master_key, keys)
            for message, (raw, error_class) in zip(dead, poison, strict=True):
                h = message.headers
                offset = int(h["source_offset"])
                assert h["source_topic"] == settings.raw("call_logs").encode()
                assert h["source_partition"] == b"0"
                assert values[offset] == raw
                assert h["error_class"] == error_class.encode()
                assert h["reason"]
                body = message.json()
                assert body["error_class"] == error_class
                assert body["source"]["offset"] == offset
                if raw:
                    assert raw not in (message.value or b"")  # encrypted, not copied
                assert open_payload(ring, body) == raw
                assert open_payload(ring, body, "key") == (b"poison" if raw is None else None)
                if raw:
                    with pytest.raises(VaultError):
                        open_payload(KeyRing(b"w" * 32, keys), body)
        finally:
            await keys.stop()

    asyncio.run(run())
