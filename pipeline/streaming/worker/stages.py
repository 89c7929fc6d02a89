"""Where a record's time goes inside a worker, stage by stage (opt-in; the benchmark's view).

A record's path: published (its CreateTime) -> fetched (`getmany` returned it) -> taken by the
processing loop -> its trip handed to the engine -> the engine's results back -> its transaction
sends the records -> the records acknowledged (`produced`) -> committed (EndTxn answered); a
read_committed reader sees it after that. Each transaction also keeps its own timeline
(`TXN_POINTS`): gathered (opened by a trip, or joined after the engine), begun (the task's
previous transaction had committed), open (begin, AddOffsetsToTxn - with its retries after a
CONCURRENT_TRANSACTIONS - and TxnOffsetCommit answered), ready (the opening trip's results in),
sending, produced, committed. Each point is a wall
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
    "produced",
    "committed",
)
# A transaction's own points, in order (`StageClock.transactions`).
TXN_POINTS = ("gathered", "begun", "open", "ready", "sending", "produced", "committed")


class StageClock:
    """Per input record (by key): the wall time it reached each stage."""

    def __init__(self) -> None:
        self.points: dict[str, dict[str, float]] = {}
        self._where: dict[str, tuple[str, int, int]] = {}  # key -> topic, partition, offset
        # Committed transactions: per partition, (next offset, the transaction's points).
        self._commits: dict[tuple[str, int], list[tuple[int, dict[str, float]]]] = {}
        self.transactions: list[dict[str, float]] = []

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

    def committed(self, offsets: dict[Any, int], points: dict[str, float]) -> None:
        """A transaction holding the records below `offsets` (per partition) committed now;
        `points`: its timeline so far (`TXN_POINTS`, at least "sending")."""
        points = {**points, "committed": time.time()}
        self.transactions.append(points)
        for tp, end in offsets.items():
            self._commits.setdefault((tp.topic, tp.partition), []).append((end, points))

    def resolve(self) -> dict[str, dict[str, float]]:
        """The points, each with its transaction's txn_start (sending), produced and committed:
        the first transaction of its partition that committed past its offset."""
        for key, (topic, partition, offset) in self._where.items():
            for end, txn in self._commits.get((topic, partition), []):
                if end > offset:
                    point = self.points[key]
                    point.setdefault("txn_start", txn["sending"])
                    for name in ("produced", "committed"):
                        if name in txn:
                            point.setdefault(name, txn[name])
                    break
        return self.points

    def dump(self, path: Path) -> None:
        path.write_text(json.dumps(self.resolve()))
        transactions = path.with_name(path.stem + ".txns.json")
        transactions.write_text(json.dumps(self.transactions))


_clock: StageClock | None = None


def install(clock: StageClock | None) -> None:
    """Record stages from now on into `clock` (None: stop)."""
    global _clock
    _clock = clock


def stamp(stage: str, records: Iterable[Any], at: float | None = None) -> None:
    """Record that `records` reached `stage` now (or `at`), if a clock is installed."""
    if _clock is not None:
        _clock.stamp(stage, records, at)


def committed(offsets: dict[Any, int], points: dict[str, float]) -> None:
    """A transaction up to `offsets` committed now; `points`: its timeline so far."""
    if _clock is not None:
        _clock.committed(offsets, points)


def active() -> bool:
    return _clock is not None
