"""Where the engine runs for a worker: its own process (default) or a thread of the worker.

The engine is CPU-bound Python (spaCy, Presidio's regexes, AES-GCM, JSON). In a thread of the
worker it holds the GIL most of the time, and the event loop - fetching, sending, the several
round trips of every transaction - waits for it at each socket call: measured with py-spy, 40 % of
the loop's samples were socket writes waiting for the GIL, and records waited for their fetch and
their commit far longer than the engine took. In its own process the engine uses the second core
and the loop stays responsive; the price is pickling the batches (raw bytes in, output records
out) and one more process of about 250 MB.

The engine's own process, its key store and the worker's side of it: `engine_process`.

Each call is bounded in time (`chunks`): it runs in chunks and stops between two of them at its
deadline (`trip_deadline_ms` after it was handed over) or once the worker has abandoned it
(`abandon`: a number the engine reads between chunks, shared with the engine process). The
process is then free for the next trip within one chunk, and an abandoned call still returns
the keys it created (adopted here, as for any call).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from pipeline.config.loader import LoadedConfig
from pipeline.engine import Engine
from pipeline.streaming.consent.blocklist import Block, Blocklist
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker import stages
from pipeline.streaming.worker.chunks import (
    Bounds,
    Job,
    Stop,
    chunk_units,
    note_cut,
    route_bounded,
)
from pipeline.streaming.worker.keystore import KafkaKeyStore
from pipeline.streaming.worker.routing import Routed
from pipeline.streaming.worker.templates import TemplateChange, TemplateFeed


@dataclass(slots=True)
class Raw:
    """A consumed record reduced to what routing needs (cheap to pickle)."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None


__all__ = ["BatchRunner", "Calls", "Job", "Raw", "ThreadRunner", "stamp_jobs", "update_texts"]


class BatchRunner(Protocol):
    """Runs `route_many` somewhere off the event loop, several calls in one trip; a `Routed`
    per batch, covering a prefix of it if the trip was cut short (`Routed.done`)."""

    async def run(self, jobs: Sequence[Job]) -> list[list[Routed]]: ...

    def abandon(self) -> None:
        """Stop the trips in the engine now at their next chunk (their results are dropped)."""
        ...

    async def reload(self, config: LoadedConfig) -> None:
        """Run `config` from the next call on (keys and template counts kept); raises, and the
        old configuration stays, if it cannot be built."""
        ...

    def close(self) -> None: ...


def stamp_jobs(stage: str, jobs: Sequence[Job], at: float | None = None) -> None:
    if stages.active():
        for _, batches in jobs:
            for batch in batches:
                stages.stamp(stage, batch, at)


def update_texts(
    engine: Engine, templates: Sequence[TemplateChange], blocks: Sequence[Block]
) -> None:
    """Fold other workers' template counts into the engine's; take blocked subjects out of them.

    Erasure and under-13 remove the subject from every template still below k."""
    counts = engine.texts.counts
    for fingerprint, state in templates:
        counts.merge(fingerprint, state)
    for subject, _ in blocks:
        counts.erase(engine.texts.keys.subject(subject))


@dataclass
class Number:
    """The thread runner's number of the last call abandoned (the process runner's is a
    `multiprocessing` value, with the same `.value`)."""

    value: int = 0


class Calls:
    """A runner's calls in order: their bounds, which are in the engine, the last abandoned."""

    def __init__(self, settings: StreamSettings, abandoned: Number | Any) -> None:
        self._deadline_s = settings.trip_deadline_ms / 1000
        self.abandoned = abandoned
        self._last = 0
        self._in_engine: set[int] = set()

    def next(self) -> Bounds:
        self._last += 1
        ahead = max(self._in_engine, default=0)
        behind = ahead if ahead > self.abandoned.value else 0
        self._in_engine.add(self._last)
        return Bounds(self._last, behind, time.monotonic() + self._deadline_s)

    def done(self, bounds: Bounds) -> None:
        self._in_engine.discard(bounds.call)

    def abandon(self) -> None:
        self.abandoned.value = max(self._in_engine, default=self.abandoned.value)


class ThreadRunner:
    """The engine in one thread of the worker process (tests, small deployments)."""

    def __init__(
        self,
        engine: Engine,
        settings: StreamSettings,
        key_store: KafkaKeyStore,
        blocklist: Blocklist | None = None,
        templates: TemplateFeed | None = None,
    ) -> None:
        self._engine = engine
        self._settings = settings
        self._key_store = key_store
        self._blocklist = blocklist if blocklist is not None else Blocklist()
        self._templates = templates
        self._seen = 0
        self._reader = key_store.follow()
        self._blocks_seen = 0
        self._executor: Executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="engine")
        self._calls = Calls(settings, Number())
        self._stop = Stop(self._calls.abandoned)

    def abandon(self) -> None:
        self._calls.abandon()

    async def run(self, jobs: Sequence[Job]) -> list[list[Routed]]:
        # The store itself saw the tombstones; the key ring's cache must forget them too.
        changes, self._seen = self._key_store.changes_since(self._seen, self._reader)
        for subject, _, wrapped in changes:
            if wrapped is None:
                self._engine.keys.drop_cached(subject)
        blocks, self._blocks_seen = self._blocklist.changes_since(self._blocks_seen)
        templates = self._templates.take() if self._templates is not None else []
        loop = asyncio.get_running_loop()
        stamp_jobs("engine_in", jobs)
        bounds = self._calls.next()
        try:
            routed = await loop.run_in_executor(
                self._executor, self._run, jobs, templates, blocks, bounds
            )
        finally:
            self._calls.done(bounds)
        stamp_jobs("engine_out", jobs)
        note_cut(jobs, routed)
        return routed

    def _run(
        self,
        jobs: Sequence[Job],
        templates: list[TemplateChange],
        blocks: list[Block],
        bounds: Bounds,
    ) -> list[list[Routed]]:
        started = time.time()
        engine, settings = self._engine, self._settings
        update_texts(engine, templates, blocks)
        blocked = self._blocklist.reason if len(self._blocklist) else None
        units = chunk_units(engine, settings)
        routed = route_bounded(engine, settings, jobs, blocked, bounds, self._stop, units)
        stamp_jobs("engine_start", jobs, started)
        stamp_jobs("engine_end", jobs)
        return routed

    async def reload(self, config: LoadedConfig) -> None:
        loop = asyncio.get_running_loop()
        self._engine = await loop.run_in_executor(self._executor, self._engine.reconfigured, config)

    def close(self) -> None:
        self._key_store.unfollow(self._reader)
        self._executor.shutdown(wait=True)
