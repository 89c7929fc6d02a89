"""Numeric "keep" fields and timestamps hold only numbers within their contract's bounds.

The table is generated from the schemas themselves: for every field that declares bounds, values at
and inside them pass; values just outside them and phone numbers (E.164 digits of every length a
number plan uses) are refused as contract errors, so they reach the dead letters, never sanitized.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pipeline.config.loader import load_config
from pipeline.outcome import Outcome, Rejected, Sanitized
from pipeline.schemas import FieldSpec
from tests.processing.test_transformations import CALL, NOTIFICATION

Process = Callable[[str, list[bytes]], list[Outcome]]
SCHEMAS = load_config(None).schemas
EVENTS = {"call_logs": CALL, "notification_logs": NOTIFICATION}
# Phone numbers as integers: country code 1, 33, 44, 49, 86, 91 with 7 to 12 national digits.
PHONES = [int(f"{cc}{'5' * n}") for cc in (1, 33, 44, 49, 86, 91) for n in (7, 9, 10, 12)]


def _bounded(
    spec: FieldSpec, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], FieldSpec]]:
    for key, child in spec.properties.items():
        if child.ranges and child.policy in ("keep", "timestamp"):
            yield (*path, key), child
        yield from _bounded(child, (*path, key))


FIELDS = [(stream, path, spec) for stream in EVENTS for path, spec in _bounded(SCHEMAS.raw[stream])]


def _numeric(spec: FieldSpec) -> bool:
    return bool({"integer", "number"} & set(spec.types))


def _kept_string(spec: FieldSpec) -> bool:
    # a timestamp string is ISO-8601 (digits alone are scanned as text, not read as a number)
    return spec.policy == "keep" and "string" in spec.types


def _with(stream: str, path: tuple[str, ...], value: Any) -> bytes:
    event = json.loads(json.dumps(EVENTS[stream]))
    node = event
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return json.dumps(event).encode()


def _cases(inside: bool) -> list[tuple[str, tuple[str, ...], Any]]:
    cases = []
    for stream, path, spec in FIELDS:
        for low, high in spec.ranges:
            mid = (low + high) / 2 if "number" in spec.types else (low + high) // 2
            values = [low, high, mid] if inside else [low - 1, high + 1]
            for v in values:
                if _numeric(spec):
                    cases.append(
                        (stream, path, int(v) if "integer" in spec.types and v == int(v) else v)
                    )
                if _kept_string(spec) and v == int(v) and v >= 0:
                    cases.append((stream, path, str(int(v))))
        if not inside:
            for phone in PHONES:
                if spec.in_range(phone):
                    continue  # e.g. epoch milliseconds overlap some 13-digit numbers
                if _numeric(spec):
                    cases.append((stream, path, phone))
                if _kept_string(spec):
                    cases.append((stream, path, str(phone)))
    return cases


def test_every_kept_number_of_the_raw_schemas_has_bounds() -> None:
    unbounded = [
        (stream, path)
        for stream in EVENTS
        for path, spec in _all_kept(SCHEMAS.raw[stream])
        if _numeric(spec) and not spec.ranges
    ]
    assert unbounded == []
    assert len(FIELDS) >= 8


def _all_kept(
    spec: FieldSpec, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], FieldSpec]]:
    for key, child in spec.properties.items():
        if child.policy in ("keep", "timestamp"):
            yield (*path, key), child
        yield from _all_kept(child, (*path, key))


@pytest.mark.parametrize(("stream", "path", "value"), _cases(inside=True))
def test_numbers_within_the_contract_are_kept(
    process: Process, stream: str, path: tuple[str, ...], value: Any
) -> None:
    [outcome] = process(stream, [_with(stream, path, value)])
    assert isinstance(outcome, Sanitized), outcome
    node: Any = outcome.record
    for key in path:
        node = node[key]
    assert node == value


@pytest.mark.parametrize(("stream", "path", "value"), _cases(inside=False))
def test_numbers_outside_the_contract_are_dead_lettered_without_the_value(
    process: Process, stream: str, path: tuple[str, ...], value: Any
) -> None:
    [outcome] = process(stream, [_with(stream, path, value)])
    assert isinstance(outcome, Rejected), outcome
    assert outcome.error_class == "contract"
    assert outcome.path == ".".join(path)
    if len(str(value)) > 6:  # a value that could identify (short ones occur in any text)
        assert str(value) not in json.dumps(outcome.to_json())


@pytest.mark.parametrize("field", ["Duration", "BillDuration", "HangupCauseCode"])
@pytest.mark.parametrize("phone", PHONES[::5])
def test_a_phone_number_as_a_form_duration_is_dead_lettered(
    process: Process, field: str, phone: int
) -> None:
    body = f"Direction=inbound&CallStatus=completed&{field}={phone}"
    [outcome] = process(
        "notification_logs", [_with("notification_logs", ("request", "body"), body)]
    )
    assert isinstance(outcome, Rejected) and outcome.error_class == "contract"
    assert outcome.path == f"request.body.{field}"
    assert str(phone) not in json.dumps(outcome.to_json())


def test_a_phone_number_in_bill_duration_does_not_pass(process: Process) -> None:
    [outcome] = process("call_logs", [_with("call_logs", ("bill_duration",), 14155550123)])
    assert not outcome.ok and outcome.error_class == "contract" and outcome.path == "bill_duration"
