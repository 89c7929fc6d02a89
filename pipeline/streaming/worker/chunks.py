"""An engine call in chunks, so that it ends by a deadline or soon after it is abandoned.

`route_many` treats a call's batches as one batch (the detectors and the model see them
together), and a batch has no record boundary the engine could stop at. So a call is cut into
chunks of at most `chunk_units` estimated work (`trips.cost`, at least one record each: a
record's own work is bounded by the work budget), and between two chunks it stops once its
`deadline` has passed (after its first chunk: every call makes progress) or once the worker has
abandoned it (`Stop`). A chunk is all or nothing, so the results of a call cut short cover a
prefix of each batch (`Routed.done`); the worker commits that prefix and sends the rest again
(`trips`). A call queued behind one cut short is skipped whole (`skipped`): its records must go
after the rest of the one before.

Why chunks of a work cap: the longest a chunk can take is what one record at the cap takes
(about 25 s on the reference host), and the engine cannot stop inside a record anyway, so
smaller chunks would not bound a trip better; ordinary records (~1 KB, ~14,000 units) come
about 70 a chunk.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from pipeline.engine import Engine
from pipeline.outcome import StreamName
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker.routing import Blocked, Counts, RawRecord, Routed, route_many
from pipeline.streaming.worker.trips import cost

log = logging.getLogger(__name__)

# One engine call: a stream and its batches (one per partition).
Job = tuple[StreamName, Sequence[Sequence[RawRecord]]]


@dataclass(frozen=True, slots=True)
class Bounds:
    """Where a call stands: its number (a runner's calls are numbered from 1, in the order
    handed over), the number of the call ahead of it still in the engine when it was handed
    over (0: none), and its deadline (`time.monotonic`, which is system-wide on Linux: the
    engine process reads the same clock)."""

    call: int
    behind: int
    deadline: float


class Stop:
    """What an engine knows of its calls: the last one abandoned (`abandoned`: every call up
    to it is; written by the worker, also across processes - a `multiprocessing` value) and
    the last one cut short (`cut`)."""

    def __init__(self, abandoned: Any) -> None:
        self._abandoned = abandoned  # has `.value`: an int
        self.cut = 0

    def abandoned(self, call: int) -> bool:
        return bool(call <= self._abandoned.value)


def _merged(a: Routed, b: Routed, done: int) -> Routed:
    counts = Counts(
        *(
            dict(Counter(getattr(a.counts, f.name)) + Counter(getattr(b.counts, f.name)))
            for f in fields(Counts)
        )
    )
    return Routed(a.records + b.records, counts, (a.done or 0) + done)


def slices(batches: Sequence[Sequence[RawRecord]], units: int) -> list[list[tuple[int, int, int]]]:
    """The call's records in chunks of at most `units` estimated work (one record at least),
    in order: each chunk a list of (batch, start, end) slices."""
    chunks: list[list[tuple[int, int, int]]] = []
    used = units
    for b, batch in enumerate(batches):
        for i, record in enumerate(batch):
            c = cost(record)
            if used + c > units:
                chunks.append([])
                used = 0
            used += c
            part = chunks[-1]
            if part and part[-1][0] == b:
                part[-1] = (b, part[-1][1], i + 1)
            else:
                part.append((b, i, i + 1))
    return chunks


def skipped(jobs: Sequence[Job]) -> list[list[Routed]]:
    """Results of a call none of whose records were processed."""
    return [[Routed([], Counts(), 0) for _ in batches] for _, batches in jobs]


def route_bounded(
    engine: Engine,
    settings: StreamSettings,
    jobs: Sequence[Job],
    blocked: Blocked | None,
    bounds: Bounds,
    stop: Stop,
    chunk_units: int,
) -> list[list[Routed]]:
    """The call's results, cut short (a prefix of each batch, `Routed.done`) at its deadline
    or once abandoned; skipped whole if the call ahead of it was cut short."""
    if bounds.behind and bounds.behind == stop.cut:
        stop.cut = bounds.call
        return skipped(jobs)
    results = skipped(jobs)
    first = True
    for j, (stream, batches) in enumerate(jobs):
        for chunk in slices(batches, chunk_units):
            late = not first and time.monotonic() > bounds.deadline
            if late or stop.abandoned(bounds.call):
                stop.cut = bounds.call
                return results
            first = False
            routed = route_many(
                engine, settings, stream, [batches[b][s:e] for b, s, e in chunk], blocked
            )
            for (b, s, e), part in zip(chunk, routed, strict=True):
                results[j][b] = _merged(results[j][b], part, e - s)
    return [
        [Routed(r.records, r.counts) for r in routed] for routed in results
    ]  # done: all of them


def chunk_units(engine: Engine, settings: StreamSettings) -> int:
    """Estimated work units of one chunk: the setting, else the policy's work cap."""
    return settings.trip_chunk_units or engine.config.policy.limits.max_work_units


def note_cut(jobs: Sequence[Job], routed: list[list[Routed]]) -> None:
    """Log (in the worker) how many records of a call cut short go again."""
    left = sum(
        len(batch) - result.done
        for (_, batches), results in zip(jobs, routed, strict=True)
        for batch, result in zip(batches, results, strict=True)
        if result.done is not None
    )
    if left:
        log.info(
            "trip cut short (deadline, abandoned, or behind one cut): %d records go again", left
        )
