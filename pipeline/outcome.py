"""What processing one raw record yields: a sanitized record with vault entries, or a rejection."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

StreamName = Literal["call_logs", "notification_logs", "analytics_events"]
STREAMS: tuple[StreamName, ...] = ("call_logs", "notification_logs", "analytics_events")


@dataclass(frozen=True)
class VaultEntry:
    """One PII value kept for the data subject, encrypted under the subject's data key."""

    subject: str  # keyed token of the data subject (never the raw identifier)
    entity_type: str
    path: str
    event_id: str
    key_id: str
    nonce: str  # base64
    ciphertext: str  # base64, AES-GCM; associated data binds subject, path and event id

    def to_json(self) -> dict[str, Any]:
        """The vault record as written to `pii.vault`."""
        return {
            "subject": self.subject,
            "entity_type": self.entity_type,
            "path": self.path,
            "event_id": self.event_id,
            "key_id": self.key_id,
            "nonce": self.nonce,
            "ciphertext": self.ciphertext,
        }


@dataclass(frozen=True)
class Finding:
    """One decision about one field, for `explain` and metrics (values masked)."""

    path: str
    classification: str  # e.g. "identifier:PHONE_NUMBER", "free_text", "safe", "unknown", "secret"
    entities: tuple[str, ...]
    recognizer: str
    score: float | None
    action: str
    result: str  # the output value (tokens, placeholders, generalisations)
    source: str = ""  # the input value, masked when it is (or may hold) PII


@dataclass(frozen=True)
class Sanitized:
    """A record with no direct identifier, plus the vault entries for the PII that was kept."""

    event_id: str
    stream: StreamName
    record: dict[str, Any]
    vault: tuple[VaultEntry, ...] = ()
    findings: tuple[Finding, ...] = field(default=(), compare=False)
    subject: str | None = None  # primary data subject token; the key for partitioning

    ok: Literal[True] = True


@dataclass(frozen=True)
class Rejected:
    """A record that could not be processed; nothing in it is a raw value from the input."""

    event_id: str | None
    stream: StreamName
    error_class: str  # InputError.code, e.g. "undecodable", "too_large", "contract"
    reason: str
    path: str | None = None

    ok: Literal[False] = False

    def to_json(self) -> dict[str, Any]:
        """The rejection as written to a rejects file (the raw payload is not included)."""
        return {
            "event_id": self.event_id,
            "stream": self.stream,
            "error_class": self.error_class,
            "reason": self.reason,
            "path": self.path,
        }


Outcome = Sanitized | Rejected
