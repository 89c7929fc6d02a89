"""How one fetch goes to the engine: batches per stream in calls, calls in trips.

A trip is bounded by records (`batch_size`) and by estimated work: a record costs at most
`UNITS_PER_BYTE` work units per byte of its value plus `RECORD_UNITS` (the bound the work
budget's linearity tests hold the engine to; each record is also cut off at the policy's
`limits.max_work_units`). And by time: the engine ends a trip at its deadline, between two
chunks (`chunks`), and returns what it finished; the rest is carried (`Carry`) and goes first
in the next trip, before later records of its partitions. While a trip is in the engine the
worker holds its lock; a revocation does not wait for the trip: it is abandoned
(`Revocations`), and the engine stops it at its next chunk, so neither the group nor the next
owner's trips wait for it. A reload waits between two trips.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from aiokafka import AIOKafkaProducer, TopicPartition

from pipeline.outcome import StreamName
from pipeline.streaming.kafka.ownership import Ownership
from pipeline.streaming.worker.pacing import Timing
from pipeline.streaming.worker.routing import Routed
from pipeline.streaming.worker.transaction import Gathering

__all__ = ["Call", "Carry", "InFlight", "Piece", "Revocations", "TripLock", "cost", "plan_trips"]

# One partition's share of an engine call: its records and the producer of its transaction.
Piece = tuple[TopicPartition, AIOKafkaProducer, list[Any]]
# One engine call: a stream and the pieces of its partitions.
Call = tuple[StreamName, list[Piece]]

UNITS_PER_BYTE = 12
RECORD_UNITS = 2_000


def cost(record: Any) -> int:
    """The most work units `record` is expected to cost."""
    value = getattr(record, "value", None)
    return UNITS_PER_BYTE * len(value or b"") + RECORD_UNITS


def _split(piece: Piece, max_units: int) -> list[Piece]:
    """`piece` cut so that each part stays under `max_units` (a part holds one record at least)."""
    tp, producer, records = piece
    parts: list[Piece] = []
    units = max_units
    for record in records:
        c = cost(record)
        if units + c > max_units:
            parts.append((tp, producer, []))
            units = 0
        parts[-1][2].append(record)
        units += c
    return parts


def plan_trips(
    pieces: dict[StreamName, list[Piece]], batch_size: int, max_units: int | None = None
) -> list[list[Call]]:
    """Per stream, the pieces of its partitions go to the engine together (up to `batch_size`
    records a call); calls go a few at a time: one trip for a small fetch (one hand-over to the
    engine process, not one per stream), about `batch_size` records a trip for a big one, so
    that commits start while the engine is still busy with the rest. With `max_units`, no call
    or trip holds more estimated work than that (but one record)."""
    limit = max_units if max_units is not None else 0
    calls: list[Call] = []
    call_units: list[int] = []
    for stream, stream_pieces in pieces.items():
        size = units = 0
        for whole in stream_pieces:
            for piece in _split(whole, limit) if limit else [whole]:
                c = sum(cost(r) for r in piece[2]) if limit else 0
                full = size + len(piece[2]) > batch_size or (limit and units + c > limit)
                if not calls or calls[-1][0] != stream or full:
                    calls.append((stream, []))
                    call_units.append(0)
                    size = units = 0
                calls[-1][1].append(piece)
                call_units[-1] += c
                size += len(piece[2])
                units += c
    trips: list[list[Call]] = []
    size, units = batch_size, 0
    for call, c in zip(calls, call_units, strict=True):
        if size >= batch_size or (limit and trips and trips[-1] and units + c > limit):
            trips.append([])
            size = units = 0
        trips[-1].append(call)
        size += sum(len(chunk) for _, _, chunk in call[1])
        units += c
    return trips


class TripLock(asyncio.Lock):
    """The worker's lock, which knows whether anyone waits for it: the processing loop keeps it
    while trips are in the engine, and lets a revocation or a reload in between two trips."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting = 0

    async def acquire(self) -> Literal[True]:
        self.waiting += 1
        try:
            return await super().acquire()
        finally:
            self.waiting -= 1


