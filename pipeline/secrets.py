"""Key material from the environment (only entry points call this), never logged."""

from __future__ import annotations

import base64
import binascii
import itertools
import math
import os
from collections import Counter
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


# A key of 32 random bytes has about 30 distinct bytes and an empirical entropy near 4.9 bits a
# byte; of 200,000 urandom keys the worst had 23 distinct bytes and 4.39 bits. The bounds are far
# below that and far above `"11" * 32`, a repeated word, a counting sequence or a passphrase
# (text only: all 32 bytes printable has a chance of 1 in 10^14 for random bytes).
MIN_DISTINCT_BYTES = 16
MIN_BITS_PER_BYTE = 3.5


def weakness(key: bytes) -> str | None:
    """Why `key` is too weak to protect PII (repeated bytes, low entropy), or None."""
    counts = Counter(key)
    if len(counts) == 1:
        return "one byte repeated"
    if len(counts) < MIN_DISTINCT_BYTES:
        return f"only {len(counts)} distinct bytes (low entropy)"
    bits = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())
    if bits < MIN_BITS_PER_BYTE:
        return f"low entropy ({bits:.1f} bits a byte)"
    steps = {(b - a) % 256 for a, b in itertools.pairwise(key)}
    if len(steps) < MIN_DISTINCT_BYTES:
        return "a regular sequence of bytes"
    if all(0x20 <= b < 0x7F for b in key):
        return "printable text, not random bytes"
    return None


def _checked(name: str, key: bytes, size: int = 32) -> bytes:
    if len(key) != size:
        raise ConfigError(f"${name}", None, name, f"must decode to {size} bytes")
    weak = weakness(key)
    if weak is not None:
        raise ConfigError(f"${name}", None, name, f"weak key refused: {weak}; use 32 random bytes")
    return key


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
            keys.append(_checked(name, _decode_key(name, text), size))
        if keys[0] == keys[1]:
            raise ConfigError(
                f"${names.vault_master_key_env}",
                None,
                names.vault_master_key_env,
                f"must differ from ${names.token_key_env}",
            )
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
    return _checked(name, _decode_key(name, text))
