"""The per-stage clock: off by default, records matched to the transaction that committed them,
and the breakdown of a run (broker-free)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aiokafka import TopicPartition

from pipeline.streaming.bench.stages import (
    SPANS,
    breakdown,
    read_transactions,
    render_line,
    transaction_spans,
)
from pipeline.streaming.worker import stages


@dataclass(frozen=True)
class Rec:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    timestamp: int


def _records(n: int, partition: int = 0) -> list[Rec]:
    return [
        Rec("raw.call_logs", partition, i, f"e{partition}-{i}".encode(), 1_000_000)
        for i in range(n)
    ]


def test_no_clock_records_nothing() -> None:
    stages.install(None)
    stages.stamp("fetched", _records(2))  # no clock: a no-op, not an error
    assert not stages.active()


def test_a_record_takes_the_first_transaction_past_its_offset() -> None:
    clock = stages.StageClock()
    stages.install(clock)
    try:
        first, second = _records(4)[:2], _records(4)[2:]
        stages.stamp("fetched", first + second, at=1001.0)
        stages.stamp("fetched", first, at=1050.0)  # fetched again after a seek: first time kept
        clock.committed({TopicPartition("raw.call_logs", 0): 2}, {"sending": 1002.0})
        clock.committed({TopicPartition("raw.call_logs", 0): 4}, {"sending": 1003.0})
    finally:
        stages.install(None)
    points = clock.resolve()
    assert points["e0-0"]["fetched"] == 1001.0
    assert points["e0-0"]["published"] == 1000.0
    assert points["e0-1"]["txn_start"] == 1002.0
    assert points["e0-2"]["txn_start"] == 1003.0
    assert points["e0-3"]["committed"] >= points["e0-1"]["committed"]


def test_breakdown_sums_to_the_total_and_names_the_slow_stage() -> None:
    names = ["published", *(end for _, _, end in SPANS)]
    points: dict[str, dict[str, float]] = {}
    seen: dict[str, float] = {}
    for i in range(200):
        engine = 0.5 if i == 7 else 0.01  # one record waits in the engine
        at, point = 0.0, {}
        for name in names:
            at += engine if name == "engine_end" else 0.002
            point[name] = at
        seen[f"e{i}"] = point.pop("seen")
        points[f"e{i}"] = point
    points["e9"] = {"published": 0.0}  # incomplete: left out
    found = breakdown(points, seen)
    assert found["records"]["p50"] == 199
    tail = found["engine"]["slowest_1pct_mean"]
    assert tail > 200  # the slowest records are the one slow in the engine (and one more)
    parts = sum(found[name]["slowest_1pct_mean"] for name, _, _ in SPANS)
    assert abs(parts - found["total"]["slowest_1pct_mean"]) < 1.0


def test_engine_cost_per_record_of_each_trip() -> None:
    points = {
        f"e{i}": {"engine_start": 10.0 if i < 4 else 20.0, "engine_end": 10.004 if i < 4 else 20.04}
        for i in range(8)
    }
    from pipeline.streaming.bench.stages import _engine_cost

    cost = _engine_cost(points, dict.fromkeys(points, 0.0))
    assert cost["trips"] == 2
    assert abs(cost["p50"] - 1.0) < 0.01  # 4 ms for 4 records
    assert abs(cost["p90"] - 10.0) < 0.01  # 40 ms for 4 records


def test_a_variant_names_a_worker_setting() -> None:
    import pytest

    from pipeline.streaming.bench.cli import parse_variant as _variant

    assert _variant("trips_in_engine=1") == {"trips_in_engine": 1}
    assert _variant("engine_mode=thread") == {"engine_mode": "thread"}
    assert _variant("trips_in_engine=1 fetch_max_wait_ms=200") == {
        "trips_in_engine": 1,
        "fetch_max_wait_ms": 200,
    }
    with pytest.raises(SystemExit):
        _variant("no_such_setting=1")
    with pytest.raises(SystemExit):
        _variant("trips_in_engine=1 no_such_setting=1")


def test_transaction_spans_of_the_paced_run_only() -> None:
    """Each transaction's own timeline: the spans of those committed in the window, a wait
    that did not happen (ready before open) counted as 0."""
    base = {"gathered": 0.0, "begun": 0.030, "open": 0.050, "ready": 0.040, "sending": 0.050}
    inside = [{**base, "produced": 0.060, "committed": 0.070 + i / 1000} for i in range(10)]
    outside = {**base, "produced": 0.06, "committed": 5.0}  # after the window: left out
    found = transaction_spans([*inside, outside], 0.0, 1.0)
    assert found["transactions"]["p50"] == 10
    assert found["txn: previous commit"]["p50"] == 30.0
    assert found["txn: begin+offsets"]["p50"] == 20.0
    assert found["txn: results after open"]["p50"] == 10.0
    assert found["txn: produce"]["p50"] == 10.0
    assert 10.0 <= found["txn: end"]["p50"] <= 20.0
    line = render_line("x", found)
    assert "10 transactions" in line and "begin+offsets 20" in line


def test_a_transaction_dumps_its_timeline(tmp_path: Path) -> None:
    clock = stages.StageClock()
    clock.committed({TopicPartition("raw.call_logs", 0): 2}, {"begun": 1.0, "sending": 2.0})
    clock.dump(tmp_path / "worker.1.json")
    txns = read_transactions([tmp_path / "worker.1.json"])
    assert txns[0]["begun"] == 1.0 and txns[0]["committed"] > 2.0
