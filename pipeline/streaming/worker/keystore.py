"""The vault's wrapped data keys in the compacted topic `pii.vault.keys`, shared by all workers.

Record key `subject/key_id`, value the `WrappedKey` JSON (the data key encrypted under the master
key, never in clear); a tombstone (value None) destroys that key. A store reads the whole topic
at start and then follows it, so keys made by other workers become known.

Keys are written before any vault entry under them is committed: `KeyRing` calls `save` from the
engine (in the worker's processing thread); the key is usable at once in this process and is
queued; the worker awaits `flush()` - send with acks=all, idempotent - before it commits the
transaction holding the entries. A key whose transaction then aborts is simply unused.

Two workers may create a key for the same subject at the same time (events of one person arrive
on different raw partitions). Every key id is kept, keyed by `subject/key_id`, so every entry
stays decryptable: `load(subject)` answers the subject's first known key (the one `KeyRing`
encrypts with), `key(subject, key_id)` any of them, and `open_entry` decrypts with the entry's own
key id. Rotation of the master key: rewrap each live key under the new master (new `master_id`)
and write it again under the same record key; compaction drops the old wrapping.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaProducer

from pipeline.errors import BrokerError, VaultError
from pipeline.outcome import VaultEntry
from pipeline.streaming.kafka import clients
from pipeline.streaming.kafka.batches import send_batched
from pipeline.streaming.kafka.mirror import TopicMirror
from pipeline.streaming.settings import StreamSettings
from pipeline.vault.cipher import VaultCipher
from pipeline.vault.keys import KeyRing, WrappedKey

log = logging.getLogger(__name__)

LOAD_TIMEOUT_S = 60.0

# (subject, key id, the wrapped key or None for a tombstone): what a store learnt from the topic.
KeyChange = tuple[str, str, WrappedKey | None]


@dataclass(frozen=True, slots=True)
class KeyRecord:
    """A wrapped key's record (or tombstone) as `kafka.batches` sends it."""

    topic: str
    key: bytes
    value: bytes | None
    headers: list[tuple[str, bytes]] = field(default_factory=list)


def record_key(subject: str, key_id: str) -> bytes:
    """The Kafka record key of one wrapped key."""
    return f"{subject}/{key_id}".encode()


