"""When the processing loop hands the next trip to the engine: just before the one there ends.

With two trips in the engine (`StreamSettings.trips_in_engine`), the loop handed the next trip
over as soon as the one before started, so a record fetched while trip A ran went into the trip
C handed over once A's results were in - queued behind B, handed over when A started. It waited
for the rest of A, all of B and its own C: three trip lengths, where the engine needs two (the
rest of the trip running and its own). Handing over at once was for the engine never to idle
while the loop takes results and pickles the next trip (~20 ms a trip).

`Pacer` keeps both: it estimates when the trip in the engine ends (its records times the
engine's recent time per record, from when the trip before it ended), and the loop takes the
inbox and hands the next trip over `handover_lead_ms` before that - so the next trip holds what
arrived during nearly all of the running one, and is already there when it ends. A full trip
waiting in the inbox (`batch_size` records) goes at once: under full load waiting gains nothing.
A trip that ends before its estimate wakes the loop at once (the engine then idles for one
handover, as with one trip in the engine); so does a revocation.

Off by default (`late_handover`): measured with an engine that only sleeps, 3 ms a record and
15 ms a trip, at 250 events/s (`python -m pipeline.streaming.bench.cadence --rate 250
--record-ms 3 --rounds 2 --variant late_handover=true`, shared machine, load 9): p50/p99
646/936 and 755/2,005 ms at once, 506/933 and 486/720 ms late; the wait behind the queued trip
(handover) p50 96 -> 0 ms, but a trip's transaction now begins when it is handed over, later,
and its begin (AddPartitionsToTxn after the CONCURRENT_TRANSACTIONS backoff, AddOffsetsToTxn,
TxnOffsetCommit) p50 9 -> 72-85 ms is then on the records' way. The next step: begin the
transaction when the wait starts and send its offsets at the hand-over. To be measured on an
idle machine with `stream-bench --variant late_handover=true`.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

# Weight of the latest trip in the engine's time per record.
ALPHA = 0.3


@dataclass(eq=False)
class Timing:
    """One trip's way through the engine (monotonic times)."""

    records: int
    handed: float
    before: Timing | None  # the trip ahead of it in the engine when handed over
    ended: float | None = None

    def began(self) -> float | None:
        """When the engine began it: handed over, or when the trip ahead ended."""
        if self.before is None:
            return self.handed
        if self.before.ended is None:
            return None
        return max(self.handed, self.before.ended)


class Pacer:
    """The engine's recent time per record, and how long the loop may wait before the next
    hand-over."""

    def __init__(self, lead_ms: float, enabled: bool = True) -> None:
        self._lead_s = lead_ms / 1000
        self._enabled = enabled
        self.per_record: float | None = None  # seconds, moving average
        self._last: Timing | None = None

    def handed(self, records: int, results: asyncio.Future[Any]) -> Timing:
        """A trip of `records` went to the engine now; its end is taken from `results`."""
        before = self._last if self._last is not None and self._last.ended is None else None
        timing = Timing(records, time.monotonic(), before)
        self._last = timing
        results.add_done_callback(lambda _: self._ended(timing))
        return timing

    def _ended(self, timing: Timing) -> None:
        timing.ended = time.monotonic()
        began = timing.began()
        if began is not None and timing.records:
            cost = max(0.0, timing.ended - began) / timing.records
            self.per_record = (
                cost if self.per_record is None else ALPHA * cost + (1 - ALPHA) * self.per_record
            )

    def trip_records(self, batch_size: int, target_ms: int, min_records: int) -> int:
        """Records a trip may hold: `batch_size`; with `target_ms`, no more than the engine's
        recent pace does in that long, and no fewer than `min_records`
        (`StreamSettings.trip_target_ms`)."""
        if not target_ms or not self.per_record:
            return batch_size
        paced = int(target_ms / 1000 / self.per_record)
        return max(1, min(batch_size, max(min_records, paced)))

    def wait_s(self, running: Timing | None, waiting: int, full: int) -> float:
        """How long to let records gather before the next hand-over: until `handover_lead_ms`
        before `running` is expected to end; 0 if pacing is off, nothing is in the engine,
        the engine's pace is not known yet, or `waiting` records already make a `full` trip."""
        if not self._enabled or running is None or running.ended is not None:
            return 0.0
        began = running.began()
        if began is None or self.per_record is None or waiting >= full:
            return 0.0
        end = began + running.records * self.per_record
        return max(0.0, end - self._lead_s - time.monotonic())


async def gather_until(seconds: float, *wake: asyncio.Future[Any] | asyncio.Event) -> None:
    """Wait `seconds`, or until one of `wake` (a future done, an event set) happens."""
    if seconds <= 0:
        return
    futures: set[asyncio.Future[Any]] = set()
    made: list[asyncio.Future[Any]] = []
    for w in wake:
        if isinstance(w, asyncio.Event):
            if w.is_set():
                return
            waiting: asyncio.Future[Any] = asyncio.ensure_future(w.wait())
            made.append(waiting)
            futures.add(waiting)
        else:
            if w.done():
                return
            futures.add(w)
    try:
        await asyncio.wait(futures, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiting in made:
            waiting.cancel()
