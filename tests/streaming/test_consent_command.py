"""`pii-pipeline consent`: the subject is tokenized before anything is published; choices merge."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest

from pipeline.cli import main
from pipeline.streaming.kafka.io import read_topic
from pipeline.streaming.settings import StreamSettings
from pipeline.transforms.tokens import Tokenizer

KEY = hashlib.sha256(b"token key").hexdigest()
PHONE = "+1 415-555-0123"


@pytest.mark.kafka
def test_consent_is_published_tokenized_and_merged(
    stream_settings: Callable[..., StreamSettings],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = stream_settings()
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", settings.bootstrap_servers)
    monkeypatch.setenv("PII_TOPIC_PREFIX", settings.topic_prefix)
    monkeypatch.setenv("PII_TOKEN_KEY", KEY)
    monkeypatch.setenv("PII_VAULT_MASTER_KEY", hashlib.sha256(b"master key").hexdigest())
    assert main(["consent", PHONE, "--do-not-share"]) == 0
    assert main(["consent", "4155550123", "--kind", "phone", "--erase"]) == 0
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    token = Tokenizer(bytes.fromhex(KEY)).token("PHONE_NUMBER", "+14155550123")
    assert {p["subject"] for p in printed} == {token}  # the same person however it is written

    messages = asyncio.run(read_topic(settings, settings.consent_topic, timeout_s=10.0))
    records: list[dict[str, Any]] = [json.loads(m.value) for m in messages if m.value]
    assert [m.key for m in messages] == [token.encode(), token.encode()]
    latest = records[-1]
    assert latest["do_not_share"] and latest["erase"] and not latest["under_13"]
    assert latest["do_not_share_at"] == records[0]["do_not_share_at"]  # first time kept
    raw = b"".join(m.value or b"" for m in messages)
    assert b"4155550123" not in raw and b"415-555" not in raw
