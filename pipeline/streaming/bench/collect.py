"""This process's side of a phase: publishing at a pace, collecting committed output."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition

from pipeline.streaming.bench.events import Event
from pipeline.streaming.kafka import clients
from pipeline.streaming.kafka.io import partitions_of
from pipeline.streaming.settings import StreamSettings

log = logging.getLogger(__name__)


class Collector:
    """Counts committed output records; with `track`, latency of sanitized records by event id."""

    def __init__(self, settings: StreamSettings) -> None:
        self.settings = settings
        self.count = 0
        self.track: dict[str, float] = {}
        self.latencies: list[float] = []
        self.seen_wall: dict[str, float] = {}  # event id -> when it was seen (`bench.stages`)
        self._sanitized = {settings.sanitized(s) for s in settings.streams}
        self._task: asyncio.Task[None] | None = None
        self._consumer: AIOKafkaConsumer | None = None
        self._changed = asyncio.Event()

    async def start(self) -> None:
        consumer = clients.consumer(
            self.settings, client_id="bench-collector", fetch_max_wait_ms=20
        )
        await consumer.start()
        tps: list[TopicPartition] = []
        for stream in self.settings.streams:
            for topic in (self.settings.sanitized(stream), self.settings.dlq(stream)):
                tps += await partitions_of(consumer, topic)
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        self._consumer = consumer
        self._task = asyncio.create_task(self._run(consumer))

    async def _run(self, consumer: AIOKafkaConsumer) -> None:
        while True:
            batches = await consumer.getmany(timeout_ms=50)
            now, wall = time.perf_counter(), time.time()
            for tp, records in batches.items():
                self.count += len(records)
                if self.track and tp.topic in self._sanitized:
                    for r in records:
                        event_id = json.loads(r.value)["event_id"]
                        sent = self.track.pop(event_id, None)
                        if sent is not None:
                            self.latencies.append(now - sent)
                            self.seen_wall[event_id] = wall
            if batches:
                self._changed.set()

    async def wait_for(self, count: int, timeout_s: float) -> float:
        """perf_counter time at which `count` records had been seen."""
        deadline = time.monotonic() + timeout_s
        while self.count < count:
            if self._task is not None and self._task.done():
                self._task.result()
            if time.monotonic() > deadline:
                raise TimeoutError(f"saw {self.count} of {count} output records in {timeout_s} s")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), 0.5)
        return time.perf_counter()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._consumer is not None:
            await self._consumer.stop()


class Publisher:
    """Sends events to their raw topics (acks=all, idempotent, keyed by event id)."""

    def __init__(self, settings: StreamSettings) -> None:
        self.settings = settings
        self.producer = clients.producer(settings, client_id="bench-publisher", linger_ms=5)

    async def send_all(self, events: Sequence[Event]) -> None:
        futures = [
            await self.producer.send(
                self.settings.raw(e.stream), key=e.event_id.encode(), value=e.value
            )
            for e in events
        ]
        await asyncio.gather(*futures)

    async def paced(self, events: Sequence[Event], rate: float, collector: Collector) -> None:
        """Send at `rate` events/s, evenly; register each send time with the collector."""
        futures = []
        started = time.perf_counter()
        for i, e in enumerate(events):
            due = started + i / rate
            delay = due - time.perf_counter()
            if delay > 0.002:
                await asyncio.sleep(delay)
            collector.track[e.event_id] = time.perf_counter()
            futures.append(
                await self.producer.send(
                    self.settings.raw(e.stream), key=e.event_id.encode(), value=e.value
                )
            )
        await asyncio.gather(*futures)
