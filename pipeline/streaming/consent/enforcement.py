"""Under-13 and erasure choices applied by a worker: block the subject, destroy its keys, audit.

At start the worker reads `control.consent` (`ConsentBook`), blocks every subject marked under 13
or erased, and destroys the data keys it still finds for them (a choice published while no worker
ran); afterwards each new such choice does the same as it arrives. Destroying writes a tombstone
per key to `pii.vault.keys`: every worker's key store follows that topic and drops the key, the
engine processes drop it from their key rings, and the subject's vault entries - committed
earlier, or in a batch that was in flight - no longer decrypt anywhere, replays included (crypto
shredding: the entries stay, their key is gone). Blocked subjects' events are withheld from then
on (`blocklist`), and a blocked subject's new keys are never written.

Each worker that sees the choice destroys the keys it knows (tombstones are idempotent), so with
several workers a `keys_destroyed` audit record may appear more than once; it carries the reason,
the number of keys and the time of the request, never the subject.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Protocol

from aiokafka import AIOKafkaProducer

from pipeline.streaming.consent.blocklist import Blocklist, keys_destroyed_record
from pipeline.streaming.consent.book import ConsentBook
from pipeline.streaming.consent.model import ConsentState
from pipeline.streaming.kafka import clients
from pipeline.streaming.settings import StreamSettings

log = logging.getLogger(__name__)


class SubjectKeys(Protocol):
    """What the enforcer needs of the worker's key store (`KafkaKeyStore`)."""

    def key_count(self, subject: str) -> int:
        """How many data keys of `subject` are known."""
        ...

    def destroy(self, subject: str) -> None:
        """Queue a tombstone for every key of `subject`."""
        ...

    async def flush(self) -> None:
        """Write what is queued (acks=all)."""
        ...


# Called with (reason, number of keys) after a subject's keys were destroyed (a metric).
Destroyed = Callable[[str, int], None]


class ConsentEnforcer:
    """Keeps the worker's blocklist and key store in line with `control.consent`."""

    def __init__(
        self,
        settings: StreamSettings,
        key_store: SubjectKeys,
        blocklist: Blocklist,
        destroyed: Destroyed,
    ) -> None:
        self._settings = settings
        self._key_store = key_store
        self.blocklist = blocklist
        self._destroyed = destroyed
        self.book = ConsentBook(settings, client_id=f"{settings.group_id}-consent")
        self._producer: AIOKafkaProducer | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Load the consent topic, block and destroy what it asks for, then follow it."""
        self._producer = clients.producer(
            self._settings, client_id=f"{self._settings.group_id}-audit"
        )
        await self._producer.start()
        await self.book.start()
        self.book.on_change(self._changed)  # no await since start(): no change missed
        blocked = self.book.blocked_subjects()
        for subject, (reason, _) in blocked.items():
            self.blocklist.block(subject, reason)
        swept = 0
        for subject, (reason, requested_at) in blocked.items():
            if self._key_store.key_count(subject):
                await self._destroy(subject, reason, requested_at)
                swept += 1
        log.info(
            "consent: %d subjects blocked, keys destroyed for %d at start",
            len(self.blocklist),
            swept,
        )

    def _changed(self, state: ConsentState) -> None:
        found = state.blocked
        if found is None:
            return
        reason, at = found
        if not self.blocklist.block(state.subject, reason):
            return
        task = asyncio.get_running_loop().create_task(self._destroy(state.subject, reason, at))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _destroy(self, subject: str, reason: str, requested_at: str | None) -> None:
        keys = self._key_store.key_count(subject)
        if keys:
            self._key_store.destroy(subject)
            await self._key_store.flush()
            self._destroyed(reason, keys)
        if self._producer is None:
            return
        record = keys_destroyed_record(reason, keys, requested_at)
        await self._producer.send_and_wait(self._settings.audit_topic, json.dumps(record).encode())
        log.info("consent: %s applied, %d data keys destroyed", reason, keys)

    async def stop(self) -> None:
        """Finish the destructions under way, stop following."""
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.book.stop()
        if self._producer is not None:
            await self._producer.stop()
