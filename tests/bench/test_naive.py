"""The naive baseline is stock Presidio on every string: shape kept, obvious PII replaced."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from pipeline.bench.naive import NaiveRedactor

EMAIL = "jane.doe@example.com"
PHONE = "212-555-0143"


@pytest.fixture(scope="module")
def redactor() -> NaiveRedactor:
    """One model load for the module: it is the slow part (about a second)."""
    return NaiveRedactor()


def _event() -> dict[str, Any]:
    return {
        "event_type": "call_end",
        "duration_s": 42,
        "answered": True,
        "meta": None,
        "details": {
            "notes": [
                {"text": f"Please write to {EMAIL} about the invoice"},
                f"Call me back on {PHONE} tomorrow",
                7,
                [],
            ],
        },
    }


def _shape(value: Any) -> Any:
    """The JSON skeleton: keys, list lengths and the type of each leaf."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return type(value).__name__


def test_redact_preserves_json_shape_and_non_string_values(redactor: NaiveRedactor) -> None:
    event = _event()
    redacted = redactor.redact(event)
    assert _shape(redacted) == _shape(event)
    assert redacted["duration_s"] == 42
    assert redacted["answered"] is True
    assert redacted["meta"] is None
    assert redacted["details"]["notes"][2:] == [7, []]


def test_email_and_phone_in_nested_list_are_replaced(redactor: NaiveRedactor) -> None:
    redacted = redactor.redact(_event())
    notes = redacted["details"]["notes"]
    assert notes[0]["text"] == "Please write to <EMAIL_ADDRESS> about the invoice"
    assert notes[1] == "Call me back on <PHONE_NUMBER> tomorrow"
    rendered = json.dumps(redacted)
    assert EMAIL not in rendered
    assert PHONE not in rendered


def test_redact_does_not_mutate_its_input(redactor: NaiveRedactor) -> None:
    event = _event()
    before = copy.deepcopy(event)
    redactor.redact(event)
    assert event == before
