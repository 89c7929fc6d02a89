"""A bounded fuzz run (hypothesis) of the decoder and the field walk: no input crashes them.

The decoder raises only InputError (a dead letter with a reason) and returns only values that can
be written back as strict UTF-8 JSON; the processor returns exactly one outcome per record, whose
error class the dead-letter contract knows. Inputs mix arbitrary bytes with JSON built from
hostile pieces: lone surrogate escapes, long integers, NaN/Infinity, deep nesting, XML and form
bodies, every field name of the contracts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.config.loader import load_config
from pipeline.config.policy import Limits
from pipeline.engine import Engine
from pipeline.errors import InputError
from pipeline.outcome import STREAMS, Sanitized
from pipeline.processing.decode import decode_record

LIMITS = Limits()
SCHEMAS = load_config(None).schemas
DEAD_LETTER = json.loads(
    (Path(__file__).resolve().parents[2] / "schemas" / "dead_letter.json").read_text()
)
ERROR_CLASSES = set(DEAD_LETTER["properties"]["error_class"]["enum"])
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))

# Raw JSON fragments json.dumps never writes, spliced in as values.
HOSTILE_LITERALS = [
    '"\\udc80"',
    '"a\\ud800"',
    '"\\ud83d\\ude00"',
    "NaN",
    "-Infinity",
    "1e999",
    "1" * 50,
    "-" + "9" * 5000,
    "[" * 30 + "]" * 30,
    '"' + "\\u0000" * 3 + '"',
    "0.1e-400",
]
HOSTILE_TEXT = st.sampled_from(
    [
        "<Response><Speak>Hi Maria</Speak></Response>",
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "x">]><r>&a;</r>',
        "<r><Number>+14155550123</Number><unclosed>",
        "From=%2B14155550123&CallerName=Maria+Garcia&Duration=14155550123",
        '{"email": "bob@example.org", "n": NaN}',
        "[" * 50,
        "1 " * 200,
        "bob@example.org " + "1." * 300,
        "\u200b\u00ad\ufeff",
        "",
    ]
)
LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=60),
    HOSTILE_TEXT,
)
VALUE = st.recursive(
    LEAF,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


def _field_names(stream: str) -> list[str]:
    return sorted(SCHEMAS.raw[stream].properties)


@st.composite
def records(draw: st.DrawFn) -> tuple[str, bytes]:
    stream = draw(st.sampled_from(STREAMS))
    names = _field_names(stream)
    event: dict[str, Any] = {"event_id": draw(st.text(min_size=1, max_size=20))}
    for name in draw(st.lists(st.sampled_from(names), max_size=6, unique=True)):
        event[name] = draw(VALUE)
    text = json.dumps(event)
    if draw(st.booleans()):  # splice a literal json.dumps would never write
        literal = draw(st.sampled_from(HOSTILE_LITERALS))
        field = draw(st.sampled_from(names))
        text = text[:-1] + (", " if len(event) else "") + f'"{field}": {literal}}}'
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):  # and sometimes damage the bytes
        at = draw(st.integers(min_value=0, max_value=len(raw)))
        raw = raw[:at] + draw(st.binary(max_size=4)) + raw[at:]
    return stream, raw


def _check_decoded(raw: bytes) -> None:
    try:
        value = decode_record(raw, LIMITS)
    except InputError as exc:
        code: str | None = exc.code
    else:
        code = None
        assert isinstance(value, dict)
        json.dumps(value, ensure_ascii=False, allow_nan=False).encode()
    assert code is None or code in ERROR_CLASSES


@FUZZ
@given(st.binary(max_size=300))
def test_decoder_on_arbitrary_bytes_raises_only_input_errors(raw: bytes) -> None:
    _check_decoded(raw)


@FUZZ
@given(records())
def test_decoder_on_hostile_json_raises_only_input_errors(record: tuple[str, bytes]) -> None:
    _check_decoded(record[1])


@FUZZ
@given(records())
def test_the_walk_never_crashes_and_writes_only_strict_json(
    engine: Engine, record: tuple[str, bytes]
) -> None:
    stream, raw = record
    outcomes = engine.process(stream, [raw])  # type: ignore[arg-type]
    assert len(outcomes) == 1
    [outcome] = outcomes
    if isinstance(outcome, Sanitized):
        json.dumps(outcome.record, ensure_ascii=False, allow_nan=False).encode()
        for entry in outcome.vault:
            json.dumps(entry.to_json(), allow_nan=False).encode()
    else:
        assert outcome.error_class in ERROR_CLASSES
        assert outcome.error_class != "processing_error", outcome  # a crash caught, still a bug
        json.dumps(outcome.to_json(), allow_nan=False).encode()
