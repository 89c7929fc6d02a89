"""One window grid per metric across the partitions of the streaming aggregator: the grid
authority (partition 0) records the first claimed grid and answers every partition; a partition
releases a k-anonymous window only on that grid, including a partition that never released the
metric before (a grid recorded per partition would have accepted the second grid there)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from pipeline.aggregation.aggregator import default_validator
from pipeline.aggregation.engine import Pending, WindowStore
from pipeline.aggregation.messages import GridClaim, GridSet, Message, Tick, decode, encode
from pipeline.aggregation.observer import Observer
from tests.aggregation.test_engine import SETTINGS, T0, Book, page

METRIC = "analytics.web_traffic"
HOUR = replace(SETTINGS, metrics=(METRIC,), window_size=timedelta(hours=1))
HALF = replace(HOUR, window_size=timedelta(minutes=30))


class Member:
    """One aggregator (its grid), owning some partitions of a shared state (the changelog)."""

    def __init__(self, settings: Any, state: dict[str, Any]) -> None:
        self.observer = Observer(settings)
        self.engine = WindowStore(settings, state, Book(), default_validator(), shared_grids=True)
        self.published: list[Pending] = []

    def apply(self, partition: int, message: Message) -> list[Message]:
        """Handle one message; the answers the partition sends to every partition."""
        for pending in self.engine.handle(partition, decode(encode(message))):
            self.published.append(pending)
            self.engine.finish(pending)
        return self.engine.take_outbox()

    def observe(self, partition: int, records: list[dict[str, Any]], offset: int = 0) -> None:
        for n, record in enumerate(records, offset):
            value = json.dumps(record).encode()
            for _, message in self.observer.observe("analytics_events", value, "s/0", n, 0.0):
                self.apply(partition, message)


def _reports(member: Member) -> list[dict[str, Any]]:
    return [p.report.to_json() for p in member.published]


def test_a_window_waits_for_the_authoritys_grid_then_releases_on_it() -> None:
    member = Member(HOUR, {})
    member.observe(1, [page(n, 5) for n in range(5)])
    member.apply(1, Tick(0.0, {METRIC: (T0 + timedelta(hours=2)).isoformat()}))
    assert member.published == []  # closed, but partition 1 has no grid from the authority yet
    [claim] = member.engine.grid_claims()
    assert claim == GridClaim(METRIC, 3600)
    answers = member.apply(0, claim)  # partition 0 is the authority
    assert answers == [GridSet(METRIC, 3600)]
    for partition in (0, 1, 2):
        member.apply(partition, answers[0])
    [report] = _reports(member)
    assert report["released"] >= 1 and "refused" not in report


def test_a_second_grid_is_refused_on_a_partition_that_never_released_the_metric() -> None:
    state: dict[str, Any] = {}
    hourly, half_hourly = Member(HOUR, state), Member(HALF, state)
    # both start; the hourly aggregator's claim reaches the authority first
    answers = [*hourly.apply(0, *hourly.engine.grid_claims())]
    answers += half_hourly.apply(0, *half_hourly.engine.grid_claims())
    assert answers == [GridSet(METRIC, 3600), GridSet(METRIC, 3600)]  # the first claim wins
    for answer in answers:
        for partition in (0, 1, 2):
            hourly.apply(partition, answer)
    # partition 2 never released web traffic; the half-hourly aggregator owns it now
    half_hourly.observe(2, [page(n, 5) for n in range(5)])
    half_hourly.apply(2, Tick(0.0, {METRIC: (T0 + timedelta(hours=2)).isoformat()}))
    [report] = _reports(half_hourly)
    assert report["released"] == 0 and report["records"] == 0
    assert "released on 3600 s windows" in report["refused"]
    # the hourly aggregator releases on partition 1 as before
    hourly.observe(1, [page(n, 65) for n in range(5)], offset=100)
    hourly.apply(1, Tick(0.0, {METRIC: (T0 + timedelta(hours=3)).isoformat()}))
    [released] = _reports(hourly)
    assert released["released"] >= 1 and "refused" not in released


def test_grid_messages_round_trip_and_a_bad_grid_is_not_a_message() -> None:
    for message in (GridClaim(METRIC, 60), GridSet(METRIC, 86_400)):
        assert decode(encode(message)) == message
    with pytest.raises(ValueError, match="bad grid"):
        decode(b'{"type": "grid", "metric": "x", "size_s": 0}')
