"""Replication per topic class (production defaults, local override), the client file, security
settings refused when incomplete, and `--no-create-topics` (verify instead of create)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from pipeline.errors import BrokerError
from pipeline.streaming.kafka.topics import ensure_topics, topic_class
from pipeline.streaming.settings import StreamSettings
from tests.streaming.conftest import SettingsFactory


def test_replication_is_production_grade_unless_the_broker_is_local() -> None:
    remote = StreamSettings(bootstrap_servers="kafka-1.internal:9092,kafka-2.internal:9092")
    local = StreamSettings(bootstrap_servers="127.0.0.1:9092,localhost:9093")
    per_class = StreamSettings(
        bootstrap_servers="kafka-1.internal:9092",
        replication_by_class={"raw": 2},
        min_insync_replicas=2,
    )

    assert remote.replication("vault") == (3, 2)
    assert local.replication("vault") == (1, 1)
    assert per_class.replication("raw") == (2, 2) and per_class.replication("vault") == (3, 2)
    assert topic_class(remote, "pii.vault.keys") == "vault"
    assert topic_class(StreamSettings(topic_prefix="t."), "t.dlq.call_logs") == "dlq"
    assert topic_class(remote, "analytics.call_volume") == "aggregate"


def test_client_file_fills_the_connection_and_the_password_is_masked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the file fills what the environment leaves unset: a test broker named there is not it
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.delenv("PII_BOOTSTRAP_SERVERS", raising=False)
    file = tmp_path / "worker.json"
    record = {
        "bootstrap": "127.0.0.1:19094",
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-512",
        "username": "worker",
        "password": "s3cret-password",
    }
    file.write_text(json.dumps(record))
    settings = StreamSettings(kafka_client_file=file)

    assert settings.bootstrap_servers == "127.0.0.1:19094"
    assert (settings.security_protocol, settings.sasl_mechanism) == (
        "SASL_PLAINTEXT",
        "SCRAM-SHA-512",
    )
    assert settings.sasl_password is not None
    assert settings.sasl_password.get_secret_value() == "s3cret-password"
    assert "s3cret-password" not in repr(settings) and "s3cret-password" not in str(
        settings.model_dump()
    )
    explicit = StreamSettings(kafka_client_file=file, bootstrap_servers="elsewhere:9092")
    assert explicit.bootstrap_servers == "elsewhere:9092"  # set explicitly: not overridden


@pytest.mark.parametrize(
    "values",
    [
        {"security_protocol": "SASL_SSL", "sasl_mechanism": "PLAIN"},  # no user, no password
        {"security_protocol": "SSL", "ssl_cafile": "/nonexistent/ca.pem"},
        {"ssl_certfile": __file__},  # a certificate without its key
    ],
)
def test_incomplete_security_settings_are_refused(values: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        StreamSettings(**values)


@pytest.mark.kafka
def test_no_create_topics_verifies_instead_and_names_what_differs(
    stream_settings: SettingsFactory,
) -> None:
    settings = stream_settings(streams=("call_logs",))
    verify = settings.model_copy(update={"create_topics": False})

    with pytest.raises(BrokerError, match="does not exist"):
        asyncio.run(ensure_topics(verify))
    asyncio.run(ensure_topics(settings))
    assert asyncio.run(ensure_topics(verify)) == []  # as required: nothing created, no error
    more = verify.model_copy(update={"partitions": settings.partitions + 1})
    with pytest.raises(BrokerError, match="partitions"):
        asyncio.run(ensure_topics(more))


def test_every_client_gets_the_security_settings() -> None:
    import ssl

    import certifi

    from pipeline.streaming.kafka.clients import connection

    plain = connection(StreamSettings(bootstrap_servers="b:9092"))
    secured = connection(
        StreamSettings(
            bootstrap_servers="b:9093",
            security_protocol="SASL_SSL",
            sasl_mechanism="SCRAM-SHA-256",
            sasl_username="worker",
            sasl_password="pw",  # type: ignore[arg-type]
            ssl_cafile=Path(certifi.where()),
        )
    )

    assert plain == {"bootstrap_servers": "b:9092", "security_protocol": "PLAINTEXT"}
    assert secured["security_protocol"] == "SASL_SSL"
    assert (secured["sasl_mechanism"], secured["sasl_plain_username"]) == (
        "SCRAM-SHA-256",
        "worker",
    )
    assert secured["sasl_plain_password"] == "pw"
    assert isinstance(secured["ssl_context"], ssl.SSLContext)
    assert secured["ssl_context"].verify_mode == ssl.CERT_REQUIRED
