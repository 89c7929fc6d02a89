"""Consent in the sanitizing worker, on the real broker: under 13 and erasure withhold the subject's
events, destroy its vault keys, and a replay from the earliest offset does not bring it back."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from pipeline.corpus import LabelledEvent, generate
from pipeline.errors import VaultError
from pipeline.outcome import VaultEntry
from pipeline.streaming.consent.model import ConsentState
from pipeline.streaming.kafka.io import Message, produce
from pipeline.streaming.kafka.topics import ensure_topics
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker.keystore import KafkaKeyStore, open_entry
from pipeline.transforms.tokens import Tokenizer
from tests.streaming.conftest import SettingsFactory
from tests.streaming.streaming_support import SECRETS, read_all, start_worker, wait_for

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(120)]

EVENTS = 30
MINE = 4  # events of the subject
PHONE = "14155550123"
TOKEN = Tokenizer(SECRETS.token_key).token("PHONE_NUMBER", "+14155550123")


def _events(seed: str) -> list[LabelledEvent]:
    events = generate("call_logs", EVENTS, seed)
    for labelled in events[:MINE]:
        labelled.event["from_number"] = PHONE
        labelled.event["call_direction"] = "inbound"
    return events


async def _publish_consent(settings: StreamSettings, choice: str) -> None:
    state = ConsentState(subject=TOKEN).with_choice(choice)  # type: ignore[arg-type]
    value = json.dumps(state.to_json()).encode()
    await produce(settings, settings.consent_topic, [value], keys=[TOKEN.encode()])


def _mentions(messages: list[Message], text: str) -> list[Message]:
    return [m for m in messages if text.encode() in (m.value or b"") + (m.key or b"")]


async def _count(settings: StreamSettings, topic: str) -> int:
    return len(await read_all(settings, topic))


async def _outputs(settings: StreamSettings) -> int:
    return sum(
        [
            await _count(settings, settings.sanitized("call_logs")),
            await _count(settings, settings.dlq("call_logs")),
            len(await _withheld(settings)),
        ]
    )


async def _withheld(settings: StreamSettings) -> list[dict[str, Any]]:
    records = [json.loads(m.value or b"") for m in await read_all(settings, settings.audit_topic)]
    return [r for r in records if r["action"] == "event_withheld"]


async def _live_keys(settings: StreamSettings) -> int:
    keys = KafkaKeyStore(settings, writable=False)
    await keys.start()
    try:
        return keys.key_count(TOKEN)
    finally:
        await keys.stop()


async def _run_until(settings: StreamSettings, outputs: int) -> None:
    worker = start_worker(settings)

    async def done() -> bool:
        if worker.task.done():
            worker.task.result()
        return await _outputs(settings) >= outputs

    await wait_for(done, 60, f"{outputs} outputs")
    await worker.finish()


def test_under_13_before_the_events_withholds_them_and_writes_no_key(
    stream_settings: SettingsFactory,
) -> None:
    settings = stream_settings(streams=("call_logs",))
    events = _events("minor")

    async def run() -> None:
        await ensure_topics(settings)
        await _publish_consent(settings, "under_13")
        await produce(
            settings, settings.raw("call_logs"), [json.dumps(e.event).encode() for e in events]
        )
        await _run_until(settings, EVENTS)
        withheld = await _withheld(settings)
        assert len(withheld) == MINE
        assert {w["reason"] for w in withheld} == {"under_13"}
        sanitized = await read_all(settings, settings.sanitized("call_logs"))
        dead = await read_all(settings, settings.dlq("call_logs"))
        assert len(sanitized) + len(dead) + len(withheld) == EVENTS  # nothing lost
        assert _mentions(sanitized, TOKEN) == []
        vault = await read_all(settings, settings.vault_topic)
        assert _mentions(vault, TOKEN) == []
        assert await _live_keys(settings) == 0
        audit = await read_all(settings, settings.audit_topic)
        assert _mentions(audit, TOKEN) == [] and _mentions(audit, PHONE[1:]) == []

    asyncio.run(run())


def test_erasure_destroys_the_keys_and_a_replay_does_not_bring_the_subject_back(
    stream_settings: SettingsFactory,
) -> None:
    settings = stream_settings(streams=("call_logs",))
    events = _events("erase")

    async def run() -> None:
        await ensure_topics(settings)
        await produce(
            settings, settings.raw("call_logs"), [json.dumps(e.event).encode() for e in events]
        )
        worker = start_worker(settings)

        async def processed() -> bool:
            if worker.task.done():
                worker.task.result()
            return await _outputs(settings) >= EVENTS

        await wait_for(processed, 60, "the first pass")
        vault = await read_all(settings, settings.vault_topic)
        mine = [VaultEntry(**json.loads(m.value or b"")) for m in _mentions(vault, TOKEN)]
        mine = [entry for entry in mine if entry.subject == TOKEN]
        assert len(mine) >= MINE  # the caller's number, at least, under its own token
        keys = KafkaKeyStore(settings, writable=False)
        await keys.start()
        try:
            assert open_entry(SECRETS.master_key, keys, mine[0])  # readable before erasure
        finally:
            await keys.stop()

        await _publish_consent(settings, "erase")  # while the worker runs

        async def destroyed() -> bool:
            return await _live_keys(settings) == 0

        await wait_for(destroyed, 30, "the subject's keys to be destroyed")
        await worker.finish()
        audit = [json.loads(m.value or b"") for m in await read_all(settings, settings.audit_topic)]
        assert [a for a in audit if a["action"] == "keys_destroyed" and a["keys"] >= 1]

        # Replay: a new group reads the raw topic from the earliest offset.
        replay = settings.model_copy(update={"group_id": settings.group_id + "-replay"})
        first = await read_all(settings, settings.sanitized("call_logs"))
        assert len(_mentions(first, TOKEN)) == MINE
        await _run_until(replay, 2 * EVENTS)
        assert {w["reason"] for w in await _withheld(settings)} == {"erase"}
        assert len(await _withheld(settings)) == MINE
        sanitized = await read_all(settings, settings.sanitized("call_logs"))
        assert len(_mentions(sanitized, TOKEN)) == MINE  # the replay did not bring it back
        assert len(sanitized) == 2 * len(first) - MINE
        assert await _live_keys(settings) == 0  # no new key for the subject either
        keys = KafkaKeyStore(settings, writable=False)
        await keys.start()
        try:
            for entry in mine:
                with pytest.raises(VaultError):
                    open_entry(SECRETS.master_key, keys, entry)
        finally:
            await keys.stop()
        audit_raw = await read_all(settings, settings.audit_topic)
        assert _mentions(audit_raw, TOKEN) == [] and _mentions(audit_raw, PHONE[1:]) == []

    asyncio.run(run())


def test_under_13_published_while_the_worker_runs_withholds_the_events_after_it(
    stream_settings: SettingsFactory,
) -> None:
    settings = stream_settings(streams=("call_logs",))
    events = _events("minor-late")
    others, mine = events[MINE:], events[:MINE]

    async def run() -> None:
        await ensure_topics(settings)
        topic = settings.raw("call_logs")
        await produce(settings, topic, [json.dumps(e.event).encode() for e in others])
        worker = start_worker(settings)

        async def outputs(n: int) -> bool:
            if worker.task.done():
                worker.task.result()
            return await _outputs(settings) >= n

        await wait_for(lambda: outputs(len(others)), 60, "the other events")
        await _publish_consent(settings, "under_13")

        async def destroyed() -> bool:
            audit = await read_all(settings, settings.audit_topic)
            return any(b"keys_destroyed" in (m.value or b"") for m in audit)

        await wait_for(destroyed, 30, "the worker to apply the consent")
        await produce(settings, topic, [json.dumps(e.event).encode() for e in mine])
        await wait_for(lambda: outputs(EVENTS), 60, "the subject's events")
        await worker.finish()
        assert len(await _withheld(settings)) == MINE
        sanitized = await read_all(settings, settings.sanitized("call_logs"))
        assert _mentions(sanitized, TOKEN) == []

    asyncio.run(run())
