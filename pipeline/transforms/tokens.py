"""Keyed pseudonymous tokens: HMAC-SHA256 under a secret key, never a plain hash.

A plain SHA-256 of a phone number is reversed by enumerating the number space; an HMAC is
not without the key. The entity type is part of the message so the same string in two roles
(an account id and a cookie id) gives unrelated tokens.
"""

from __future__ import annotations

import hashlib
import hmac

TOKEN_PREFIX = "tok_"


class Tokenizer:
    """Deterministic keyed tokens; the key never leaves this object."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 32:
            raise ValueError("token key must be at least 32 bytes")
        self._key = key
        # the HMAC keyed once: a copy per token skips hashing the padded key twice (2.5 -> 1.2 us)
        self._keyed = hmac.new(key, digestmod=hashlib.sha256)
        self._cache: dict[tuple[str, str], str] = {}

    def __repr__(self) -> str:
        return "Tokenizer(key=**********)"

    def token(self, entity_type: str, normalized: str) -> str:
        """`tok_` + 32 hex characters (128 bits) of HMAC-SHA256(key, type ':' value)."""
        cached = self._cache.get((entity_type, normalized))
        if cached is not None:
            return cached
        mac = self._keyed.copy()  # = hmac.new(self._key, message, hashlib.sha256)
        mac.update(f"{entity_type}:{normalized}".encode())
        token = TOKEN_PREFIX + mac.hexdigest()[:32]
        if len(self._cache) > 100_000:  # bounded: long-running workers see endless new values
            self._cache.clear()
        self._cache[(entity_type, normalized)] = token
        return token
