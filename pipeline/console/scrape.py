"""The Pipeline page's figures from the workers' Prometheus endpoints.

Each scrape sums every endpoint (several workers share the work) into one `Snapshot` of
cumulative counters; the page gets a history of snapshots and turns them into rates. Worker
metrics carry topics, streams, error classes and entity types only - never a value.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from pipeline.outcome import STREAMS, StreamName


@dataclass
class Snapshot:
    """Cumulative worker counters at one moment, summed over the endpoints that answered."""

    t: float
    events_in: dict[str, float] = field(default_factory=dict)  # per stream
    events_out: dict[str, float] = field(default_factory=dict)  # sanitized records per stream
    dead_letters: dict[str, float] = field(default_factory=dict)  # per stream
    dead_by_reason: dict[str, float] = field(default_factory=dict)  # "stream/error_class"
    entities: dict[str, float] = field(default_factory=dict)  # vault entries per entity type
    withheld: dict[str, float] = field(default_factory=dict)  # per stream (consent)
    lag: dict[str, float] = field(default_factory=dict)  # records behind, per stream
    batch_sum: dict[str, float] = field(default_factory=dict)  # seconds, per stream
    batch_count: dict[str, float] = field(default_factory=dict)
    transactions: dict[str, float] = field(default_factory=dict)  # per result


def _stream_of(topic: str) -> tuple[str, StreamName] | None:
    """('raw' | 'sanitized' | 'dlq' | ..., stream) of a topic name, whatever its prefix."""
    for stream in STREAMS:
        if topic.endswith("." + stream):
            kind = topic[: -len(stream) - 1].rsplit(".", 1)[-1]
            return kind, stream
    return None


def _add(table: dict[str, float], key: str, value: float) -> None:
    table[key] = table.get(key, 0.0) + value


def parse_metrics(text: str, snapshot: Snapshot) -> None:
    """Add one endpoint's exposition to `snapshot`."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            name, labels, value = sample.name, sample.labels, float(sample.value)
            if name.endswith("_created"):
                continue
            if name == "pii_events_in_total":
                found = _stream_of(labels.get("topic", ""))
                if found:
                    _add(snapshot.events_in, found[1], value)
            elif name == "pii_events_out_total":
                found = _stream_of(labels.get("topic", ""))
                if found and found[0] == "sanitized":
                    _add(snapshot.events_out, found[1], value)
            elif name == "pii_rejections_total":
                stream = labels.get("stream", "?")
                _add(snapshot.dead_letters, stream, value)
                _add(snapshot.dead_by_reason, f"{stream}/{labels.get('error_class', '?')}", value)
            elif name == "pii_vault_entries_total":
                _add(snapshot.entities, labels.get("entity_type", "?"), value)
            elif name == "pii_events_withheld_total":
                _add(snapshot.withheld, labels.get("stream", "?"), value)
            elif name == "pii_transactions_total":
                _add(snapshot.transactions, labels.get("result", "?"), value)
            elif name == "pii_consumer_lag":
                found = _stream_of(labels.get("topic", ""))
                if found:
                    _add(snapshot.lag, found[1], value)
            elif name == "pii_batch_seconds_sum":
                _add(snapshot.batch_sum, labels.get("stream", "?"), value)
            elif name == "pii_batch_seconds_count":
                _add(snapshot.batch_count, labels.get("stream", "?"), value)


@dataclass(frozen=True)
class EndpointStatus:
    """Whether one endpoint answered the last scrape (the URL is the operator's own setting)."""

    url: str
    ok: bool
    error: str = ""


class Scraper:
    """Scrapes the endpoints on demand, at most once per `min_interval_s`; keeps a history."""

    def __init__(
        self,
        endpoints: Sequence[str],
        *,
        timeout_s: float = 2.0,
        history: int = 300,
        min_interval_s: float = 1.0,
    ) -> None:
        self.endpoints = tuple(endpoints)
        self.timeout_s = timeout_s
        self.min_interval_s = min_interval_s
        self.samples: deque[Snapshot] = deque(maxlen=history)
        self.status: list[EndpointStatus] = []
        self._lock = asyncio.Lock()

    async def _fetch(self, session: aiohttp.ClientSession, url: str) -> str | EndpointStatus:
        try:
            async with session.get(url) as response:
                if response.status != 200:
                    return EndpointStatus(url, False, f"HTTP {response.status}")
                return await response.text()
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            return EndpointStatus(url, False, type(exc).__name__)

    async def scrape(self) -> Snapshot | None:
        """A new snapshot (None without endpoints); reuses the last one if it is very recent."""
        if not self.endpoints:
            return None
        async with self._lock:
            now = time.time()
            if self.samples and now - self.samples[-1].t < self.min_interval_s:
                return self.samples[-1]
            timeout = aiohttp.ClientTimeout(total=self.timeout_s)
            async with aiohttp.ClientSession(timeout=timeout) as session:
                texts = await asyncio.gather(*(self._fetch(session, u) for u in self.endpoints))
            snapshot = Snapshot(t=now)
            status: list[EndpointStatus] = []
            for url, text in zip(self.endpoints, texts, strict=True):
                if isinstance(text, EndpointStatus):
                    status.append(text)
                    continue
                try:
                    parse_metrics(text, snapshot)
                except ValueError:
                    status.append(EndpointStatus(url, False, "not Prometheus text"))
                    continue
                status.append(EndpointStatus(url, True))
            self.status = status
            if any(s.ok for s in status):
                self.samples.append(snapshot)
            return snapshot

    def report(self) -> dict[str, Any]:
        """History and latest breakdowns, as the Pipeline page reads them."""
        return {
            "endpoints": [asdict(s) for s in self.status]
            or [asdict(EndpointStatus(u, False, "not scraped yet")) for u in self.endpoints],
            "samples": [asdict(s) for s in self.samples],
        }


def rates(samples: Iterable[Snapshot]) -> list[dict[str, Any]]:
    """Per interval: events in/out per second and mean batch latency per stream."""
    out: list[dict[str, Any]] = []
    prev: Snapshot | None = None
    for s in samples:
        if prev is not None and s.t > prev.t:
            dt = s.t - prev.t
            row: dict[str, Any] = {"t": s.t}
            for stream in STREAMS:
                d_in = s.events_in.get(stream, 0) - prev.events_in.get(stream, 0)
                d_out = s.events_out.get(stream, 0) - prev.events_out.get(stream, 0)
                n = s.batch_count.get(stream, 0) - prev.batch_count.get(stream, 0)
                secs = s.batch_sum.get(stream, 0) - prev.batch_sum.get(stream, 0)
                row[stream] = {
                    "in_per_s": max(d_in, 0) / dt,
                    "out_per_s": max(d_out, 0) / dt,
                    "batch_ms": secs / n * 1000 if n > 0 else None,
                    "lag": s.lag.get(stream, 0),
                }
            out.append(row)
        prev = s
    return out
