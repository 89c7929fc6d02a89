"""Encrypt one PII value into a vault entry, and back."""

from __future__ import annotations

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from pipeline.errors import VaultError
from pipeline.outcome import VaultEntry
from pipeline.vault.keys import KeyRing


def _aad(subject: str, entity_type: str, path: str, event_id: str) -> bytes:
    # Binding the context means an entry cannot be moved to another subject or event unnoticed.
    return "|".join((subject, entity_type, path, event_id)).encode()


class VaultCipher:
    """AES-GCM under the subject's data key."""

    def __init__(self, keys: KeyRing) -> None:
        self._keys = keys

    def seal(
        self, subject: str, entity_type: str, path: str, event_id: str, value: str
    ) -> VaultEntry:
        """A vault entry holding `value` encrypted."""
        key_id, aead = self._keys.aead(subject)  # the subject's cipher, built once
        nonce = os.urandom(12)
        blob = aead.encrypt(nonce, value.encode(), _aad(subject, entity_type, path, event_id))
        # positional, and base64 without the wrapper: a seal per kept value, ~1 us less each
        return VaultEntry(
            subject,
            entity_type,
            path,
            event_id,
            key_id,
            binascii.b2a_base64(nonce, newline=False).decode(),
            binascii.b2a_base64(blob, newline=False).decode(),
        )

    def open(self, entry: VaultEntry) -> str:
        """The plaintext value; VaultError when the key is gone or the entry was tampered with."""
        key = self._keys.existing_key(entry.subject, entry.key_id)
        aad = _aad(entry.subject, entry.entity_type, entry.path, entry.event_id)
        try:
            plain = AESGCM(key).decrypt(
                base64.b64decode(entry.nonce), base64.b64decode(entry.ciphertext), aad
            )
        except (InvalidTag, ValueError):
            raise VaultError("vault entry does not decrypt") from None
        return plain.decode()
