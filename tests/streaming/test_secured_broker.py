"""On a broker with SASL/SCRAM and the StandardAuthorizer, each principal reaches only what the
ACLs of pipeline/streaming/kafka/acls.py allow: only the worker reads raw.* and writes pii.vault*;
analytics reads sanitized.* and analytics.*, ads only ads.*."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from aiokafka import TopicPartition
from aiokafka.admin import NewTopic
from aiokafka.errors import (
    KafkaConnectionError,
    TopicAuthorizationFailedError,
    TransactionalIdAuthorizationFailed,
)

from tests.streaming.secure_broker import PREFIX, admin, consumer, producer

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(300)]

TOPICS = [
    "raw.call_logs",
    "sanitized.call_logs",
    "dlq.call_logs",
    "pii.vault",
    "pii.vault.keys",
    "analytics.call_volume",
    "ads.audience",
]


async def _create_topics(principals: Path) -> None:
    client = admin(principals)
    await client.start()
    try:
        existing = set(await client.list_topics())
        new = [NewTopic(PREFIX + t, 1, 1) for t in TOPICS if PREFIX + t not in existing]
        if new:
            await client.create_topics(new)
    finally:
        await client.close()
    writer = producer(principals, "admin")
    await writer.start()
    try:
        for topic in TOPICS:
            await writer.send_and_wait(PREFIX + topic, json.dumps({"topic": topic}).encode())
    finally:
        await writer.stop()


async def _can_read(principals: Path, name: str, topic: str) -> bool:
    reader = consumer(principals, name, auto_offset_reset="earliest")
    try:
        await reader.start()
        # A topic the principal may not even describe is left out of its metadata (the admin
        # created every one of them).
        cluster = await reader._client.fetch_all_metadata()
        if PREFIX + topic not in cluster.topics():
            return False
        tp = TopicPartition(PREFIX + topic, 0)
        reader.assign([tp])
        await reader.seek_to_beginning(tp)
        for _ in range(20):
            batch = await reader.getmany(tp, timeout_ms=500)
            if batch.get(tp):
                return True
        raise AssertionError(f"{name} read nothing from {topic} and was not refused")
    except TopicAuthorizationFailedError:
        return False
    finally:
        await reader.stop()


async def _can_write(principals: Path, name: str, topic: str) -> bool:
    writer = producer(principals, name)
    try:
        await writer.start()
        await asyncio.wait_for(writer.send_and_wait(PREFIX + topic, b"{}"), 30)
        return True
    except TopicAuthorizationFailedError:
        return False
    finally:
        await writer.stop()


@pytest.fixture(scope="module")
def principals(secure_principals: Path) -> Path:
    asyncio.run(_create_topics(secure_principals))
    return secure_principals


@pytest.mark.parametrize(
    ("name", "allowed", "denied"),
    [
        (
            "ads",
            ["ads.audience"],
            ["raw.call_logs", "sanitized.call_logs", "pii.vault", "dlq.call_logs"],
        ),
        (
            "analytics",
            ["sanitized.call_logs", "analytics.call_volume"],
            ["raw.call_logs", "pii.vault", "pii.vault.keys", "dlq.call_logs", "ads.audience"],
        ),
        ("worker", ["raw.call_logs", "pii.vault.keys"], ["analytics.call_volume", "ads.audience"]),
        ("aggregator", ["sanitized.call_logs"], ["raw.call_logs", "pii.vault", "pii.vault.keys"]),
    ],
)
def test_each_principal_reads_only_what_its_acls_allow(
    principals: Path, name: str, allowed: list[str], denied: list[str]
) -> None:
    async def check() -> dict[str, bool]:
        return {t: await _can_read(principals, name, t) for t in allowed + denied}

    readable = asyncio.run(check())
    assert readable == {**dict.fromkeys(allowed, True), **dict.fromkeys(denied, False)}


def test_only_the_worker_writes_the_vault(principals: Path) -> None:
    async def check() -> dict[str, bool]:
        return {
            name: await _can_write(principals, name, "pii.vault")
            for name in ("worker", "aggregator", "analytics", "ads")
        }

    assert asyncio.run(check()) == {
        "worker": True,
        "aggregator": False,
        "analytics": False,
        "ads": False,
    }


def test_a_wrong_password_is_refused(principals: Path, tmp_path: Path) -> None:
    found = json.loads((principals / "ads.json").read_text())
    (tmp_path / "ads.json").write_text(json.dumps({**found, "password": "wrong"}))

    async def connect() -> None:
        reader = consumer(tmp_path, "ads", request_timeout_ms=10_000)
        try:
            await reader.start()
        finally:
            await reader.stop()

    with pytest.raises(KafkaConnectionError):
        asyncio.run(connect())


def test_transactional_ids_are_limited_to_the_principals_prefix(principals: Path) -> None:
    from aiokafka import AIOKafkaProducer

    from tests.streaming.secure_broker import client_config

    async def start(transactional_id: str) -> None:
        writer = AIOKafkaProducer(
            **client_config(principals, "worker"), transactional_id=transactional_id
        )
        try:
            await writer.start()
        finally:
            await writer.stop()

    asyncio.run(start(PREFIX + "pii-pipeline.task0.x"))
    with pytest.raises(TransactionalIdAuthorizationFailed):
        asyncio.run(start("someone-else.task0"))


def test_consume_authenticates_from_a_client_file_and_the_acls_hold(
    principals: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pipeline.cli import main

    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.setenv("PII_TOPIC_PREFIX", PREFIX)
    argv = ["consume", "--from-beginning", "--max", "1", "--timeout", "10"]

    monkeypatch.setenv("PII_KAFKA_CLIENT_FILE", str(principals / "analytics.json"))
    assert main([*argv[:1], "sanitized.call_logs", *argv[1:]]) == 0
    assert json.loads(capsys.readouterr().out) == {"topic": "sanitized.call_logs"}

    monkeypatch.setenv("PII_KAFKA_CLIENT_FILE", str(principals / "ads.json"))
    assert main([*argv[:1], "sanitized.call_logs", *argv[1:]]) == 1
    out = capsys.readouterr()
    assert out.out == "" and len(out.err.strip().splitlines()) == 1
