"""The engine in a process of its own (the worker's default runner, see `runner`).

The engine process has no Kafka client. Its key store is a `ShadowKeyStore`: the keys it knows
are sent along with each batch as the changes the worker's `KafkaKeyStore` saw since the previous
batch (keys of other workers, tombstones of destroyed keys, which also evict the key ring's
cache), and the keys it creates go back with the batch's results; the worker queues them in its
key store, which flushes them before the transaction holding the entries commits - the same
order as in-process.
"""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from pipeline.config.loader import LoadedConfig
from pipeline.engine import Engine
from pipeline.errors import VaultError
from pipeline.observability.pauses import install_from_env
from pipeline.outcome import StreamName
from pipeline.secrets import Secrets
from pipeline.streaming.consent.blocklist import Block, Blocklist
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker import stages
from pipeline.streaming.worker.chunks import Bounds, Job, Stop, chunk_units, note_cut, route_bounded
from pipeline.streaming.worker.keystore import KafkaKeyStore, KeyChange
from pipeline.streaming.worker.routing import Routed
from pipeline.streaming.worker.runner import Calls, Raw, stamp_jobs, update_texts
from pipeline.streaming.worker.templates import TemplateChange, TemplateFeed
from pipeline.vault.keys import WrappedKey

__all__ = ["ProcessRunner", "ShadowKeyStore"]


class ShadowKeyStore:
    """The engine process's `KeyStore`: a copy fed by the worker, new keys handed back."""

    def __init__(self) -> None:
        self._keys: dict[str, dict[str, WrappedKey]] = {}
        self._new: list[WrappedKey] = []

    def load(self, subject: str) -> WrappedKey | None:
        keys = self._keys.get(subject)
        return next(iter(keys.values())) if keys else None

    def key(self, subject: str, key_id: str) -> WrappedKey | None:
        return self._keys.get(subject, {}).get(key_id)

    def save(self, key: WrappedKey) -> None:
        self._keys.setdefault(key.subject, {}).setdefault(key.key_id, key)
        self._new.append(key)

    def destroy(self, subject: str) -> None:
        raise VaultError("keys are destroyed by the worker's key store, not the engine process")

    def apply(self, changes: Sequence[KeyChange]) -> set[str]:
        """Take the worker's changes; the subjects that lost a key."""
        lost: set[str] = set()
        for subject, key_id, wrapped in changes:
            if wrapped is None:
                keys = self._keys.get(subject, {})
                keys.pop(key_id, None)
                if not keys:
                    self._keys.pop(subject, None)
                lost.add(subject)
            else:
                self._keys.setdefault(subject, {})[key_id] = wrapped
        return lost

    def take_new(self) -> list[WrappedKey]:
        new, self._new = self._new, []
        return new


# The engine process's state, set once by `_start` (one engine per process).
_engine: Engine | None = None
_store: ShadowKeyStore | None = None
_settings: StreamSettings | None = None
_blocked: dict[str, str] = {}
_stop: Stop | None = None


def _start(
    config: LoadedConfig, secrets: Secrets, settings: StreamSettings, abandoned: Any
) -> None:
    global _engine, _store, _settings, _stop
    # The worker reloads on SIGHUP and stops on SIGINT; either sent to the whole process group
    # (a hang-up, Ctrl-C) must not kill the engine process: the worker shuts the pool down, and
    # SIGINT's default here was a KeyboardInterrupt traceback from the idle pool worker.
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _watch_parent(os.getppid())
    install_from_env("engine")
    _store = ShadowKeyStore()
    _engine = Engine(config, secrets, _store)
    _settings = settings
    _stop = Stop(abandoned)
    if settings.engine_gc_freeze:
        gc.collect()
        gc.freeze()
        if settings.engine_gc_refreeze:
            gc.callbacks.append(_after_full_pass)


_full_pass = False  # a full collection ran since the last freeze (`engine_gc_refreeze`)


def _after_full_pass(phase: str, info: dict[str, Any]) -> None:
    """A gc callback: note a full pass; its survivors are frozen once the trip is done
    (not here, inside the collector)."""
    global _full_pass
    if phase == "stop" and info.get("generation") == 2:
        _full_pass = True


