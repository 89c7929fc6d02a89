"""The engine's input messages, typed, and their JSON wire form (the internal topic's records).

An `Observe` carries one record's contribution to one metric's cell; a `Drop` a record that
could not count (`reason`); a `Tick` the watermark broadcast (each metric's largest event time
seen, which metrics are quiet); a `Forget` an erased or under-13 subject; a `GridClaim` an
aggregator's window size for a metric, sent to the grid authority (internal partition 0), and a
`GridSet` the authority's answer to every partition: the metric's one grid, the first claimed.
The wire form is a JSON object with a `type` field (`obs`, `drop`, `tick`, `forget`, `grid`,
`grid_set`); `decode` raises ValueError, KeyError or TypeError for anything else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pipeline.aggregation.cells import CellKey, Contribution


@dataclass(frozen=True)
class Observe:
    """Count one record towards one metric: event time, cell, subject, what it adds."""

    metric: str
    at: str  # ISO event time, as the record gave it
    cell: CellKey
    subject: str
    contribution: Contribution
    source: str  # where the record came from (topic/partition): duplicates are per source
    offset: int
    wall: float  # wall-clock time it was observed


@dataclass(frozen=True)
class Drop:
    """A record of `metric` that cannot count (unusable), reported with the next release."""

    metric: str
    reason: str
    source: str
    offset: int


@dataclass(frozen=True)
class Tick:
    """Watermarks for every partition: the highest event time per metric; quiet metrics."""

    wall: float
    highs: dict[str, str] = field(default_factory=dict)  # metric -> ISO time
    quiet: tuple[str, ...] = ()


@dataclass(frozen=True)
class Forget:
    """Remove `subject` from every open window."""

    subject: str


@dataclass(frozen=True)
class GridClaim:
    """An aggregator releases `metric` on windows of `size_s` seconds (to the grid authority)."""

    metric: str
    size_s: int


@dataclass(frozen=True)
class GridSet:
    """The grid of `metric`'s releases, as the authority recorded it (to every partition)."""

    metric: str
    size_s: int


Message = Observe | Drop | Tick | Forget | GridClaim | GridSet


def to_json(message: Message) -> dict[str, Any]:
    """The wire form of a message."""
    if isinstance(message, Observe):
        c = message.contribution
        return {
            "type": "obs",
            "metric": message.metric,
            "at": message.at,
            "cell": list(message.cell),
            "subject": message.subject,
            "c": {
                "billed_seconds": c.billed_seconds,
                "amount": str(c.amount),
                "page_views": c.page_views,
                "signups": c.signups,
                "latency_ms": c.latency_ms,
            },
            "src": message.source,
            "off": message.offset,
            "wall": message.wall,
        }
    if isinstance(message, Drop):
        return {
            "type": "drop",
            "metric": message.metric,
            "reason": message.reason,
            "src": message.source,
            "off": message.offset,
        }
    if isinstance(message, Tick):
        return {
            "type": "tick",
            "wall": message.wall,
            "highs": dict(message.highs),
            "quiet": list(message.quiet),
        }
    if isinstance(message, GridClaim | GridSet):
        kind = "grid" if isinstance(message, GridClaim) else "grid_set"
        return {"type": kind, "metric": message.metric, "size_s": message.size_s}
    return {"type": "forget", "subject": message.subject}


def from_json(data: Any) -> Message:
    """A message from its wire form; ValueError, KeyError or TypeError when it is not one."""
    if not isinstance(data, dict):
        raise ValueError("not an object")
    kind = data.get("type")
    if kind == "obs":
        c = data["c"]
        latency = c["latency_ms"]
        return Observe(
            metric=str(data["metric"]),
            at=str(data["at"]),
            cell=tuple(data["cell"]),
            subject=str(data["subject"]),
            contribution=Contribution(
                billed_seconds=int(c["billed_seconds"]),
                amount=Decimal(c["amount"]),
                page_views=int(c["page_views"]),
                signups=int(c["signups"]),
                latency_ms=None if latency is None else float(latency),
            ),
            source=str(data["src"]),
            offset=int(data["off"]),
            wall=float(data["wall"]),
        )
    if kind == "drop":
        return Drop(str(data["metric"]), str(data["reason"]), str(data["src"]), int(data["off"]))
    if kind == "tick":
        highs = data.get("highs") or {}
        if not isinstance(highs, dict):
            raise TypeError("highs")
        return Tick(
            float(data["wall"]),
            {str(k): str(v) for k, v in highs.items()},
            tuple(str(m) for m in data.get("quiet") or ()),
        )
    if kind == "forget":
        return Forget(str(data["subject"]))
    if kind in ("grid", "grid_set"):
        size = int(data["size_s"])
        if size < 1:
            raise ValueError("bad grid")
        made = GridClaim if kind == "grid" else GridSet
        return made(str(data["metric"]), size)
    raise ValueError("unknown message type")


def encode(message: Message) -> bytes:
    """The message as compact JSON bytes."""
    return json.dumps(to_json(message), separators=(",", ":")).encode()


def decode(value: bytes | None) -> Message:
    """A message from the internal topic; ValueError (or KeyError, TypeError) if it is not one."""
    if value is None:
        raise ValueError("empty message")
    return from_json(json.loads(value))
