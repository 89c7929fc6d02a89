"""One window grid per metric on the broker, across the internal topic's partitions: an
aggregator restarted on another grid (`PII_WINDOW_SIZE_S` 3600 -> 1800) publishes nothing,
also for windows on partitions where the first grid never released the metric; the reports say
why."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from aiokafka.partitioner import DefaultPartitioner

from pipeline.aggregation.observer import routing_key
from pipeline.aggregation.windows import iso
from pipeline.outcome import StreamName
from tests.streaming import test_aggregate_app
from tests.streaming.conftest import SettingsFactory
from tests.streaming.test_aggregate_app import (
    T0,
    _topics_with_consent,
    observed,
    page,
    publish,
    released,
    reports,
    start,
    until,
)

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(120)]
agg_settings = test_aggregate_app.agg_settings  # the fixture: topics deleted afterwards

METRIC = "analytics.web_traffic"
STREAM: StreamName = "analytics_events"


def _visits(minute: int, first: int) -> list[dict[str, Any]]:
    return [page(n, T0 + timedelta(minutes=minute)) for n in range(first, first + 5)]


def _partition(start: timedelta, partitions: int) -> int:
    key = routing_key(METRIC, iso(T0 + start))
    return int(DefaultPartitioner()(key, list(range(partitions)), list(range(partitions))))


def test_an_aggregator_on_another_grid_publishes_nothing_on_any_partition(
    agg_settings: SettingsFactory,
) -> None:
    hourly = agg_settings(streams=(STREAM,), window_size_s=3600)
    half_hourly = hourly.model_copy(update={"window_size_s": 1800})
    halves = [timedelta(hours=2), timedelta(hours=2, minutes=30)]
    released_on = _partition(timedelta(0), hourly.partitions)
    # the precondition of the finding: a half-hour window lands where the hour grid released none
    assert {_partition(h, hourly.partitions) for h in halves} - {released_on}

    async def run(settings: Any, batches: list[list[dict[str, Any]]], want: int) -> None:
        running = start(settings)
        try:
            seen: list[dict[str, Any]] = []
            for batch in batches[:-1]:
                await publish(settings, {STREAM: batch})
                seen += batch
                await observed(settings, {STREAM: seen}, running)
            await publish(settings, {STREAM: batches[-1]})  # closes the windows before it

            async def enough() -> bool:
                return len([r for r in await reports(settings) if r["metric"] == METRIC]) >= want

            await until(enough, running, f"{want} {METRIC} reports")
        finally:
            await running.finish()

    async def both() -> None:
        await _topics_with_consent(hourly)
        await run(hourly, [_visits(5, 0), _visits(65, 100)], 1)  # hour 10:00 released
        # the half-hour aggregator closes the hour grid's open 11:00 window and its own two
        await run(half_hourly, [_visits(125, 200), _visits(155, 300), _visits(185, 400)], 4)

    asyncio.run(both())
    found = [r for r in asyncio.run(reports(hourly)) if r["metric"] == METRIC]
    first, *later = found
    assert first["window_start"] == iso(T0) and first["released"] >= 1
    opened = [timedelta(hours=1), *halves]  # 11:00 was opened on the hour grid
    assert sorted(r["window_start"] for r in later) == [iso(T0 + h) for h in opened]
    for report in later:
        assert report["released"] == 0 and report["records"] == 0
        assert "released on 3600 s windows" in report["refused"]
    records = asyncio.run(released(hourly, METRIC))
    assert {r["window_start"] for r in records} == {iso(T0)}
