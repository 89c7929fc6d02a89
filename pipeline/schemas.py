"""The JSON Schemas in schemas/: field tags (`x-policy`, `x-pii`, `x-safe-pattern`) and types."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from pipeline.errors import ConfigError
from pipeline.outcome import STREAMS

FieldPolicy = Literal[
    "keep",  # safe: kept unchanged (strings must match x-safe-pattern, else they are scanned)
    "timestamp",  # kept when it parses as ISO-8601, else scanned
    "token",  # keyed pseudonymous token, not kept in the vault
    "vault_token",  # kept in the vault, token in the sanitized record
    "vault_redact",  # kept in the vault, <ENTITY> in the sanitized record
    "phone",  # kept in the vault; token, country and line type in the sanitized record
    "ip",  # kept in the vault; version and truncated prefix in the sanitized record
    "user_agent",  # browser/OS family and device class
    "url",  # path with identifiers replaced, query values removed except an allow-list
    "referrer",  # registered domain only
    "free_text",  # scanned and redacted
    "body",  # form, JSON or XML webhook body: parsed, then each part handled
    "headers",  # secrets dropped, safe headers kept, others scanned
    "object",  # declared sub-fields, unknown sub-fields scanned
    "scan",  # free-form: every leaf scanned, keys hint at what values are
    "drop",  # removed
]
POLICIES: frozenset[str] = frozenset(get_args(FieldPolicy))
JSON_TYPES = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
    "null": (type(None),),
}


Range = tuple[float, float]


@dataclass(frozen=True)
class FieldSpec:
    """What one field is and how it is handled.

    `ranges`: the contract's bounds for a number (JSON Schema `minimum`/`maximum`, or an `anyOf`
    of such bounds, e.g. epoch seconds or milliseconds); a number must lie in one of them. For a
    kept string that spells a number (`"0.00850"`, a form's `Duration`) the same bounds apply to
    the number it spells: a phone number must not pass as a duration in either form.
    """

    policy: FieldPolicy
    types: tuple[str, ...] = ()
    pii: str | None = None
    safe_pattern: re.Pattern[str] | None = None
    properties: Mapping[str, FieldSpec] = field(default_factory=dict)
    additional: FieldSpec | None = None
    required: tuple[str, ...] = ()
    ranges: tuple[Range, ...] = ()

    def __post_init__(self) -> None:
        python_types = tuple({t for name in self.types for t in JSON_TYPES[name]})
        object.__setattr__(self, "_python_types", python_types)
        object.__setattr__(self, "_bool_ok", not self.types or "boolean" in self.types)

    def accepts(self, value: object) -> bool:
        """Whether `value` has one of the declared JSON types (any type if none declared)."""
        if not self.types:
            return True
        if isinstance(value, bool):  # JSON true is not an integer
            return bool(self._bool_ok)  # type: ignore[attr-defined]
        return isinstance(value, self._python_types)  # type: ignore[attr-defined]

    def in_range(self, number: float) -> bool:
        """Whether `number` lies within the contract's bounds (always, when none are declared)."""
        return not self.ranges or any(low <= number <= high for low, high in self.ranges)

    def range_text(self) -> str:
        """The bounds, for a reason that names the contract but not the value."""
        return " or ".join(f"[{low:g}, {high:g}]" for low, high in self.ranges)

    def child(self, key: str) -> FieldSpec:
        """The spec of sub-field `key`; unknown keys are scanned."""
        return self.properties.get(key) or self.additional or SCAN


SCAN = FieldSpec(policy="scan")


def _spec(node: Mapping[str, Any], where: str) -> FieldSpec:
    policy = node.get("x-policy", "scan")
    if policy not in POLICIES:
        raise ConfigError(where, None, "x-policy", f"unknown policy {policy!r}")
    types = node.get("type", ())
    types = (types,) if isinstance(types, str) else tuple(types)
    pattern = node.get("x-safe-pattern")
    props = {
        key: _spec(value, f"{where}#/properties/{key}")
        for key, value in (node.get("properties") or {}).items()
    }
    extra = node.get("additionalProperties")
    additional = _spec(extra, f"{where}#/additionalProperties") if isinstance(extra, dict) else None
    return FieldSpec(
        policy=policy,
        types=types,
        pii=node.get("x-pii"),
        safe_pattern=re.compile(pattern) if pattern else None,
        properties=props,
        additional=additional,
        required=tuple(node.get("required", ())),
        ranges=_ranges(node, where),
    )


def _bounds(node: Mapping[str, Any]) -> Range | None:
    if "minimum" not in node and "maximum" not in node:
        return None
    return (float(node.get("minimum", -math.inf)), float(node.get("maximum", math.inf)))


def _ranges(node: Mapping[str, Any], where: str) -> tuple[Range, ...]:
    own = _bounds(node)
    alternatives = [_bounds(sub) for sub in node.get("anyOf", ()) if isinstance(sub, dict)]
    if any(b is None for b in alternatives):
        alternatives = []  # one alternative without bounds admits every number
    ranges = tuple(b for b in ([own] if own else []) + alternatives if b is not None)
    if own and alternatives:
        raise ConfigError(where, None, "anyOf", "bounds both in the field and in anyOf")
    for low, high in ranges:
        if low > high:
            raise ConfigError(where, None, "minimum", f"minimum {low:g} above maximum {high:g}")
    return ranges


@dataclass(frozen=True)
class SchemaSet:
    """Raw-stream specs, the webhook parameter spec and every schema document by name."""

    raw: Mapping[str, FieldSpec]
    callback_params: FieldSpec
    documents: Mapping[str, dict[str, Any]]


def load_schemas(directory: Path) -> SchemaSet:
    """Read every schema under `directory`; a missing stream schema is a ConfigError."""
    documents: dict[str, dict[str, Any]] = {}
    for file in sorted(directory.rglob("*.json")):
        name = file.relative_to(directory).with_suffix("").as_posix()
        try:
            documents[name] = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(str(file), None, "(document)", f"not valid JSON: {exc}") from None
    raw: dict[str, FieldSpec] = {}
    for stream in STREAMS:
        name = f"raw/{stream}"
        if name not in documents:
            raise ConfigError(str(directory / f"{name}.json"), None, "(file)", "missing")
        raw[stream] = _spec(documents[name], str(directory / f"{name}.json"))
    params_name = "raw/plivo_callback_params"
    params = (
        _spec(documents[params_name], str(directory / f"{params_name}.json"))
        if params_name in documents
        else SCAN
    )
    return SchemaSet(raw=raw, callback_params=params, documents=documents)
