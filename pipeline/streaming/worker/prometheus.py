"""Prometheus metrics of a worker: counts, types and latencies, never values.

Each worker owns its registry (no global state, several workers in one test process do not
collide); `serve` exposes it over HTTP when a port is configured.
"""

from __future__ import annotations

from collections import Counter as CounterOf
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from pipeline.observability.build import BuildInfo, add_process_metrics
from pipeline.observability.endpoint import Health, MetricsServer
from pipeline.streaming.reload import reload_counter

if TYPE_CHECKING:
    from pipeline.outcome import StreamName
    from pipeline.streaming.worker.routing import Counts, Routed


class WorkerMetrics:
    """The worker's counters, histogram and gauges in a private registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        add_process_metrics(r)
        self.build = BuildInfo(r, "worker")
        self.health = Health()
        self.events_in = Counter("pii_events_in", "Raw records consumed", ["topic"], registry=r)
        self.events_out = Counter(
            "pii_events_out", "Records produced (committed or not)", ["topic"], registry=r
        )
        self.rejections = Counter(
            "pii_rejections", "Records dead-lettered", ["stream", "error_class"], registry=r
        )
        self.vault_entries = Counter(
            "pii_vault_entries", "Vault entries written", ["entity_type"], registry=r
        )
        self.withheld = Counter(
            "pii_events_withheld", "Events withheld by consent", ["stream", "reason"], registry=r
        )
        self.recognizer_failures = Counter(
            "pii_recognizer_failures",
            "Texts withheld because a recognizer timed out or failed on them (fail closed)",
            ["recognizer"],
            registry=r,
        )
        self.keys_destroyed = Counter(
            "pii_keys_destroyed", "Vault data keys destroyed by consent", ["reason"], registry=r
        )
        self.transactions = Counter(
            "pii_transactions", "Transactions ended", ["result"], registry=r
        )
        self.batch_seconds = Histogram(
            "pii_batch_seconds",
            "Consume-to-commit time of one batch",
            ["stream"],
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
            registry=r,
        )
        self.reloads = reload_counter(r)
        self.lag = Gauge(
            "pii_consumer_lag",
            "Records behind the partition end",
            ["topic", "partition"],
            registry=r,
        )

    def count_outcomes(self, stream: StreamName, counts: Counts) -> None:
        """Rejections by error class and vault entries by entity type."""
        for entity_type, n in counts.vault.items():
            self.vault_entries.labels(entity_type).inc(n)
        for error_class, n in counts.rejected.items():
            self.rejections.labels(stream, error_class).inc(n)
        for reason, n in counts.withheld.items():
            self.withheld.labels(stream, reason).inc(n)
        for recognizer, n in counts.unscanned.items():
            self.recognizer_failures.labels(recognizer).inc(n)

    def committed(
        self, parts: Sequence[tuple[Any, StreamName, Sequence[Any], Routed]], seconds: float
    ) -> None:
        """One committed transaction: per (partition, stream, records, routed) part, records in
        and out, outcomes, and the consume-to-commit time."""
        self.transactions.labels("committed").inc()
        for tp, stream, records, routed in parts:
            self.events_in.labels(tp.topic).inc(len(records))
            for topic, count in CounterOf(out.topic for out in routed.records).items():
                self.events_out.labels(topic).inc(count)
            self.count_outcomes(stream, routed.counts)
            self.batch_seconds.labels(stream).observe(seconds)

    def lag_after(self, tp: Any, stable: int | None, end: int) -> None:
        """Records behind the last stable offset once `end` is committed."""
        if stable is not None:
            self.lag.labels(tp.topic, str(tp.partition)).set(max(0, stable - end - 1))

    def serve(self, port: int, host: str = "127.0.0.1", *, optional: bool = False) -> int:
        """Expose http://host:port/metrics and /healthz (in a daemon thread); the port."""
        return MetricsServer(self.registry, self.health).start(port, host, optional=optional)