class KafkaKeyStore:
    """A `KeyStore` over the compacted key topic; `start()` loads it, `flush()` persists."""

    def __init__(
        self,
        settings: StreamSettings,
        *,
        writable: bool = True,
        refuse: Callable[[str], object] | None = None,
    ) -> None:
        self._settings = settings
        # Subjects whose new keys stay in memory only (blocked by consent: their events are
        # withheld, so no entry is ever sealed under such a key).
        self._refuse = refuse
        self._topic = settings.vault_keys_topic
        self._writable = writable
        self._keys: dict[str, dict[str, WrappedKey]] = {}
        self._pending: list[tuple[bytes, bytes | None]] = []
        # The changes read from the topic, in order, that some reader (`follow`) has not taken
        # yet; `_journal_base` changes were trimmed off its front once every reader had them.
        self._journal: list[KeyChange] = []
        self._journal_base = 0
        self._readers: dict[int, int] = {}  # reader -> changes it has taken (its `seen`)
        self._last_reader = 0
        # The keys this store queued, by record key, with the value written: when the topic
        # gives one back unchanged it is the key already held, and not decoded again (`_apply`).
        self._own: dict[bytes, tuple[bytes, WrappedKey]] = {}
        self._lock = threading.Lock()
        self._flushing = asyncio.Lock()
        self._mirror = TopicMirror(
            settings, self._topic, "pii-pipeline-keys", lambda records, _: self._apply(records)
        )
        self._producer: AIOKafkaProducer | None = None

    # ------------------------------------------------------------------ KeyStore protocol

    def load(self, subject: str) -> WrappedKey | None:
        """The subject's first known key (what new vault entries are encrypted with)."""
        with self._lock:
            keys = self._keys.get(subject)
            return next(iter(keys.values())) if keys else None

    def save(self, key: WrappedKey) -> None:
        """Make the key known here and queue it for `flush()`."""
        if not self._writable:
            raise VaultError("this key store is read-only")
        value = json.dumps(key.to_json()).encode()
        with self._lock:
            self._keys.setdefault(key.subject, {}).setdefault(key.key_id, key)
            if self._refuse is None or not self._refuse(key.subject):
                name = record_key(key.subject, key.key_id)
                self._pending.append((name, value))
                if self._keys[key.subject][key.key_id] is key:
                    self._own[name] = (value, key)

    def adopt(self, keys: list[WrappedKey]) -> None:
        """Save keys made elsewhere (the engine process) in this process's name."""
        for key in keys:
            self.save(key)

    def key_count(self, subject: str) -> int:
        """How many keys of `subject` this store knows."""
        with self._lock:
            return len(self._keys.get(subject, {}))

    def changes_since(self, seen: int, reader: int | None = None) -> tuple[list[KeyChange], int]:
        """The changes read from the topic after the first `seen`, and the new count.

        A `reader` (from `follow`) says it has taken the first `seen`: once every reader has,
        they are dropped (the journal would otherwise hold every change for the life of the
        worker). A reader starting from 0 after that gets the keys held now instead - a fresh
        copy needs the live keys, not the tombstones of keys it never had."""
        with self._lock:
            end = self._journal_base + len(self._journal)
            if seen >= self._journal_base:
                changes = self._journal[seen - self._journal_base :]
            elif seen == 0:
                changes = [(s, k, w) for s, keys in self._keys.items() for k, w in keys.items()]
            else:  # its tombstones are gone: it could go on with destroyed keys
                raise VaultError(f"key changes {seen}..{self._journal_base} were dropped")
            if reader is not None and reader in self._readers:
                self._readers[reader] = seen
                passed = min(self._readers.values()) - self._journal_base
                if passed > 0 and 2 * passed >= len(self._journal):  # amortised: O(1) a change
                    del self._journal[:passed]
                    self._journal_base += passed
            return changes, end

    def follow(self) -> int:
        """A new reader of `changes_since`, from 0; `unfollow` it when it is done."""
        with self._lock:
            self._last_reader += 1
            self._readers[self._last_reader] = 0
            return self._last_reader

    def unfollow(self, reader: int) -> None:
        """The reader is gone: it no longer holds changes in the journal."""
        with self._lock:
            self._readers.pop(reader, None)

    @property
    def journal_length(self) -> int:
        """Changes held for readers that have not taken them yet."""
        with self._lock:
            return len(self._journal)

    def destroy(self, subject: str) -> None:
        """Forget every key of the subject here and queue a tombstone for each."""
        if not self._writable:
            raise VaultError("this key store is read-only")
        with self._lock:
            for key_id in self._keys.pop(subject, {}):
                self._pending.append((record_key(subject, key_id), None))

    # ------------------------------------------------------------------ beyond the protocol

    def key(self, subject: str, key_id: str) -> WrappedKey | None:
        """One specific key of the subject, or None."""
        with self._lock:
            return self._keys.get(subject, {}).get(key_id)

    def __len__(self) -> int:
        with self._lock:
            return sum(len(keys) for keys in self._keys.values())

    @property
    def pending(self) -> int:
        """Keys and tombstones not yet written to the topic."""
        with self._lock:
            return len(self._pending)

    async def start(self) -> None:
        """Read the whole key topic, then follow it in the background."""
        await self._mirror.start(LOAD_TIMEOUT_S)
        if self._writable:
            self._producer = clients.producer(self._settings, client_id="pii-pipeline-keys")
            await self._producer.start()
        log.info("loaded %d vault keys from %s", len(self), self._topic)

    async def flush(self) -> None:
        """Write queued keys and tombstones; returns once the broker has them (acks=all).

        Flushes run one at a time: a flush that finds nothing queued still waits for the one
        in flight, so every key queued before the call is durable when it returns.
        """
        async with self._flushing:
            with self._lock:
                batch, self._pending = self._pending, []
            if not batch:
                return
            if self._producer is None:
                raise BrokerError("key store not started")
            try:
                records = [KeyRecord(self._topic, key, value) for key, value in batch]
                await asyncio.gather(*await send_batched(self._producer, records))
            except BaseException:
                with self._lock:  # keep them for the next attempt
                    self._pending = batch + self._pending
                raise

    async def stop(self) -> None:
        """Flush what is queued and close both clients."""
        try:
            if self._producer is not None:
                await self.flush()
        finally:
            await self._mirror.stop()
            if self._producer is not None:
                await self._producer.stop()

    def _apply(self, records: list[Any]) -> None:
        with self._lock:
            for record in records:
                if record.key is None:
                    continue
                subject, _, key_id = record.key.decode().rpartition("/")
                own = self._own.pop(record.key, None)
                if (
                    own is not None
                    and own[0] == record.value
                    and self._keys.get(subject, {}).get(key_id) is own[1]
                ):
                    continue  # our own write, that key still held: decoding it changes nothing
                if record.value is None:
                    keys = self._keys.get(subject, {})
                    keys.pop(key_id, None)
                    if not keys:
                        self._keys.pop(subject, None)
                    self._journal.append((subject, key_id, None))
                    continue
                try:
                    wrapped = WrappedKey.from_json(json.loads(record.value))
                except (ValueError, KeyError, TypeError):
                    log.warning("unreadable key record at %s offset %d", self._topic, record.offset)
                    continue
                keys = self._keys.setdefault(subject, {})
                if keys.get(key_id) != wrapped:  # new, or rewrapped under a new master key
                    keys[key_id] = wrapped
                    self._journal.append((subject, key_id, wrapped))


def open_entry(master_key: bytes, store: KafkaKeyStore, entry: VaultEntry) -> str:
    """The plaintext of a vault entry under whichever of its subject's keys sealed it."""
    return VaultCipher(KeyRing(master_key, store)).open(entry)