def _refreeze() -> None:
    """Freeze what the last full pass left (long-lived: caches, templates, keys): the next
    full pass then scans only what became long-lived since, not the whole heap again."""
    global _full_pass
    if _full_pass:
        _full_pass = False
        gc.freeze()


def _reconfigure(config: LoadedConfig) -> str:
    global _engine
    if _engine is None:
        raise RuntimeError("engine process not started")
    _engine = _engine.reconfigured(config)
    return _engine.version


def _watch_parent(parent: int) -> None:
    """Exit when the worker is gone: a worker killed with SIGKILL cannot stop its pool, and
    the engine process would otherwise live on, orphaned, holding its memory."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _ready() -> bool:
    return _engine is not None


def _route(
    jobs: list[tuple[StreamName, list[list[Raw]]]],
    changes: list[KeyChange],
    blocks: list[Block],
    templates: list[TemplateChange],
    bounds: Bounds,
) -> tuple[list[list[Routed]], list[WrappedKey], tuple[float, float]]:
    """The jobs' results (`chunks.route_bounded`), the keys the engine created, and when it
    began and ended them (wall clock: `stages`)."""
    started = time.time()
    if _engine is None or _store is None or _settings is None or _stop is None:
        raise RuntimeError("engine process not started")
    for subject in _store.apply(changes):
        _engine.keys.drop_cached(subject)
    _blocked.update(blocks)
    update_texts(_engine, templates, blocks)
    blocked = _blocked.get if _blocked else None  # nobody blocked: no walk over the records
    units = chunk_units(_engine, _settings)
    routed = route_bounded(_engine, _settings, jobs, blocked, bounds, _stop, units)
    ended = time.time()
    _refreeze()
    return routed, _store.take_new(), (started, ended)


class ProcessRunner:
    """The engine in a process of its own (spawned: no state inherited from the worker)."""

    def __init__(
        self,
        config: LoadedConfig,
        secrets: Secrets,
        settings: StreamSettings,
        key_store: KafkaKeyStore,
        blocklist: Blocklist | None = None,
        templates: TemplateFeed | None = None,
    ) -> None:
        self._key_store = key_store
        self._blocklist = blocklist if blocklist is not None else Blocklist()
        self._templates = templates
        self._seen = 0
        self._reader = key_store.follow()
        self._blocks_seen = 0
        context = multiprocessing.get_context("spawn")
        # Read by the engine process between chunks (a plain shared int: one writer).
        self._calls = Calls(settings, context.RawValue("q", 0))
        self._pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=context,
            initializer=_start,
            initargs=(config, secrets, settings, self._calls.abandoned),
        )

    def abandon(self) -> None:
        self._calls.abandon()

    async def start(self) -> None:
        """Wait until the process has loaded the engine (a few seconds: spaCy)."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._pool, _ready)

    async def run(self, jobs: Sequence[Job]) -> list[list[Routed]]:
        changes, seen = self._key_store.changes_since(self._seen, self._reader)
        blocks, blocks_seen = self._blocklist.changes_since(self._blocks_seen)
        raws = [
            (
                stream,
                [[Raw(r.topic, r.partition, r.offset, r.key, r.value) for r in b] for b in batches],
            )
            for stream, batches in jobs
        ]
        templates = self._templates.take() if self._templates is not None else []
        loop = asyncio.get_running_loop()
        stamp_jobs("engine_in", jobs)
        bounds = self._calls.next()
        try:
            routed, new_keys, (began, ended) = await loop.run_in_executor(
                self._pool, _route, raws, changes, blocks, templates, bounds
            )
        finally:
            self._calls.done(bounds)
        if stages.active():
            stamp_jobs("engine_start", jobs, began)
            stamp_jobs("engine_end", jobs, ended)
            stamp_jobs("engine_out", jobs)
        self._seen, self._blocks_seen = seen, blocks_seen  # only once the process has them
        self._key_store.adopt(new_keys)
        note_cut(jobs, routed)
        return routed

    async def reload(self, config: LoadedConfig) -> None:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._pool, _reconfigure, config)

    def close(self) -> None:
        self._key_store.unfollow(self._reader)
        self._pool.shutdown(wait=True, cancel_futures=True)
