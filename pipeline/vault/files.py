"""Subject access and key rotation on a file vault (`redact --vault FILE`).

`FILE` holds vault entries as JSON lines, `FILE.keys` the wrapped data keys (append-only, a
later line of a subject replaces an earlier one, a tombstone destroys), `FILE.audit` one line
per subject access: who was looked up (their token), when, how many entries; never a value.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError, VaultError
from pipeline.outcome import VaultEntry
from pipeline.private_files import open_private
from pipeline.vault.cipher import VaultCipher
from pipeline.vault.keys import FileKeyStore, KeyRing, WrappedKey
from pipeline.vault.rotation import check_masters, rewrap


@dataclass(frozen=True)
class Access:
    """The decrypted entries of one subject, and those that no longer decrypt."""

    entries: list[dict[str, Any]]
    unreadable: int


def _entries(path: Path) -> Iterator[VaultEntry]:
    if not path.is_file():
        raise PipelineError(f"{path}: no such vault file")
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield VaultEntry(**json.loads(line))
            except (ValueError, TypeError):
                raise VaultError(f"{path}:{number}: not a vault entry") from None


def decrypt_subject(master_key: bytes, subject: str, path: Path) -> Access:
    """Every entry of `subject` (a token) in the file vault, decrypted."""
    ring = KeyRing(master_key, FileKeyStore(Path(f"{path}.keys")))
    cipher = VaultCipher(ring)
    out: list[dict[str, Any]] = []
    unreadable = 0
    for entry in _entries(path):
        if entry.subject != subject:
            continue
        try:
            value = cipher.open(entry)
        except VaultError:
            unreadable += 1  # key destroyed (erasure) or rotated away
            continue
        out.append(access_line(entry, value))
    return Access(out, unreadable)


def access_line(entry: VaultEntry, value: str) -> dict[str, Any]:
    """One line of `vault show`: what, where, which event, the value."""
    return {
        "entity_type": entry.entity_type,
        "path": entry.path,
        "event_id": entry.event_id,
        "value": value,
    }


def audit_record(request_id: str, kind: str, access: Access, where: str) -> dict[str, Any]:
    """What a subject access leaves behind: no value and no token (an audit trail outlives an
    erasure); the request id, which the operator files with the request, links the two."""
    return {
        "action": "subject_access",
        "request_id": request_id,
        "kind": kind,
        "entries": len(access.entries),
        "unreadable": access.unreadable,
        "vault": where,
        "operator": os.environ.get("USER") or os.environ.get("LOGNAME") or "unknown",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def write_audit(path: Path, record: dict[str, Any]) -> None:
    """Append one audit line next to the vault (`FILE.audit`, mode 0600)."""
    audit = Path(f"{path}.audit")
    fd = os.open(audit, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")


def rotate_file(old_master: bytes, new_master: bytes, path: Path) -> dict[str, int]:
    """Rewrap every live key of `FILE.keys` under `new_master`; counts per outcome."""
    check_masters(old_master, new_master)
    keys_path = Path(f"{path}.keys")
    if not keys_path.is_file():
        raise PipelineError(f"{keys_path}: no such key file")
    live: dict[str, WrappedKey] = {}
    for line in keys_path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("destroyed"):
            live.pop(record["subject"], None)
        else:
            live[record["subject"]] = WrappedKey.from_json(record)
    counts = {"rewrapped": 0, "done": 0, "failed": 0}
    with open_private(keys_path, "a") as handle:
        for key in live.values():
            result = rewrap(old_master, new_master, key)
            counts[result.status] += 1
            if result.status == "rewrapped":
                handle.write(json.dumps(result.key.to_json()) + "\n")
                handle.flush()  # each line whole: a rotation stopped half-way is run again
    return counts
