"""Trips to the engine are bounded by records and by estimated work (broker-free planning)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from aiokafka import TopicPartition
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.outcome import StreamName
from pipeline.streaming.worker.trips import Piece, cost, plan_trips


@dataclass(frozen=True)
class Rec:
    offset: int
    value: bytes


def _pieces(sizes: list[list[int]], batch_size: int) -> dict[StreamName, list[Piece]]:
    pieces: dict[StreamName, list[Piece]] = {}
    for p, part in enumerate(sizes):
        tp = TopicPartition("raw.call_logs", p)
        records = [Rec(i, b"x" * n) for i, n in enumerate(part)]
        for i in range(0, len(records), batch_size):
            pieces.setdefault("call_logs", []).append((tp, None, records[i : i + batch_size]))  # type: ignore[arg-type]
    return pieces


def _flat(trips: list[Any]) -> list[tuple[int, int]]:
    return [
        (tp.partition, r.offset)
        for trip in trips
        for _, group in trip
        for tp, _, chunk in group
        for r in chunk
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 60_000), max_size=40), min_size=1, max_size=3),
    st.integers(1, 16),
    st.sampled_from([None, 100_000, 400_000]),
)
def test_every_record_once_in_order_and_no_trip_over_its_bounds(
    sizes: list[list[int]], batch_size: int, cap: int | None
) -> None:
    pieces = _pieces(sizes, batch_size)
    trips = plan_trips(pieces, batch_size, cap)
    assert _flat(trips) == _flat([[("call_logs", pieces.get("call_logs", []))]])
    for trip in trips:
        records = [r for _, group in trip for _, _, chunk in group for r in chunk]
        for _, group in trip:
            assert sum(len(chunk) for _, _, chunk in group) <= batch_size
        if cap is not None and len(records) > 1:
            assert sum(cost(r) for r in records) <= cap


@pytest.mark.parametrize("cap", [None, 8_000_000])
def test_ordinary_records_keep_trips_of_batch_size(cap: int | None) -> None:
    trips = plan_trips(_pieces([[1_000] * 600], 256), 256, cap)
    assert [sum(len(c) for _, g in t for _, _, c in g) for t in trips] == [256, 256, 88]


def test_large_records_are_spread_over_more_trips() -> None:
    trips = plan_trips(_pieces([[60_000] * 20], 256), 256, 2_000_000)
    assert [sum(len(c) for _, g in t for _, _, c in g) for t in trips] == [2] * 10


def test_trip_lock_knows_who_waits() -> None:
    """The processing loop keeps the lock between trips only while nobody waits for it."""
    import asyncio

    from pipeline.streaming.worker.trips import TripLock

    async def main() -> None:
        lock = TripLock()
        await lock.acquire()
        assert lock.waiting == 0
        waiter = asyncio.create_task(lock.acquire())
        await asyncio.sleep(0)
        assert lock.waiting == 1
        lock.release()
        await waiter
        assert lock.waiting == 0 and lock.locked()
        lock.release()

    asyncio.run(main())
