"""Where a record's time goes inside a worker, stage by stage (opt-in; the benchmark's view).

A record's path: published (its CreateTime) -> fetched (`getmany` returned it) -> taken by the
processing loop -> its trip handed to the engine -> the engine's results back -> its transaction
sends the records -> committed; a read_committed reader sees it after that. Each point is a wall
clock time (`time.time()`: the benchmark compares them across processes), kept per input record
by its key (the benchmark keys its events by event id) only while a `StageClock` is installed:
`stamp` is a no-op otherwise, so the worker pays nothing in production. Transactions are kept
per partition by the offsets they commit, and matched to the records when the clock is read.

Kept in memory and written as JSON at the end (`dump`): a benchmark run holds a few thousand
records per worker.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# In path order. engine_start/engine_end: inside the engine process (its own process by
# default: between engine_in and engine_start the trip is pickled, sent, and waits for the trip
# ahead of it in that process).
STAGES = (
    "published",
    "fetched",
    "taken",
    "engine_in",
    "engine_start",
    "engine_end",
    "engine_out",
    "txn_start",
    "committed",
)


class StageClock:
    """Per input record (by key): the wall time it reached each stage."""

    def __init__(self) -> None:
        self.points: dict[str, dict[str, float]] = {}
        self._where: dict[str, tuple[str, int, int]] = {}  # key -> topic, partition, offset
        # Committed transactions: per partition, (next offset, records sent from, committed).
        self._commits: dict[tuple[str, int], list[tuple[int, float, float]]] = {}

    def stamp(self, stage: str, records: Iterable[Any], at: float | None = None) -> None:
        now = time.time() if at is None else at
        for r in records:
            key = r.key
            if key is None:
                continue
            point = self.points.setdefault(key.decode(errors="replace"), {})
            if stage == "fetched" and "published" not in point:
                point["published"] = r.timestamp / 1000
                self._where[key.decode(errors="replace")] = (r.topic, r.partition, r.offset)
            point.setdefault(stage, now)  # a record fetched twice (a seek): its first time

    def committed(self, offsets: dict[Any, int], sending: float) -> None:
        """A transaction holding the records below `offsets` (per partition) committed now; it
        began sending them at `sending`."""
        now = time.time()
        for tp, end in offsets.items():
            self._commits.setdefault((tp.topic, tp.partition), []).append((end, sending, now))

    def resolve(self) -> dict[str, dict[str, float]]:
        """The points, each with its transaction's txn_start and committed: the first
        transaction of its partition that committed past its offset."""
        for key, (topic, partition, offset) in self._where.items():
            for end, sending, done in self._commits.get((topic, partition), []):
                if end > offset:
                    self.points[key].setdefault("txn_start", sending)
                    self.points[key].setdefault("committed", done)
                    break
        return self.points

    def dump(self, path: Path) -> None:
        path.write_text(json.dumps(self.resolve()))


_clock: StageClock | None = None


def install(clock: StageClock | None) -> None:
    """Record stages from now on into `clock` (None: stop)."""
    global _clock
    _clock = clock


def stamp(stage: str, records: Iterable[Any], at: float | None = None) -> None:
    """Record that `records` reached `stage` now (or `at`), if a clock is installed."""
    if _clock is not None:
        _clock.stamp(stage, records, at)


def committed(offsets: dict[Any, int], sending: float) -> None:
    """A transaction up to `offsets` committed now; it began sending at `sending`."""
    if _clock is not None:
        _clock.committed(offsets, sending)


def active() -> bool:
    return _clock is not None
