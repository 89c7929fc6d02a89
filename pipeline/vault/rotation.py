"""Rewrapping data keys under a new master key: the one step of a master-key rotation.

A data key is stored wrapped (AES-GCM under the master key, associated data `subject|key_id`).
Rotation unwraps each live key with the old master and wraps it again under the new one; the
entries sealed under the data keys are not touched. `rewrap` is idempotent (a key that already
unwraps with the new master is left as it is), so a rotation that stops half-way is simply run
again. A master key is named by a fingerprint (`master_id`), never by its bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from pipeline.errors import VaultError
from pipeline.vault.keys import WrappedKey


def master_fingerprint(master_key: bytes) -> str:
    """A public name of a master key: `m-` + 12 hex of an HMAC of a fixed label under it."""
    return "m-" + hmac.new(master_key, b"pii-vault-master-id", hashlib.sha256).hexdigest()[:12]


def _aad(key: WrappedKey) -> bytes:
    return f"{key.subject}|{key.key_id}".encode()


def unwraps(master_key: bytes, key: WrappedKey) -> bool:
    """Whether `master_key` unwraps `key`."""
    try:
        AESGCM(master_key).decrypt(key.nonce, key.wrapped, _aad(key))
    except (InvalidTag, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Rewrapped:
    """What `rewrap` did with one key: `rewrapped` (new form in `key`), `done` or `failed`."""

    status: str
    key: WrappedKey


def rewrap(old_master: bytes, new_master: bytes, key: WrappedKey) -> Rewrapped:
    """`key` wrapped under `new_master`; `done` if it already is; `failed` if neither unwraps."""
    if unwraps(new_master, key):
        return Rewrapped("done", key)
    try:
        data_key = AESGCM(old_master).decrypt(key.nonce, key.wrapped, _aad(key))
    except (InvalidTag, ValueError):
        return Rewrapped("failed", key)
    nonce = os.urandom(12)
    wrapped = AESGCM(new_master).encrypt(nonce, data_key, _aad(key))
    return Rewrapped(
        "rewrapped",
        WrappedKey(key.subject, key.key_id, master_fingerprint(new_master), nonce, wrapped),
    )


def check_masters(old_master: bytes, new_master: bytes) -> None:
    """Refuse a rotation to the same key (it would rewrite nothing and prove nothing)."""
    if hmac.compare_digest(old_master, new_master):
        raise VaultError("the new master key is the current one")
