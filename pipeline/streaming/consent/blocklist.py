"""Subjects whose events reach no output: under 13, or erased (from `control.consent`).

The worker keeps a `Blocklist` fed by the `ConsentBook` (every blocked subject at start, then
each change); the engine process gets its changes with each batch, like the key changes. An event
is withheld when any subject it names is blocked: its primary subject, the subject of any vault
entry, or any token in its sanitized record (the caller and the callee of one call, an e-mail
found in a body). A withheld event leaves one audit record (source partition and offset, reason;
no PII, no token) instead of its sanitized record and vault entries, so input = sanitized +
dead-letter + withheld still holds and replaying the raw topics does not bring the subject back.

What the blocklist does not reach: dead letters (their payload is sealed under the stream's
dead-letter key, not the subject's; they expire with the dead-letter topic's retention), and
values found in free text that are vaulted under the event's subject rather than their own (an
e-mail in a call's notes is erased with the caller, not with the e-mail's owner).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from pipeline.aggregation.metrics import TOKEN
from pipeline.outcome import Sanitized

# (subject token, reason): "under_13" or "erase".
Block = tuple[str, str]


class Blocklist:
    """Blocked subjects, with a journal of additions for the engine process."""

    def __init__(self) -> None:
        self._reasons: dict[str, str] = {}
        self._journal: list[Block] = []
        self._lock = threading.Lock()

    def block(self, subject: str, reason: str) -> bool:
        """Block `subject`; whether it was new."""
        with self._lock:
            if subject in self._reasons:
                return False
            self._reasons[subject] = reason
            self._journal.append((subject, reason))
            return True

    def reason(self, subject: str) -> str | None:
        """Why `subject` is blocked, or None."""
        return self._reasons.get(subject)

    def changes_since(self, seen: int) -> tuple[list[Block], int]:
        """Blocks added after the first `seen`, and the new count."""
        with self._lock:
            return self._journal[seen:], len(self._journal)

    def __len__(self) -> int:
        return len(self._reasons)


def _tokens(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        if TOKEN.match(value):
            yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _tokens(item)
    elif isinstance(value, list):
        for item in value:
            yield from _tokens(item)


def subjects_of(outcome: Sanitized) -> Iterable[str]:
    """Every subject token a sanitized outcome names."""
    if outcome.subject:
        yield outcome.subject
    for entry in outcome.vault:
        yield entry.subject
    yield from _tokens(outcome.record)


def withheld_record(
    reason: str, stream: str, topic: str, partition: int, offset: int
) -> dict[str, Any]:
    """The audit record of one withheld event: where it was and why, nothing of its content."""
    return {
        "action": "event_withheld",
        "reason": reason,
        "stream": stream,
        "source": {"topic": topic, "partition": partition, "offset": offset},
        "at": datetime.now(UTC).isoformat(),
    }


def keys_destroyed_record(reason: str, keys: int, requested_at: str | None) -> dict[str, Any]:
    """The audit record of one subject's keys destroyed (no subject: the request's time)."""
    return {
        "action": "keys_destroyed",
        "reason": reason,
        "keys": keys,
        "requested_at": requested_at,
        "at": datetime.now(UTC).isoformat(),
    }
