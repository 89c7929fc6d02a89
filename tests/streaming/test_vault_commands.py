"""`vault show` and `vault rotate` on the broker: entries a worker wrote, keys in pii.vault.keys;
and an event on the wrong stream's topic ends in the dead letters with its reason."""

from __future__ import annotations

import asyncio
import hashlib
import json

import pytest

from pipeline.cli import main
from pipeline.streaming.kafka.io import Message, produce, read_topic
from pipeline.streaming.settings import StreamSettings
from pipeline.vault.keys import WrappedKey
from pipeline.vault.rotation import master_fingerprint
from tests.processing.test_transformations import CALL, NOTIFICATION
from tests.streaming.conftest import SettingsFactory
from tests.streaming.streaming_support import SECRETS, output_count, start_worker, wait_for

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(180)]

CALLER = "+14155550177"
NEW = hashlib.sha256(b"new master key").hexdigest()


def _events() -> list[bytes]:
    calls = [
        {**CALL, "event_id": f"c{i}", "from_number": CALLER, "call_direction": "inbound"}
        for i in range(3)
    ]
    other = {**CALL, "event_id": "c-other", "from_number": "+14155550111"}
    wrong = {**NOTIFICATION, "event_id": "n-on-calls"}
    return [json.dumps(e).encode() for e in [*calls, other, wrong]]


def test_subject_access_rotation_and_wrong_stream_on_the_broker(
    stream_settings: SettingsFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The worker only fills the topics the vault commands read: its engine runs in a thread
    # (no engine process to spawn; the process runner has the end-to-end and process tests).
    settings = stream_settings(streams=("call_logs",), engine_mode="thread")
    for name, value in {
        "KAFKA_BOOTSTRAP_SERVERS": settings.bootstrap_servers,
        "PII_TOPIC_PREFIX": settings.topic_prefix,
        "PII_STREAMS": '["call_logs"]',
        "PII_TOKEN_KEY": SECRETS.token_key.hex(),
        "PII_VAULT_MASTER_KEY": SECRETS.master_key.hex(),
        "NEW_MASTER": NEW,
    }.items():
        monkeypatch.setenv(name, value)
    events = _events()

    async def run_worker() -> None:
        worker = start_worker(settings)
        await produce(settings, settings.raw("call_logs"), events)
        await wait_for(
            lambda: _at_least(settings, len(events)), 90, "every event sanitized or rejected"
        )
        await worker.finish()

    asyncio.run(run_worker())
    [dead] = asyncio.run(read_topic(settings, settings.dlq("call_logs"), timeout_s=20))
    letter = json.loads(dead.value or b"{}")
    assert letter["error_class"] == "wrong_stream" and "notification_logs" in letter["reason"]

    capsys.readouterr()
    assert main(["vault", "show", "+1 415 555 0177"]) == 0
    shown = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {s["event_id"] for s in shown} == {"c0", "c1", "c2"}
    assert {s["value"] for s in shown if s["path"] == "from_number"} == {CALLER}

    audit = [json.loads(m.value or b"{}") for m in _read(settings, settings.audit_topic)]
    [access] = [a for a in audit if a.get("action") == "subject_access"]
    assert access["entries"] == len(shown)
    assert "tok_" not in json.dumps(access) and CALLER not in json.dumps(access)

    assert main(["vault", "rotate", "--new-master-key-env", "NEW_MASTER"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["vault", "rotate", "--new-master-key-env", "NEW_MASTER"]) == 0
    again = json.loads(capsys.readouterr().out)
    live = len(_live_keys(settings))
    assert first["rewrapped"] == live >= 2 and first["failed"] == 0
    assert again == {"rewrapped": 0, "done": live, "failed": 0, "re_destroyed": 0}
    assert {k.master_id for k in _live_keys(settings)} == {master_fingerprint(bytes.fromhex(NEW))}

    monkeypatch.setenv("PII_VAULT_MASTER_KEY", NEW)  # the workers' new key
    assert main(["vault", "show", CALLER]) == 0
    after = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(after, key=json.dumps) == sorted(shown, key=json.dumps)


async def _at_least(settings: StreamSettings, n: int) -> bool:
    return await output_count(settings) >= n


def _read(settings: StreamSettings, topic: str) -> list[Message]:
    return asyncio.run(read_topic(settings, topic, timeout_s=20))


def _live_keys(settings: StreamSettings) -> list[WrappedKey]:
    latest: dict[bytes | None, bytes | None] = {}
    for m in _read(settings, settings.vault_keys_topic):
        latest[m.key] = m.value
    return [WrappedKey.from_json(json.loads(v)) for v in latest.values() if v is not None]
