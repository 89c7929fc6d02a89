"""Raw bytes → a JSON object, within bounds, or an InputError that echoes no raw value.

Strict JSON only: what is accepted here can always be written back as valid UTF-8 JSON. So the
decoder refuses lone surrogates (`"\\udc80"` decodes to a str no UTF-8 encoder accepts), `NaN`
and `Infinity` (and floats that overflow to them), and integers longer than the limit (Python's
own int-to-string limit would raise a ValueError, not a decode error, at 4,300 digits).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from pipeline.config.policy import Limits
from pipeline.errors import DecodeError, LimitError

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")
# A \uD800-\uDFFF escape: only then can a lone surrogate come out of a UTF-8 decoded text.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
# Digits of the longest integer accepted (a 64-bit integer has 20; ids longer than this are
# strings in every contract).
MAX_INTEGER_DIGITS = 40


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
    if isinstance(raw, str):
        try:
            size = len(raw.encode())
        except UnicodeEncodeError as exc:
            raise DecodeError(f"lone surrogate at character {exc.start}") from None
    else:
        size = len(raw)
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
    value = loads(text, limits)
    if not isinstance(value, dict):
        raise DecodeError(f"expected a JSON object, got {type(value).__name__}")
    return value


def loads(text: str, limits: Limits) -> Any:
    """Strict, bounded JSON (records and the JSON bodies inside them alike): the depth is
    checked before the parser recurses; DecodeError or LimitError, never another exception."""
    # Depth cannot exceed the number of opening brackets: most texts skip the scan.
    opening = text.count("[") + text.count("{")
    depth = nesting_depth(text) if opening > limits.max_depth else opening
    if depth > limits.max_depth:
        raise LimitError(f"nesting depth {depth} exceeds the limit of {limits.max_depth}")
    try:
        if text.startswith("\ufeff"):  # what json.loads checks before decoding, said alike
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        value = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise DecodeError(f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise LimitError("nesting too deep to parse") from None
    except ValueError:  # a limit of the interpreter the hooks did not catch first
        raise DecodeError("not JSON: a value the decoder cannot represent") from None
    if _SURROGATE_ESCAPE.search(text) and not _encodable(value):
        raise DecodeError("lone surrogate in a string (not valid Unicode)")
    return value


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise DecodeError(
            f"integer of {len(digits.lstrip('-'))} digits exceeds {MAX_INTEGER_DIGITS}"
        )
    return int(digits)


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise DecodeError("number out of the range of a double (overflows to infinity)")
    return number


def _no_constant(name: str) -> Any:
    raise DecodeError(f"{name} is not valid JSON (strict JSON has no NaN or Infinity)")


# Built once: `json.loads` with hooks builds a decoder and its scanner for every call.
_DECODER = json.JSONDecoder(parse_int=_integer, parse_float=_finite, parse_constant=_no_constant)


def _encodable(value: Any) -> bool:
    """Whether every string (keys too) in the decoded value is valid Unicode; no recursion."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not item.isascii():
                try:
                    item.encode()
                except UnicodeEncodeError:
                    return False
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True
