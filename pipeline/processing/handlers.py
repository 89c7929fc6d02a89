"""The registry of field handlers: a field's schema policy -> the function that sanitizes it.

`fields` registers the handlers of plain values and objects, `identifiers` those of values of a
known kind (tokens, phones, IPs, URLs...), `bodies` those of headers and webhook bodies
(importing `processor`, which walks events, registers them all; the package itself imports
none, so the worker's event loop can use `guard` without loading the detectors). `fields.walk` looks a policy up
here, so a body can be walked field by field without `fields` importing `bodies`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from pipeline.processing.context import EventContext
from pipeline.schemas import FieldSpec


class _Drop:
    def __repr__(self) -> str:
        return "DROP"


DROP: Final = _Drop()  # what a handler returns for a field the sanitized record leaves out

# (value, spec, path, ctx, depth) -> the sanitized value, or DROP
Handler = Callable[[Any, FieldSpec, str, EventContext, int], Any]

_REGISTRY: dict[str, Handler] = {}


def register(table: Mapping[str, Handler]) -> None:
    """Add handlers by policy; a policy is handled by one function only."""
    for policy, handler in table.items():
        if _REGISTRY.get(policy, handler) is not handler:
            raise ValueError(f"policy {policy} already has a handler")
        _REGISTRY[policy] = handler


def lookup(policy: str) -> Handler:
    """The handler of `policy` (KeyError when none is registered)."""
    return _REGISTRY[policy]


def policies() -> frozenset[str]:
    """Every policy that has a handler."""
    return frozenset(_REGISTRY)
