"""Invariants over generated input: redaction removes every detected span, is idempotent,
and sanitizing keeps the JSON shape of free-form objects."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.detection.spans import Detection
from pipeline.engine import Engine
from pipeline.transforms.redact import redact

_WORDS = st.sampled_from(
    [
        "hello",
        "Maria",
        "Garcia",
        "call",
        "me",
        "at",
        "+44 20 7183 8750",
        "bob@example.org",
        "221 Baker Street",
        "Xzavier",
        "order",
        "4111 1111 1111 1111",
        "203.0.113.9",
        "please",
        ",",
    ]
)
TEXTS = st.lists(_WORDS, min_size=1, max_size=12).map(" ".join)


@st.composite
def _text_and_spans(draw: st.DrawFn) -> tuple[str, list[Detection]]:
    text = draw(st.text(min_size=1, max_size=60))
    spans = []
    for _ in range(draw(st.integers(0, 5))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        spans.append(Detection(start, end, "PERSON", 0.9, "test"))
    return text, spans


@given(_text_and_spans())
def test_no_detected_character_survives_redaction(case: tuple[str, list[Detection]]) -> None:
    text, spans = case
    out = redact(text, spans)
    covered = {i for d in spans for i in range(d.start, d.end)}
    kept = "".join(ch for i, ch in enumerate(text) if i not in covered)
    assert out.replace("<PERSON>", "") == kept


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(TEXTS)
def test_redaction_is_idempotent(engine: Engine, text: str) -> None:
    once = redact(text, engine.detector.detect(text))
    twice = redact(once, engine.detector.detect(once))
    assert twice == once


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(TEXTS)
def test_detected_values_never_reach_the_sanitized_record(engine: Engine, text: str) -> None:
    detected = [text[d.start : d.end] for d in engine.detector.detect(text)]
    event = {"event_id": "p", "properties": {"message": text, "nested": [{"note": text}]}}
    [out] = engine.process("analytics_events", [json.dumps(event).encode()])
    assert out.ok
    dumped = json.dumps(out.record, ensure_ascii=False)  # type: ignore[union-attr]
    for value in detected:
        assert value not in dumped


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | st.sampled_from(["pro", "a b", "x"]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["plan", "sku", "qty", "tags", "level"]), children, max_size=3
        )
    ),
    max_leaves=12,
)


def _shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return type(value).__name__


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_JSON)
def test_free_form_properties_keep_their_json_shape(engine: Engine, props: Any) -> None:
    event = {"event_id": "s", "properties": {"p": props}}
    [out] = engine.process("analytics_events", [json.dumps(event).encode()])
    assert out.ok
    assert _shape(out.record["properties"]["p"]) == _shape(props)  # type: ignore[union-attr]
