"""An engine call runs in chunks and stops between them (broker-free): at its deadline after a
first chunk, at once when abandoned, skipped whole behind a call cut short."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.corpus import generate
from pipeline.engine import Engine
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker.chunks import Bounds, Job, Stop, route_bounded, slices
from pipeline.streaming.worker.routing import route_many
from pipeline.streaming.worker.runner import Number, Raw
from pipeline.streaming.worker.trips import cost

SETTINGS = StreamSettings(streams=("call_logs",))


def _batches(per_partition: int) -> list[list[Raw]]:
    events = generate("call_logs", 3 * per_partition, "chunks")
    return [
        [
            Raw("raw.call_logs", p, i, None, json.dumps(e.event).encode())
            for i, e in enumerate(events[p * per_partition : (p + 1) * per_partition])
        ]
        for p in range(3)
    ]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 3000), max_size=12), max_size=5), st.integers(1, 40_000))
def test_chunks_cover_the_call_in_order_each_within_the_units(
    sizes: list[list[int]], units: int
) -> None:
    batches = [
        [Raw("t", b, i, None, b"x" * n) for i, n in enumerate(s)] for b, s in enumerate(sizes)
    ]
    chunks = slices(batches, units)
    flat = [(b, i) for chunk in chunks for b, s, e in chunk for i in range(s, e)]
    assert flat == [(b, i) for b, batch in enumerate(batches) for i in range(len(batch))]
    for chunk in chunks:
        records = [batches[b][i] for b, s, e in chunk for i in range(s, e)]
        assert len(records) == 1 or sum(cost(r) for r in records) <= units


def _topics(routed: list[list[object]]) -> list[list[list[str]]]:
    return [[[r.topic for r in b.records] for b in call] for call in routed]  # type: ignore[attr-defined]


def test_a_call_in_chunks_gives_what_one_call_gives(engine: Engine) -> None:
    batches = _batches(6)
    jobs: list[Job] = [("call_logs", batches)]
    whole = route_many(engine, SETTINGS, "call_logs", batches)
    bounded = route_bounded(
        engine, SETTINGS, jobs, None, Bounds(1, 0, float("inf")), Stop(Number()), 30_000
    )
    assert [r.done for r in bounded[0]] == [None, None, None]
    assert _topics(bounded) == _topics([whole])
    sanitized = [[r.value for r in b.records if r.topic.startswith("sanitized")] for b in whole]
    assert [
        [r.value for r in b.records if r.topic.startswith("sanitized")] for b in bounded[0]
    ] == (sanitized)


def test_a_call_past_its_deadline_stops_after_its_first_chunk(engine: Engine) -> None:
    batches = _batches(6)
    stop = Stop(Number())
    units = sum(cost(r) for r in batches[0][:4])  # the first chunk: four records
    [routed] = route_bounded(
        engine, SETTINGS, [("call_logs", batches)], None, Bounds(1, 0, 0.0), stop, units
    )
    assert [r.done for r in routed] == [4, 0, 0]
    assert stop.cut == 1
    # Queued behind it: skipped whole; a call handed over later is not.
    [behind] = route_bounded(
        engine, SETTINGS, [("call_logs", batches)], None, Bounds(2, 1, 0.0), stop, units
    )
    assert [r.done for r in behind] == [0, 0, 0] and stop.cut == 2
    [later] = route_bounded(
        engine, SETTINGS, [("call_logs", batches)], None, Bounds(3, 0, float("inf")), stop, units
    )
    assert [r.done for r in later] == [None, None, None]


def test_an_abandoned_call_stops_before_its_next_chunk(engine: Engine) -> None:
    batches = _batches(2)
    abandoned = Number(1)
    stop = Stop(abandoned)
    [routed] = route_bounded(
        engine, SETTINGS, [("call_logs", batches)], None, Bounds(1, 0, float("inf")), stop, 1
    )
    assert [r.done for r in routed] == [0, 0, 0] and not any(r.records for r in routed)
    [next_call] = route_bounded(
        engine, SETTINGS, [("call_logs", batches)], None, Bounds(2, 0, float("inf")), stop, 1
    )
    assert [r.done for r in next_call] == [None, None, None]
