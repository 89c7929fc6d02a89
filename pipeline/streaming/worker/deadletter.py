"""Dead letters: the rejection as JSON, the raw record encrypted, the source named in headers.

The raw payload may hold PII, so it is sealed with AES-GCM under the data key of the subject
`dlq:<stream>` (a vault key like any other, in `pii.vault.keys`); the associated data binds the
ciphertext to its source topic, partition and offset. Headers and the JSON carry only what a
rejection carries: event id, error class, reason, field path - never a raw value.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from pipeline.errors import VaultError
from pipeline.outcome import Rejected, StreamName
from pipeline.vault.keys import KeyRing

Headers = list[tuple[str, bytes]]


@dataclass(frozen=True)
class Source:
    """Where a raw record came from."""

    topic: str
    partition: int
    offset: int


def dlq_subject(stream: StreamName) -> str:
    """The vault subject whose data key encrypts a stream's dead letters."""
    return f"dlq:{stream}"


def _aad(source: Source, part: str) -> bytes:
    return f"dlq|{source.topic}|{source.partition}|{source.offset}|{part}".encode()


def _seal(aead: AESGCM, data: bytes, aad: bytes) -> dict[str, str]:
    nonce = os.urandom(12)
    return {
        "nonce": base64.b64encode(nonce).decode(),
        "ciphertext": base64.b64encode(aead.encrypt(nonce, data, aad)).decode(),
    }


def dead_letter(
    keys: KeyRing, rejected: Rejected, source: Source, key: bytes | None, value: bytes | None
) -> tuple[bytes, Headers]:
    """(value, headers) of the dead-letter record for one rejected raw record."""
    subject = dlq_subject(rejected.stream)
    key_id, aead = keys.aead(subject)
    body: dict[str, Any] = {
        **rejected.to_json(),
        "source": {"topic": source.topic, "partition": source.partition, "offset": source.offset},
        "payload": {
            "subject": subject,
            "key_id": key_id,
            "value": None if value is None else _seal(aead, value, _aad(source, "value")),
            "key": None if key is None else _seal(aead, key, _aad(source, "key")),
        },
    }
    headers: Headers = [
        ("source_topic", source.topic.encode()),
        ("source_partition", str(source.partition).encode()),
        ("source_offset", str(source.offset).encode()),
        ("error_class", rejected.error_class.encode()),
        ("reason", rejected.reason.encode()),
    ]
    return json.dumps(body, separators=(",", ":")).encode(), headers


def open_payload(keys: KeyRing, dead: dict[str, Any], part: str = "value") -> bytes | None:
    """The raw value (or key) of a dead letter; VaultError without the right key."""
    payload = dead["payload"]
    sealed = payload[part]
    if sealed is None:
        return None
    src = dead["source"]
    source = Source(src["topic"], int(src["partition"]), int(src["offset"]))
    data_key = keys.existing_key(payload["subject"], payload["key_id"])
    try:
        return AESGCM(data_key).decrypt(
            base64.b64decode(sealed["nonce"]),
            base64.b64decode(sealed["ciphertext"]),
            _aad(source, part),
        )
    except Exception:
        raise VaultError("dead-letter payload does not decrypt") from None
