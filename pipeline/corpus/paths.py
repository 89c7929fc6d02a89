"""JSON paths of the labels: dotted keys and `[i]` list indices, e.g. `properties.tags[1]`."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

_SEGMENT = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


class _Missing:
    """Marks a path that does not exist (a field may legitimately hold None)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


def join(parent: str, key: str | int) -> str:
    """The path of `key` (a dict key or a list index) inside the field at `parent`."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def segments(path: str) -> list[str | int]:
    """Split a path into keys and list indices."""
    return [int(index) if index else key for index, key in _SEGMENT.findall(path)]


def get(document: object, path: str) -> object:
    """The value at `path`, or `MISSING`."""
    current = document
    for segment in segments(path):
        if isinstance(segment, int):
            if not isinstance(current, Sequence) or isinstance(current, str):
                return MISSING
            if segment >= len(current):
                return MISSING
            current = current[segment]
        else:
            if not isinstance(current, Mapping) or segment not in current:
                return MISSING
            current = current[segment]
    return current


def is_within(path: str, field: str) -> bool:
    """Whether `path` is `field` itself or lies inside it."""
    return path == field or path.startswith((f"{field}.", f"{field}["))
