"""When the next trip is handed over (`worker.pacing`): just before the one in the engine ends."""

from __future__ import annotations

import asyncio
import time

from pipeline.streaming.worker.pacing import Pacer, gather_until


async def _trip(pacer: Pacer, records: int, seconds: float) -> None:
    results: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    pacer.handed(records, results)
    await asyncio.sleep(seconds)
    results.set_result(None)
    await asyncio.sleep(0)


def test_the_wait_ends_a_lead_before_the_running_trip_is_expected_to_end() -> None:
    asyncio.run(_test_the_wait_ends_a_lead_before_the_running_trip_is_expected_to_end())


async def _test_the_wait_ends_a_lead_before_the_running_trip_is_expected_to_end() -> None:
    pacer = Pacer(lead_ms=10)
    await _trip(pacer, 10, 0.05)  # 5 ms a record
    assert pacer.per_record is not None and 0.004 < pacer.per_record < 0.02
    results: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    running = pacer.handed(20, results)  # expected to take ~100 ms
    wait = pacer.wait_s(running, waiting=3, full=256)
    assert 0.05 < wait < 0.4
    assert pacer.wait_s(running, waiting=256, full=256) == 0.0  # a full trip goes at once
    assert Pacer(lead_ms=10, enabled=False).wait_s(running, 3, 256) == 0.0
    results.set_result(None)
    await asyncio.sleep(0)
    assert pacer.wait_s(running, waiting=3, full=256) == 0.0  # it ended: nothing to wait for


def test_a_trip_queued_behind_another_starts_when_that_one_ends() -> None:
    asyncio.run(_test_a_trip_queued_behind_another_starts_when_that_one_ends())


async def _test_a_trip_queued_behind_another_starts_when_that_one_ends() -> None:
    pacer = Pacer(lead_ms=0)
    await _trip(pacer, 10, 0.02)
    loop = asyncio.get_running_loop()
    first, second = loop.create_future(), loop.create_future()
    running = pacer.handed(10, first)
    queued = pacer.handed(10, second)
    assert queued.began() is None  # not before the one ahead of it ends
    assert pacer.wait_s(queued, 0, 256) == 0.0
    first.set_result(None)
    await asyncio.sleep(0)
    assert running.ended is not None and queued.began() == running.ended


def test_gather_until_wakes_on_the_trip_or_an_event() -> None:
    asyncio.run(_test_gather_until_wakes_on_the_trip_or_an_event())


async def _test_gather_until_wakes_on_the_trip_or_an_event() -> None:
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()
    loop.call_later(0.02, done.set_result, None)
    started = time.monotonic()
    await gather_until(5.0, done, asyncio.Event())
    assert time.monotonic() - started < 1.0
    event = asyncio.Event()
    loop.call_later(0.02, event.set)
    started = time.monotonic()
    await gather_until(5.0, loop.create_future(), event)
    assert time.monotonic() - started < 1.0
    started = time.monotonic()
    await gather_until(0.03, loop.create_future())
    assert 0.02 < time.monotonic() - started < 1.0
