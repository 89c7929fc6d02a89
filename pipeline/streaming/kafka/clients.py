"""The one place that constructs Kafka clients: consumers, producers and admin clients.

`connection(settings)` is what every client needs to reach the cluster: the bootstrap servers
and the security settings (TLS with a CA and a client certificate, SASL PLAIN or SCRAM).
"""

from __future__ import annotations

from typing import Any

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
