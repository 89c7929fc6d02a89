"""Metrics every process has: build and configuration version, and the process itself."""

from __future__ import annotations

from prometheus_client import (
    CollectorRegistry,
    Gauge,
    PlatformCollector,
    ProcessCollector,
)

from pipeline import __version__


class BuildInfo:
    """`pii_build_info{version, config_version} 1`: the one series of the running config."""

    def __init__(self, registry: CollectorRegistry, component: str) -> None:
        self._gauge = Gauge(
            "pii_build_info",
            "Package version and configuration version running in this process (value 1)",
            ["component", "version", "config_version"],
            registry=registry,
        )
        self._component = component
        self._current: str | None = None

    def set_config(self, config_version: str) -> None:
        """Say that `config_version` runs now (the previous one's series is removed)."""
        if self._current is not None and self._current != config_version:
            self._gauge.remove(self._component, __version__, self._current)
        self._current = config_version
        self._gauge.labels(self._component, __version__, config_version).set(1)


def add_process_metrics(registry: CollectorRegistry) -> None:
    """CPU, memory, open files, start time (`process_*`) and the Python version."""
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