@dataclass(eq=False)
class InFlight:
    """A trip handed to the engine whose results are not yet in their transactions."""

    calls: list[Call]
    epochs: dict[TopicPartition, int]
    started: float
    results: asyncio.Future[list[list[Routed]]]
    # The transactions the trip opened (one per task that had none gathering).
    opened: dict[int, Gathering] = field(default_factory=dict)
    timing: Timing | None = None  # its way through the engine (`pacing`)

    def fail(self) -> None:
        """The trip has no results: the transactions it opened abort instead of waiting."""
        for gathering in self.opened.values():
            gathering.failed = True
            gathering.ready.set()


class Revocations(Ownership):
    """The worker's `Ownership`, which tells the processing loop that a revocation waits for
    its lock (`wanted`) and for which partitions (`revoking`): a trip in the engine whose
    partitions are all revoked is abandoned (`results`) rather than waited for, so the
    handover does not wait for the engine. aiokafka's groups are eager: a revocation takes
    every owned partition, so in practice every trip qualifies."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.revoking: set[TopicPartition] = set()
        self.wanted = asyncio.Event()
        self._abandoned: set[asyncio.Future[Any]] = set()  # engine calls left to finish alone

    async def results(self, flight: InFlight, runner: Any) -> list[list[Routed]] | None:
        """The trip's results; None if a revocation of all its partitions came first: the
        trip is abandoned (its transactions abort, its results will be dropped; the new owners
        process its records from the committed offsets), so a long trip never delays a
        handover. The engine stops the call at its next chunk (`runner.abandon()`) and a
        `ProcessRunner` still adopts the keys it created."""
        results = flight.results
        if not results.done():
            wanted = asyncio.ensure_future(self.wanted.wait())
            either: set[asyncio.Future[Any]] = {results, wanted}
            await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
            wanted.cancel()
            if not results.done() and set(flight.epochs) <= self.revoking:
                runner.abandon()
                flight.fail()
                self._abandoned.add(results)
                results.add_done_callback(self._dropped)
                self._log.info(
                    "revoked during a trip: abandoned %d partitions' records", len(flight.epochs)
                )
                return None
        return await results

    def _dropped(self, results: asyncio.Future[Any]) -> None:
        self._abandoned.discard(results)
        if not results.cancelled():
            results.exception()  # retrieved: an abandoned trip's failure changes nothing

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        self.revoking = set(revoked)
        self.wanted.set()
        try:
            await super().on_partitions_revoked(revoked)
        finally:
            self.revoking = set()
            self.wanted.clear()


class Carry:
    """The records trips cut short did not process, with their partitions' epochs: they go
    again, first, in the next trip (`take`), so each partition's records still go in order.

    After a trip cut short, the trip behind it comes back unprocessed (`chunks`: skipped in
    the engine; if it ran anyway - it was handed over after the engine had returned the one cut
    short, before the worker had seen it - its results are dropped: `split` of None), and the
    worker carries its pieces and those of the trips it had not handed over yet (`later`)."""

    def __init__(self) -> None:
        self._pieces: list[tuple[StreamName, Piece, int]] = []

    def __bool__(self) -> bool:
        return bool(self._pieces)

    def split(
        self, stream: StreamName, piece: Piece, result: Routed | None, epoch: int, opened: Any
    ) -> list[Any]:
        """The records of `piece` that `result` covers (None: none); the others are carried.
        If the trip opened the task's transaction (`opened`, a `Gathering`), the partition's
        offset sent with it is taken back to the first record carried."""
        tp, producer, records = piece
        done = 0 if result is None else len(records) if result.done is None else result.done
        if done >= len(records):
            return records
        done_records, rest = records[:done], records[done:]
        self._pieces.append((stream, (tp, producer, rest), epoch))
        if isinstance(opened, Gathering) and tp in opened.opening:
            opened.rewound.setdefault(tp, rest[0].offset)
        return done_records

    def later(self, trips: list[list[Call]], epochs: dict[TopicPartition, int]) -> None:
        """Carry trips not handed over yet, after what is carried already."""
        for trip in trips:
            for stream, group in trip:
                self._pieces.extend((stream, piece, epochs[piece[0]]) for piece in group)

    def take(self, mine: Callable[[Piece, int], bool]) -> dict[StreamName, list[Piece]]:
        """The carried pieces still ours (same partition epoch, same producer), per stream."""
        pieces: dict[StreamName, list[Piece]] = {}
        for stream, piece, epoch in self._pieces:
            if mine(piece, epoch):
                pieces.setdefault(stream, []).append(piece)
        self._pieces = []
        return pieces
