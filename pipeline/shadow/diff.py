"""What a candidate configuration would change, as counts only: never a record or a value.

Both engines (live and candidate) get the same raw records and the same keys; per stream the
report counts events, rejections on each side, events whose outcome changed (sanitized on one
side, rejected on the other), sanitized fields whose value differs (by field path), and entities
found on each side (vault entries and `<ENTITY>` placeholders, by type).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.outcome import Outcome, StreamName

PLACEHOLDER = re.compile(r"<([A-Z][A-Z_]+)>")
META_KEY = "_pipeline"


def _leaves(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, child in value.items():
            if path == "" and key == META_KEY:
                continue  # carries the config version: differs by construction
            yield from _leaves(child, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for child in value:
            yield from _leaves(child, f"{path}[]")
    else:
        yield path, value


def _entities(outcome: Outcome) -> Counter[str]:
    found: Counter[str] = Counter()
    if outcome.ok:
        found.update(entry.entity_type for entry in outcome.vault)
        for _, leaf in _leaves(outcome.record):
            if isinstance(leaf, str):
                found.update(PLACEHOLDER.findall(leaf))
    return found


@dataclass
class StreamDiff:
    """Counts of one stream."""

    events: int = 0
    rejected_live: int = 0
    rejected_candidate: int = 0
    outcome_changed: int = 0
    events_changed: int = 0  # sanitized on both sides, some field differs
    fields_changed: Counter[str] = field(default_factory=Counter)
    entities_live: Counter[str] = field(default_factory=Counter)
    entities_candidate: Counter[str] = field(default_factory=Counter)

    def add(self, live: Outcome, candidate: Outcome) -> None:
        """Compare the two outcomes of one raw record."""
        self.events += 1
        self.rejected_live += not live.ok
        self.rejected_candidate += not candidate.ok
        self.entities_live.update(_entities(live))
        self.entities_candidate.update(_entities(candidate))
        if live.ok != candidate.ok:
            self.outcome_changed += 1
            return
        if not live.ok or not candidate.ok:
            return
        a, b = dict(_multi(live.record)), dict(_multi(candidate.record))
        changed = {p for p in a.keys() | b.keys() if a.get(p) != b.get(p)}
        self.fields_changed.update(changed)
        self.events_changed += bool(changed)

    def to_json(self) -> dict[str, Any]:
        """The counts as JSON (field paths and entity types, no values)."""
        types = sorted(self.entities_live.keys() | self.entities_candidate.keys())
        return {
            "events": self.events,
            "rejected": {"live": self.rejected_live, "candidate": self.rejected_candidate},
            "outcome_changed": self.outcome_changed,
            "events_with_fields_changed": self.events_changed,
            "fields_changed": dict(self.fields_changed.most_common()),
            "entities": {
                t: {"live": self.entities_live[t], "candidate": self.entities_candidate[t]}
                for t in types
            },
        }


def _multi(record: dict[str, Any]) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Leaves grouped by path (a list's elements share a path)."""
    grouped: dict[str, list[Any]] = {}
    for path, leaf in _leaves(record):
        grouped.setdefault(path, []).append(leaf)
    for path, leaves in grouped.items():
        yield path, tuple(leaves)


@dataclass
class ShadowReport:
    """The whole report: both versions and one `StreamDiff` per stream."""

    live_version: str
    candidate_version: str
    streams: dict[str, StreamDiff] = field(default_factory=dict)

    def compare(
        self, stream: StreamName, live: Sequence[Outcome], candidate: Sequence[Outcome]
    ) -> None:
        """Add one batch of outcomes (same raw records, same order)."""
        diff = self.streams.setdefault(stream, StreamDiff())
        for a, b in zip(live, candidate, strict=True):
            diff.add(a, b)

    def to_json(self) -> dict[str, Any]:
        """The report as JSON."""
        return {
            "live_version": self.live_version,
            "candidate_version": self.candidate_version,
            "streams": {s: d.to_json() for s, d in self.streams.items()},
        }
