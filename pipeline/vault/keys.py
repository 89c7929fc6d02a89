"""Per-subject data keys, wrapped (AES-GCM) by a master key; stores in memory or in a file.

Destroying a subject's data key makes every vault entry of that subject unreadable, wherever
the entries were copied (crypto-shredding). The streaming layer keeps wrapped keys in a
compacted topic; here are the interface and two local implementations.
"""

from __future__ import annotations

import base64
import json
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from pipeline.errors import VaultError
from pipeline.private_files import open_private

# Subjects whose AES-GCM cipher a key ring keeps (LRU). A cipher holds ~2.5 KB (its OpenSSL
# context); kept for every subject, they were most of a long-running engine's memory growth.
AEAD_LIMIT = 4_096


@dataclass(frozen=True)
class WrappedKey:
    """A data key as stored: encrypted under the master key `master_id`."""

    subject: str
    key_id: str
    master_id: str
    nonce: bytes
    wrapped: bytes

    def to_json(self) -> dict[str, str]:
        """Storable form (no secret material in clear)."""
        return {
            "subject": self.subject,
            "key_id": self.key_id,
            "master_id": self.master_id,
            "nonce": base64.b64encode(self.nonce).decode(),
            "wrapped": base64.b64encode(self.wrapped).decode(),
        }

    @classmethod
    def from_json(cls, data: dict[str, str]) -> WrappedKey:
        """Inverse of `to_json`."""
        return cls(
            data["subject"],
            data["key_id"],
            data["master_id"],
            base64.b64decode(data["nonce"]),
            base64.b64decode(data["wrapped"]),
        )


class KeyStore(Protocol):
    """Where wrapped data keys live."""

    def load(self, subject: str) -> WrappedKey | None:
        """The subject's wrapped key, or None (never created, or destroyed)."""

    def save(self, key: WrappedKey) -> None:
        """Store a new wrapped key."""

    def destroy(self, subject: str) -> None:
        """Forget the subject's keys for good."""

    def key(self, subject: str, key_id: str) -> WrappedKey | None:
        """One particular key of the subject (two workers may each have created one)."""


class MemoryKeyStore:
    """Keys in a dict; for tests, `redact` runs without --vault, and benchmarks."""

    def __init__(self) -> None:
        self._keys: dict[str, WrappedKey] = {}
        self._lock = threading.Lock()

    def load(self, subject: str) -> WrappedKey | None:
        """See KeyStore."""
        return self._keys.get(subject)

    def save(self, key: WrappedKey) -> None:
        """See KeyStore."""
        with self._lock:
            self._keys.setdefault(key.subject, key)

    def destroy(self, subject: str) -> None:
        """See KeyStore."""
        with self._lock:
            self._keys.pop(subject, None)

    def key(self, subject: str, key_id: str) -> WrappedKey | None:
        """See KeyStore."""
        found = self._keys.get(subject)
        return found if found is not None and found.key_id == key_id else None


class FileKeyStore(MemoryKeyStore):
    """Keys in an append-only JSON-lines file; a tombstone line records a destroyed key."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                if record.get("destroyed"):
                    self._keys.pop(record["subject"], None)
                else:
                    self._keys[record["subject"]] = WrappedKey.from_json(record)

    def save(self, key: WrappedKey) -> None:
        """Append the new key."""
        if self.load(key.subject) is None:
            super().save(key)
            self._append(key.to_json())

    def destroy(self, subject: str) -> None:
        """Append a tombstone and forget the key."""
        super().destroy(subject)
        self._append({"subject": subject, "destroyed": "1"})

    def _append(self, record: dict[str, str]) -> None:
        with open_private(self._path, "a") as fh:  # wrapped keys: owner only
            fh.write(json.dumps(record) + "\n")


class KeyRing:
    """Creates, wraps, caches and unwraps data keys under one master key."""

    def __init__(
        self,
        master_key: bytes,
        store: KeyStore,
        master_id: str = "m1",
        aead_limit: int = AEAD_LIMIT,
    ) -> None:
        if len(master_key) != 32:
            raise ValueError("the vault master key must be 32 bytes")
        self._master = AESGCM(master_key)
        self._master_id = master_id
        self._store = store
        # The subjects' ciphers, least recently used first. Only a cache: every key in it was
        # saved to the store before it was cached (`data_key`), so an evicted cipher is
        # rebuilt from the store's wrapped key, the same key id and key.
        self._aeads: OrderedDict[str, tuple[str, AESGCM]] = OrderedDict()
        self._aead_limit = aead_limit

    def __repr__(self) -> str:
        return f"KeyRing(master_id={self._master_id!r}, key=**********)"

    def data_key(self, subject: str) -> tuple[str, bytes]:
        """(key id, data key) for the subject, created (and saved to the store) on first use."""
        wrapped = self._store.load(subject)
        fresh: bytes | None = None
        if wrapped is None:
            key = AESGCM.generate_key(bit_length=256)
            nonce = os.urandom(12)
            key_id = base64.urlsafe_b64encode(os.urandom(9)).decode()
            blob = self._master.encrypt(nonce, key, f"{subject}|{key_id}".encode())
            ours = WrappedKey(subject, key_id, self._master_id, nonce, blob)
            self._store.save(ours)
            wrapped = self._store.load(subject) or ours  # another writer may have won
            if wrapped.key_id == key_id and wrapped.wrapped == blob:
                fresh = key  # the key stored is the one just made: no need to unwrap it
        return (wrapped.key_id, fresh if fresh is not None else self._unwrap(wrapped))

    def aead(self, subject: str) -> tuple[str, AESGCM]:
        """(key id, AES-GCM cipher) for the subject's data key, created on first use."""
        aeads = self._aeads
        cached = aeads.get(subject)
        if cached is not None:
            # (not `suppress`: a with-statement costs ~0.3 us on each of the seals)
            try:  # noqa: SIM105
                aeads.move_to_end(subject)
            except KeyError:  # `drop_cached` from another thread took it meanwhile
                pass
            return cached
        key_id, key = self.data_key(subject)
        cached = (key_id, AESGCM(key))
        if len(aeads) >= self._aead_limit:
            try:  # noqa: SIM105
                aeads.popitem(last=False)  # the least recently used
            except KeyError:
                pass
        aeads[subject] = cached
        return cached

    def existing_key(self, subject: str, key_id: str) -> bytes:
        """The data key for decryption; VaultError if destroyed or replaced."""
        wrapped = self._store.key(subject, key_id)
        if wrapped is None:
            raise VaultError("data key not available (destroyed or never created)")
        return self._unwrap(wrapped)

    def forget(self, subject: str) -> None:
        """Destroy the subject's key in the store and in this process."""
        self.drop_cached(subject)
        self._store.destroy(subject)

    def drop_cached(self, subject: str) -> None:
        """Forget the subject's key in this process only (destroyed by someone else)."""
        self._aeads.pop(subject, None)

    def _unwrap(self, wrapped: WrappedKey) -> bytes:
        try:
            return self._master.decrypt(
                wrapped.nonce, wrapped.wrapped, f"{wrapped.subject}|{wrapped.key_id}".encode()
            )
        except Exception:
            raise VaultError("data key does not unwrap with this master key") from None
