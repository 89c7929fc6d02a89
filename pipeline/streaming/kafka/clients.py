"""The one place that constructs Kafka clients: consumers, producers and admin clients.

Every client of the pipeline is built here from the streaming settings, so what every
connection needs (bootstrap servers, security protocol, SASL, a TLS context) is set in one
function, `connection`, and the defaults that matter for exactly-once are set once:

- consumers read committed (`read_committed`), never commit automatically, and start at the
  earliest offset when their group has none;
- plain producers are idempotent with acks=all;
- transactional producers carry a transactional id, the settings' transaction timeout and a
  short retry backoff (`txn_retry_backoff_ms`, see StreamSettings).

Callers pass what differs (client id, group, batching) as keyword arguments, which win over
the defaults. `tests/test_structure.py` checks that no other module of the package
constructs a client.
"""

from __future__ import annotations

from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.helpers import create_ssl_context

from pipeline.streaming.settings import StreamSettings

# Room for record overhead above the largest record the topics accept.
REQUEST_OVERHEAD_BYTES = 64 * 1024


def connection(settings: StreamSettings) -> dict[str, Any]:
    """What every client needs to reach the cluster (aiokafka keyword arguments)."""
    config: dict[str, Any] = {
        "bootstrap_servers": settings.bootstrap_servers,
        "security_protocol": settings.security_protocol,
    }
    if settings.security_protocol in ("SSL", "SASL_SSL"):
        key_password = settings.ssl_key_password
        config["ssl_context"] = create_ssl_context(
            cafile=settings.ssl_cafile,
            certfile=settings.ssl_certfile,
            keyfile=settings.ssl_keyfile,
            password=key_password.get_secret_value() if key_password else None,
        )
    if settings.security_protocol.startswith("SASL"):
        password = settings.sasl_password
        config["sasl_mechanism"] = settings.sasl_mechanism
        config["sasl_plain_username"] = settings.sasl_username
        config["sasl_plain_password"] = password.get_secret_value() if password else None
    return config


def consumer(
    settings: StreamSettings, *topics: str, client_id: str, **options: Any
) -> AIOKafkaConsumer:
    """A consumer (read_committed, no auto-commit; a group when `group_id` is given)."""
    config: dict[str, Any] = {
        "isolation_level": "read_committed",
        "enable_auto_commit": False,
        "auto_offset_reset": "earliest",
        "client_id": client_id,
    }
    config.update(options)
    return AIOKafkaConsumer(*topics, **connection(settings), **config)


def group_consumer(
    settings: StreamSettings, group_id: str, *, client_id: str, **options: Any
) -> AIOKafkaConsumer:
    """A consumer in `group_id`, with the settings' session timeout and a heartbeat a third of
    it."""
    config: dict[str, Any] = {
        "group_id": group_id,
        "session_timeout_ms": settings.session_timeout_ms,
        "heartbeat_interval_ms": max(1000, settings.session_timeout_ms // 3),
    }
    config.update(options)
    return consumer(settings, client_id=client_id, **config)


def producer(settings: StreamSettings, *, client_id: str, **options: Any) -> AIOKafkaProducer:
    """An idempotent producer, acks=all."""
    config: dict[str, Any] = {
        "acks": "all",
        "enable_idempotence": True,
        "client_id": client_id,
        "max_request_size": settings.max_message_bytes + REQUEST_OVERHEAD_BYTES,
    }
    config.update(options)
    return AIOKafkaProducer(**connection(settings), **config)


def transactional_producer(
    settings: StreamSettings, transactional_id: str, *, client_id: str, **options: Any
) -> AIOKafkaProducer:
    """A transactional producer; `start()` runs init_transactions, which fences the previous
    owner of `transactional_id`."""
    config: dict[str, Any] = {
        "transactional_id": transactional_id,
        "transaction_timeout_ms": settings.transaction_timeout_ms,
        "retry_backoff_ms": settings.txn_retry_backoff_ms,
        "client_id": client_id,
        "max_request_size": settings.max_message_bytes + REQUEST_OVERHEAD_BYTES,
    }
    config.update(options)
    return AIOKafkaProducer(**connection(settings), **config)


def admin(settings: StreamSettings, *, client_id: str) -> AIOKafkaAdminClient:
    """An admin client."""
    return AIOKafkaAdminClient(**connection(settings), client_id=client_id)
