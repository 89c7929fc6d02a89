"""The window store's layout: its keys, the stored tally, and views of parts of it.

Keys of the store are JSON arrays, the partition second (a worker may hold several):

    ["c", p, metric]                          watermark: high (max event time), high_wall, mark
    ["w", p, metric, start]                   an open window; records dropped from it by reason
    ["t", p, metric, start, cell, subject]    one subject's tally in one cell (small values, so
                                              an event rewrites one small record, never the window)
    ["r", p, metric, start]                   a computed release not yet fully published
    ["d", p, metric]                          drops not attributable to an open window (late,
                                              unusable records): reported with the next release
    ["g", p, metric]                          the metric's window grid (seconds), as confirmed
    ["b", p, metric, start]                   a DP window's ε and records (the budget ledger)

Everything the engine keeps is under these keys, so a store restored from a changelog (written
key by key) resumes where its last writer was.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pipeline.aggregation.cells import SubjectTally


def key(*parts: Any) -> str:
    """A store key: the parts as a compact JSON array."""
    return json.dumps(parts, separators=(",", ":"))


def new_tally(first_at: str) -> dict[str, Any]:
    """A stored tally before its first record (`src`: highest offset counted per source)."""
    return {
        "events": 0,
        "billed_seconds": 0,
        "amount": "0",
        "page_views": 0,
        "signups": 0,
        "latencies": [],
        "first_at": first_at,
        "src": {},
    }


def tally_from(value: Mapping[str, Any]) -> SubjectTally:
    """A stored tally as the cells module's type."""
    return SubjectTally(
        events=int(value["events"]),
        billed_seconds=int(value["billed_seconds"]),
        amount=Decimal(value["amount"]),
        page_views=int(value["page_views"]),
        signups=int(value["signups"]),
        latencies=[float(v) for v in value["latencies"]],
    )


@dataclass
class Index:
    """What the store holds for one partition (a cache, rebuilt from the store)."""

    tallies: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (metric, start)
    pending: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def of(cls, store: Mapping[str, Any], partition: int) -> Index:
        """The index of `partition`'s open windows, tallies and stored releases."""
        index = cls()
        for raw in list(store.keys()):
            parts = json.loads(raw)
            if parts[1] != partition:
                continue
            if parts[0] == "t":
                index.tallies.setdefault((parts[2], parts[3]), set()).add(raw)
            elif parts[0] == "w":
                index.tallies.setdefault((parts[2], parts[3]), set())
            elif parts[0] == "r":
                index.pending.add((parts[2], parts[3]))
        return index


class GridView(MutableMapping[str, Any]):
    """The store's ["g", partition, metric] keys as a metric -> grid mapping."""

    def __init__(self, store: MutableMapping[str, Any], partition: int) -> None:
        self._store, self._partition = store, partition

    def __getitem__(self, metric: str) -> Any:
        return self._store[key("g", self._partition, metric)]

    def __setitem__(self, metric: str, value: Any) -> None:
        self._store[key("g", self._partition, metric)] = value

    def __delitem__(self, metric: str) -> None:
        del self._store[key("g", self._partition, metric)]

    def __iter__(self) -> Iterator[str]:
        prefix = key("g", self._partition)[:-1] + ","
        return (json.loads(k)[2] for k in list(self._store) if k.startswith(prefix))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class LedgerView(MutableMapping[str, Any]):
    """The store's ["b", partition, metric, start] keys as the ε ledger's `metric|start`."""

    def __init__(self, store: MutableMapping[str, Any], partition: int) -> None:
        self._store, self._partition = store, partition

    def _raw(self, name: str) -> str:
        metric, start = name.split("|", 1)
        return key("b", self._partition, metric, start)

    def __getitem__(self, name: str) -> Any:
        return self._store[self._raw(name)]

    def __setitem__(self, name: str, value: Any) -> None:
        self._store[self._raw(name)] = value

    def __delitem__(self, name: str) -> None:
        del self._store[self._raw(name)]

    def __iter__(self) -> Iterator[str]:
        prefix = key("b", self._partition)[:-1] + ","
        for raw in list(self._store):
            if raw.startswith(prefix):
                parts = json.loads(raw)
                yield f"{parts[2]}|{parts[3]}"

    def __len__(self) -> int:
        return sum(1 for _ in self)
