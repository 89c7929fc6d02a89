"""The record decoder, built once, decodes and refuses exactly as `json.loads` with its hooks."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.config.policy import Limits
from pipeline.errors import DecodeError, InputError
from pipeline.processing import decode


def _by_json_loads(text: str) -> Any:
    """What `decode.loads` gave when it called `json.loads` with the hooks on every call."""
    try:
        return json.loads(
            text,
            parse_int=decode._integer,
            parse_float=decode._finite,
            parse_constant=decode._no_constant,
        )
    except json.JSONDecodeError as exc:
        return f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
    except DecodeError as exc:
        return exc.reason


def _by_loads(text: str) -> Any:
    try:
        return decode.loads(text, Limits())
    except InputError as exc:
        return exc.reason


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "b": [1.5, -2, "x"], "c": null}',
        '\ufeff{"a": 1}',  # json.loads' own check: a BOM is refused with its own message
        "\ufeff",
        '{"n": ' + "9" * 41 + "}",  # longer than the integer limit
        '{"f": 1e999}',  # overflows to infinity
        '{"x": NaN}',
        '{"x": Infinity}',
        '{"a": 1} trailing',
        "",
        "[1, 2,]",
    ],
)
def test_rows_decode_and_fail_alike(text: str) -> None:
    assert _by_loads(text) == _by_json_loads(text)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(_JSON, st.sampled_from(["", "\ufeff", " ", "x", "]"]), st.booleans())
def test_any_text_decodes_and_fails_alike(value: Any, noise: str, before: bool) -> None:
    body = json.dumps(value)
    text = noise + body if before else body + noise
    assert _by_loads(text) == _by_json_loads(text)
