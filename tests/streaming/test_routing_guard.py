"""Routing builds each record's output on its own: one that cannot be encoded is dead-lettered.

Broker-free: routing turns outcomes into the records of a transaction; no topic is touched here
(the poison classes on the real broker are in test_dead_letters).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest

from pipeline.engine import Engine
from pipeline.outcome import Outcome, Sanitized, StreamName
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker.routing import route, route_many
from pipeline.streaming.worker.runner import Raw

SETTINGS = StreamSettings(bootstrap_servers="127.0.0.1:1", topic_prefix="guard.")


class _Unwritable:
    """The real engine's keys, with outcomes some of which hold a value no encoder accepts."""

    def __init__(self, engine: Engine, bad: set[int]) -> None:
        self.keys = engine.keys
        self.detector = engine.detector
        self.texts = engine.texts  # routing sends the template counts the batch changed
        self.bad = bad

    def process(self, stream: StreamName, values: Sequence[bytes]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        for value in values:
            n = int(value)
            text = "\udc80" if n in self.bad else "fine"
            outcomes.append(Sanitized(f"e{n}", stream, {"event_id": f"e{n}", "note": text}))
        return outcomes


@pytest.mark.parametrize("bad", [{0}, {4}, {1, 2}, set(range(6))])
def test_an_outcome_that_cannot_be_encoded_is_dead_lettered_alone(
    engine: Engine, bad: set[int]
) -> None:
    raws = [Raw("guard.raw.call_logs", 0, n, None, str(n).encode()) for n in range(6)]
    routed = route(_Unwritable(engine, bad), SETTINGS, "call_logs", raws)  # type: ignore[arg-type]
    sanitized = [r for r in routed.records if r.topic == SETTINGS.sanitized("call_logs")]
    dead = [r for r in routed.records if r.topic == SETTINGS.dlq("call_logs")]
    assert [json.loads(r.value)["event_id"] for r in sanitized] == [
        f"e{n}" for n in range(6) if n not in bad
    ]
    assert [json.loads(r.value)["source"]["offset"] for r in dead] == sorted(bad)
    for record in dead:
        body = json.loads(record.value)
        assert body["error_class"] == "processing_error"
        assert body["event_id"] is None
        assert dict(record.headers)["error_class"] == b"processing_error"
    assert routed.counts.rejected == ({"processing_error": len(bad)} if bad else {})


class _Unscannable(_Unwritable):
    """Counts a recognizer failure for each record, as the detector does when one times out."""

    def process(self, stream: StreamName, values: Sequence[bytes]) -> list[Outcome]:
        failures = self.detector.stats.failures
        failures["SlowRecognizer"] = failures.get("SlowRecognizer", 0) + len(values)
        return super().process(stream, values)


def test_recognizer_failures_of_an_engine_call_reach_the_counts_once(engine: Engine) -> None:
    raws = [
        Raw("guard.raw.call_logs", p, n, None, str(n).encode()) for p in (0, 1) for n in range(3)
    ]
    batches = [raws[:3], raws[3:]]
    routed = route_many(_Unscannable(engine, set()), SETTINGS, "call_logs", batches)  # type: ignore[arg-type]
    assert [r.counts.unscanned for r in routed] == [{"SlowRecognizer": 6}, {}]
    again = route_many(_Unwritable(engine, set()), SETTINGS, "call_logs", batches)  # type: ignore[arg-type]
    assert [r.counts.unscanned for r in again] == [{}, {}]  # a delta, not the running total


def test_recognizer_failures_are_a_prometheus_counter() -> None:
    from pipeline.streaming.worker.prometheus import WorkerMetrics
    from pipeline.streaming.worker.routing import Counts

    metrics = WorkerMetrics()
    metrics.count_outcomes("call_logs", Counts(unscanned={"EmailRecognizer": 2}))
    metrics.count_outcomes("call_logs", Counts(unscanned={"EmailRecognizer": 1}))
    sample = metrics.registry.get_sample_value(
        "pii_recognizer_failures_total", {"recognizer": "EmailRecognizer"}
    )
    assert sample == 3
