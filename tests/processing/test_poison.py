"""Poison records: whatever one record does to the decoder or the engine, it costs that record only.

Tables are generated from rules (every surrogate range, integer lengths around the limit, every
non-finite spelling), not from one example string.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

import pytest

from pipeline.config.policy import Limits
from pipeline.errors import DecodeError
from pipeline.outcome import Outcome, Rejected, Sanitized, StreamName
from pipeline.processing.decode import MAX_INTEGER_DIGITS, decode_record
from pipeline.processing.guard import process_isolated

Process = Callable[[str, list[bytes]], list[Outcome]]
LIMITS = Limits()

# One code point at each end and in the middle of both surrogate halves.
SURROGATES = [0xD800, 0xDABC, 0xDBFF, 0xDC00, 0xDC80, 0xDFFF]


def _escape(code: int) -> str:
    return f"\\u{code:04x}"


def _lone_surrogate_records() -> list[bytes]:
    records = []
    for code in SURROGATES:
        esc = _escape(code)
        records += [
            f'{{"event_id": "e", "caller_name": "{esc}"}}'.encode(),
            f'{{"event_id": "e", "caller_name": "abc\\u{code:04X}def"}}'.encode(),
            f'{{"event_id": "e", "{esc}": 1}}'.encode(),  # in a key
            f'{{"event_id": "e", "x": [{{"y": ["{esc}"]}}]}}'.encode(),  # nested
        ]
    # a pair in the wrong order is two lone surrogates
    records.append(b'{"event_id": "e", "caller_name": "\\udc00\\ud800"}')
    return records


@pytest.mark.parametrize("raw", _lone_surrogate_records())
def test_lone_surrogate_is_a_decode_error(raw: bytes) -> None:
    with pytest.raises(DecodeError, match="surrogate"):
        decode_record(raw, LIMITS)


@pytest.mark.parametrize("code", SURROGATES)
def test_surrogate_in_a_str_input_is_a_decode_error(code: int) -> None:
    with pytest.raises(DecodeError, match="surrogate"):
        decode_record('{"event_id": "e", "caller_name": "' + chr(code) + '"}', LIMITS)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": "\\ud83d\\ude00"}',  # a valid pair is one code point
        '{"a": "\\\\udc80"}',  # an escaped backslash followed by text, not an escape
        '{"a": "\\u00e9\\u4e2d"}',
    ],
)
def test_valid_escapes_still_decode(text: str) -> None:
    value = decode_record(text.encode(), LIMITS)
    json.dumps(value, ensure_ascii=False).encode()  # writable back as UTF-8


@pytest.mark.parametrize("digits", [1, 19, 20, MAX_INTEGER_DIGITS])
@pytest.mark.parametrize("sign", ["", "-"])
def test_integers_within_the_limit_decode(digits: int, sign: str) -> None:
    number = sign + "9" * digits
    assert decode_record(f'{{"n": {number}}}'.encode(), LIMITS)["n"] == int(number)


@pytest.mark.parametrize("digits", [MAX_INTEGER_DIGITS + 1, 4300, 4301, 5000, 100_000])
@pytest.mark.parametrize("sign", ["", "-"])
def test_longer_integers_are_a_decode_error_not_a_value_error(digits: int, sign: str) -> None:
    with pytest.raises(DecodeError, match="digits"):
        decode_record(f'{{"n": {sign}{"1" * digits}}}'.encode(), LIMITS)


@pytest.mark.parametrize(
    "literal", ["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1E400", "9" * 400 + ".0e9"]
)
def test_non_finite_numbers_are_refused(literal: str) -> None:
    with pytest.raises(DecodeError):
        decode_record(f'{{"n": [1, {literal}]}}'.encode(), LIMITS)


def _poison_lines() -> list[bytes]:
    return [
        *_lone_surrogate_records()[:4],
        b'{"event_id": "e", "call_duration": ' + b"7" * 5000 + b"}",
        b'{"event_id": "e", "call_duration": NaN}',
        b'{"event_id": "e", "call_duration": -Infinity}',
    ]


def test_poison_records_are_rejected_and_the_batch_goes_on(process: Process) -> None:
    good = json.dumps({"event_id": "ok", "call_duration": 3}).encode()
    poison = _poison_lines()
    batch = [good]
    for raw in poison:
        batch += [raw, good]
    outcomes = process("call_logs", batch)
    assert len(outcomes) == len(batch)
    assert [o.ok for o in outcomes] == [i % 2 == 0 for i in range(len(batch))]
    for outcome in outcomes[1::2]:
        assert isinstance(outcome, Rejected) and outcome.error_class == "undecodable"
    for outcome in outcomes[::2]:
        assert isinstance(outcome, Sanitized)
        json.dumps(outcome.record, ensure_ascii=False, allow_nan=False).encode()


class _Boom(Exception):
    pass


def _exploding(bad: set[bytes]) -> Callable[[StreamName, Sequence[bytes]], list[Outcome]]:
    """A processor that fails a whole batch when any record of it is in `bad`."""

    def process(stream: StreamName, values: Sequence[bytes]) -> list[Outcome]:
        if bad.intersection(values):
            raise _Boom("a message that may quote +14155550123")
        return [Sanitized(v.decode(), stream, {"event_id": v.decode()}) for v in values]

    return process


@pytest.mark.parametrize("position", [0, 3, 9])
def test_a_record_that_breaks_the_engine_costs_only_itself(position: int) -> None:
    values = [f"e{i}".encode() for i in range(10)]
    outcomes = process_isolated(_exploding({values[position]}), "call_logs", values)
    assert [o.ok for o in outcomes] == [i != position for i in range(10)]
    failed = outcomes[position]
    assert isinstance(failed, Rejected)
    assert failed.error_class == "processing_error"
    assert failed.reason == "internal error (_Boom)"  # the class, never the message
    assert [o.event_id for o in outcomes if o.ok] == [f"e{i}" for i in range(10) if i != position]
