"""The console's settings: where it listens, its bearer token, the workers' metrics endpoints."""

from __future__ import annotations

import ipaddress

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or address, IPv6 in brackets or not) is this machine only."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class ConsoleSettings(BaseSettings):
    """Read from the environment with the prefix `PII_CONSOLE_` (entry point only)."""

    model_config = SettingsConfigDict(env_prefix="PII_CONSOLE_", frozen=True, extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(8765, ge=0, le=65535)
    # Required when the console listens on anything but loopback; sent as `Authorization: Bearer`.
    token: SecretStr | None = None
    # Comma-separated Prometheus endpoints of the workers (default: a worker's default endpoint)
    metrics: str = "http://127.0.0.1:9464/metrics"
    scrape_timeout_s: float = Field(2.0, gt=0)
    history: int = Field(300, ge=2)  # samples kept for the Pipeline page's charts
    max_records: int = Field(5000, ge=1)  # records read per topic for a page
    read_timeout_s: float = Field(10.0, gt=0)

    @property
    def metrics_endpoints(self) -> tuple[str, ...]:
        """The configured endpoints, in order, without blanks."""
        return tuple(e.strip() for e in self.metrics.split(",") if e.strip())
