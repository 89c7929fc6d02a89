"""A trip's size by the engine's recent pace (`StreamSettings.trip_target_ms`), and the worker
loop's refreeze after a full pass of its collector (`StreamSettings.loop_gc_refreeze`)."""

from __future__ import annotations

import asyncio
import gc

import pytest

from pipeline.streaming.worker.pacing import Pacer
from pipeline.streaming.worker.serve import _refreeze_after_full_passes

# (seconds a record, target ms, min records, records a trip may hold), batch_size 256
ROWS = [
    (None, 100, 16, 256),  # pace not known yet: batch_size
    (0.001, 0, 16, 256),  # off
    (0.001, 100, 16, 100),  # 1 ms a record: 100 in 100 ms
    (0.0025, 100, 16, 40),  # the engine slowed: fewer a trip
    (0.0001, 100, 16, 256),  # fast: never above batch_size
    (0.05, 100, 16, 16),  # very slow: not below min records
    (0.05, 100, 1, 2),
]


@pytest.mark.parametrize(("per_record", "target_ms", "min_records", "expected"), ROWS)
def test_trip_records_follow_the_engines_pace(
    per_record: float | None, target_ms: int, min_records: int, expected: int
) -> None:
    pacer = Pacer(lead_ms=15, enabled=False)  # the pace is measured with late handover off too
    pacer.per_record = per_record
    assert pacer.trip_records(256, target_ms, min_records) == expected


def test_the_pace_is_measured_with_late_handover_off() -> None:
    asyncio.run(_test_the_pace_is_measured_with_late_handover_off())


async def _test_the_pace_is_measured_with_late_handover_off() -> None:
    pacer = Pacer(lead_ms=15, enabled=False)
    results: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    pacer.handed(20, results)
    await asyncio.sleep(0.04)
    results.set_result(None)
    await asyncio.sleep(0)
    assert pacer.per_record is not None and 0.001 < pacer.per_record < 0.02
    assert 5 <= pacer.trip_records(256, 100, 1) <= 100


def test_the_loop_refreezes_after_a_full_pass_on_its_next_turn() -> None:
    asyncio.run(_test_the_loop_refreezes_after_a_full_pass_on_its_next_turn())


async def _test_the_loop_refreezes_after_a_full_pass_on_its_next_turn() -> None:
    loop = asyncio.get_running_loop()
    kept = [[i] for i in range(1000)]  # long-lived containers, tracked by the collector
    before = gc.get_freeze_count()
    callback = _refreeze_after_full_passes(loop)
    try:
        for phase, generation in (("start", 2), ("stop", 1), ("stop", 0)):
            callback(phase, {"generation": generation})
            await asyncio.sleep(0)
            # (frozen objects still die by their reference counts: the count may only fall)
            assert gc.get_freeze_count() <= before
        callback("stop", {"generation": 2})
        assert gc.get_freeze_count() <= before  # not inside the collector: on the next turn
        await asyncio.sleep(0)
        assert gc.get_freeze_count() >= before + len(kept) // 2
    finally:
        gc.callbacks.remove(callback)
        gc.unfreeze()  # this test session must not keep a frozen heap (gc.get_referrers)
