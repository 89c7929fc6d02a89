"""Routing builds each record's output on its own: one that cannot be encoded is dead-lettered.

Broker-free: routing turns outcomes into the records of a transaction; no topic is touched here
(the poison classes on the real broker are in test_dead_letters).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import pytest

from pipeline.engine import Engine
from pipeline.outcome import Outcome, Sanitized, StreamName
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker.routing import route

SETTINGS = StreamSettings(bootstrap_servers="127.0.0.1:1", topic_prefix="guard.")


@dataclass(frozen=True)
class Raw:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None


class _Unwritable:
    """The real engine's keys, with outcomes some of which hold a value no encoder accepts."""

    def __init__(self, engine: Engine, bad: set[int]) -> None:
        self.keys = engine.keys
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
