"""The audit matches raw events to their outputs by the id the outputs carry.

An id that is not safe to show (`sms-+447700900123-…`) is replaced by a keyed token before
processing; the audit compares raw and output ids through the same rule and only counts leave
it. Broker-free: the counting over records already read (`tally`); the reading itself is
`read_topic`, exercised by every broker test.
"""

from __future__ import annotations

import json

from pipeline.engine import Engine
from pipeline.outcome import Sanitized
from pipeline.streaming.kafka.io import Message
from pipeline.streaming.worker.audit import Read, tally

UNSAFE = "sms-+447700900123-1700000000"
SAFE = "3f2b8c4e-1d2a-4b7c-9e8f-0a1b2c3d4e5f"


def _streams(engine: Engine) -> tuple[list[Read], list[Message]]:
    raws = [json.dumps({"event_id": i}).encode() for i in (UNSAFE, SAFE)]
    outcomes = engine.process("call_logs", raws)
    assert all(isinstance(o, Sanitized) for o in outcomes)
    raw = [Message("raw", 0, n, None, v) for n, v in enumerate(raws)]
    sanitized = [
        Message("out", 0, n, None, json.dumps(o.record).encode())  # type: ignore[union-attr]
        for n, o in enumerate(outcomes)
    ]
    vault = [
        Message("vault", 0, n, None, json.dumps({"event_id": e.event_id}).encode())
        for n, e in enumerate(e for o in outcomes for e in o.vault)  # type: ignore[union-attr]
    ]
    return [Read(raw, sanitized, [])], vault


def test_an_unsafe_raw_id_is_matched_to_its_token(engine: Engine) -> None:
    streams, vault = _streams(engine)
    result = tally(streams, vault, None, engine.processor.output_event_id)
    assert (result.inputs, result.sanitized, result.gaps, result.unknown_outputs) == (2, 2, 0, 0)
    assert result.duplicates == result.orphan_vault == 0
    # without the rule, the tokenized event looks lost and its output unknown
    unmatched = tally(streams, vault, None)
    assert (unmatched.gaps, unmatched.unknown_outputs) == (1, 1)


def test_the_audit_names_no_id() -> None:
    # only counts leave the audit: no field can hold an id
    from dataclasses import fields

    from pipeline.streaming.worker.audit import Audit

    assert {f.type for f in fields(Audit)} <= {"int", "int | None"}
