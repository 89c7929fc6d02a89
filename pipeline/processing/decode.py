"""Raw bytes → a JSON object, within bounds, or an InputError that echoes no raw value."""

from __future__ import annotations

import json
import re
from typing import Any

from pipeline.config.policy import Limits
from pipeline.errors import DecodeError, LimitError

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


def nesting_depth(text: str) -> int:
    """Maximum bracket depth outside string literals, computed without recursion."""
    depth = deepest = 0
    for ch in _BRACKETS.findall(_STRINGS.sub("", text)):
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def decode_record(raw: bytes | str, limits: Limits) -> dict[str, Any]:
    """Parse one record; size and depth are checked before the JSON parser recurses."""
    size = len(raw.encode() if isinstance(raw, str) else raw)
    if size > limits.max_record_bytes:
        raise LimitError(f"record of {size} bytes exceeds the limit of {limits.max_record_bytes}")
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DecodeError(f"invalid UTF-8 at byte {exc.start}") from None
    else:
        text = raw
    if not text.strip():
        raise DecodeError("empty record")
    # Depth cannot exceed the number of opening brackets: most records skip the scan.
    opening = text.count("[") + text.count("{")
    depth = nesting_depth(text) if opening > limits.max_depth else opening
    if depth > limits.max_depth:
        raise LimitError(f"nesting depth {depth} exceeds the limit of {limits.max_depth}")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DecodeError(f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise LimitError("nesting too deep to parse") from None
    if not isinstance(value, dict):
        raise DecodeError(f"expected a JSON object, got {type(value).__name__}")
    return value
