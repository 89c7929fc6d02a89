"""Key material from the environment (only entry points call this), never logged."""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from pipeline.config.policy import SecretNames
from pipeline.errors import ConfigError


def _decode_key(name: str, text: str) -> bytes:
    text = text.strip()
    try:
        if len(text) in (64, 128) and all(c in "0123456789abcdefABCDEF" for c in text):
            return bytes.fromhex(text)
        return base64.b64decode(text, validate=True)
    except (ValueError, binascii.Error):
        raise ConfigError(f"${name}", None, name, "not hex or base64") from None


@dataclass(frozen=True)
class Secrets:
    """The token key and the vault master key."""

    token_key: bytes = field(repr=False)
    master_key: bytes = field(repr=False)
    ephemeral: bool = False

    @classmethod
    def from_env(cls, names: SecretNames, environ: Mapping[str, str] | None = None) -> Secrets:
        """Read both keys; a missing or short key is a ConfigError naming the variable."""
        env = os.environ if environ is None else environ
        keys: list[bytes] = []
        for name, size in ((names.token_key_env, 32), (names.vault_master_key_env, 32)):
            text = env.get(name)
            if not text:
                raise ConfigError(
                    f"${name}", None, name, "not set (32 random bytes, hex or base64)"
                )
            key = _decode_key(name, text)
            if len(key) != size:
                raise ConfigError(f"${name}", None, name, f"must decode to {size} bytes")
            keys.append(key)
        return cls(keys[0], keys[1])

    @classmethod
    def generate(cls) -> Secrets:
        """Random keys for one process: tokens are not stable across runs."""
        return cls(os.urandom(32), os.urandom(32), ephemeral=True)


def read_key(name: str, environ: Mapping[str, str] | None = None) -> bytes:
    """One 32-byte key from the variable `name` (e.g. a new master key during a rotation)."""
    env = os.environ if environ is None else environ
    text = env.get(name)
    if not text:
        raise ConfigError(f"${name}", None, name, "not set (32 random bytes, hex or base64)")
    key = _decode_key(name, text)
    if len(key) != 32:
        raise ConfigError(f"${name}", None, name, "must decode to 32 bytes")
    return key
