"""One generated hostile event and what was planted in it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pipeline.outcome import StreamName

PlantKind = Literal["email", "phone", "name", "secret", "literal"]


@dataclass(frozen=True)
class Plant:
    """A value that must not appear in any clear output (sanitized, vault fields, rejects, logs)."""

    kind: PlantKind
    value: str  # email: canonical address; phone: national digits; name: "first last"


@dataclass(frozen=True)
class Case:
    """One variant of one class of the review."""

    cls: str
    rule: str  # which generating rule made it (for the per-rule breakdown)
    stream: StreamName
    event: dict[str, Any]
    plants: tuple[Plant, ...]
