"""Every class of bad input becomes a rejection with a reason and no raw value; the rest goes on."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from pipeline.outcome import Outcome

Process = Callable[[str, list[bytes]], list[Outcome]]
SECRET = "Xzavier Okonkwo 4111111111111111"


def _nested(depth: int) -> object:
    value: object = SECRET
    for _ in range(depth):
        value = [value]
    return value


BAD = [
    (b"not json " + SECRET.encode(), "undecodable"),
    (b'["a list"]', "undecodable"),
    (b"\xff\xfe" + SECRET.encode(), "undecodable"),
    (b"", "undecodable"),
    (b'{"call_duration": 5}', "contract"),
    (json.dumps({"event_id": "e", "call_duration": SECRET}).encode(), "contract"),
    (json.dumps({"event_id": "e", "from_number": {"x": SECRET}}).encode(), "contract"),
    (json.dumps({"event_id": "e", "extra": _nested(30)}).encode(), "too_large"),
    (("[" * 100_000 + "]" * 100_000).encode(), "too_large"),
    (json.dumps({"event_id": "e", "caller_name": "x" * 70_000}).encode(), "too_large"),
    (json.dumps({"event_id": "e", "notes": "y" * 2_000_000}).encode(), "too_large"),
]


@pytest.mark.parametrize(("raw", "error_class"), BAD)
def test_bad_record_is_rejected_with_reason_and_no_raw_value(
    process: Process, raw: bytes, error_class: str
) -> None:
    good = json.dumps({"event_id": "ok-1", "call_duration": 3}).encode()
    outcomes = process("call_logs", [good, raw, good])
    assert [o.ok for o in outcomes] == [True, False, True]
    rejected = outcomes[1]
    assert not rejected.ok
    assert rejected.error_class == error_class
    assert rejected.reason
    dumped = json.dumps(rejected.to_json())
    assert "Okonkwo" not in dumped and "4111111111111111" not in dumped


def test_non_string_body_is_a_contract_error(process: Process) -> None:
    raw = json.dumps({"event_id": "e", "request": {"body": {"From": "+14155550123"}}}).encode()
    [outcome] = process("notification_logs", [raw])
    assert not outcome.ok and outcome.error_class == "contract" and outcome.path == "request.body"
