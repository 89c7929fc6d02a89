"""Walk a raw record by its schema and turn every field into what a sanitized record may hold.

Here: the walk itself, objects and undeclared parts (scanned), values a key name announces
(`hinted`), kept values and timestamps, secrets. Values of a known kind (tokens, phones, IPs,
URLs...) are in `identifiers`, free text in `freetext`.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pipeline.detection.numbers.unix_times import unix_time
from pipeline.errors import ContractError, LimitError
from pipeline.processing.context import EventContext, mask
from pipeline.processing.freetext import free_text
from pipeline.processing.handlers import DROP, lookup, register
from pipeline.processing.hints import about, hint_for
from pipeline.processing.identifiers import phone
from pipeline.processing.names import clean_key, join
from pipeline.processing.user_keys import Evidence, names_people
from pipeline.schemas import SCAN, FieldSpec
from pipeline.transforms.redact import placeholder

_BIG_NUMBER = 1_000_000  # integers this large may be phone or card numbers: scan them


def key_hint(ctx: EventContext, key: str, value: Any) -> str | None:
    """The entity a key name announces for `value` (`email`, `phone`, `full_name`…), if any;
    none for a key that only describes it with a scalar (`token_type: "Bearer"`)."""
    hints = ctx.policy.detection.hint_table
    entity = hint_for(hints, key)
    if entity is None or about(hints, key, value):
        return None
    return entity


def walk(value: Any, spec: FieldSpec, path: str, ctx: EventContext, depth: int = 0) -> Any:
    """The sanitized form of `value`, or DROP."""
    ctx.count_field()
    limits = ctx.policy.limits
    if depth > limits.max_depth:
        raise LimitError(f"nesting deeper than {limits.max_depth}", path)
    if value is None:
        return None
    if not spec.accepts(value):
        raise ContractError(f"expected {' or '.join(spec.types)}, got {_json_type(value)}", path)
    if isinstance(value, str) and len(value) > limits.max_string_chars:
        raise LimitError(
            f"string of {len(value)} characters exceeds {limits.max_string_chars}", path
        )
    handler = lookup(spec.policy)
    return handler(value, spec, path, ctx, depth)


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    return {str: "string", int: "integer", float: "number", dict: "object", list: "array"}.get(
        type(value), type(value).__name__
    )


# Inside an object a key names as PII (`"address": {...}`), these parts are not identifying.
_COARSE_PARTS = re.compile(
    r"^(country|country_?code|state|region|type|kind|label|primary|verified)$", re.I
)


def hinted(value: Any, entity: str, path: str, ctx: EventContext) -> Any:
    """A value whose key says what it is: handled as that entity without NER."""
    if isinstance(value, dict):
        hints = ctx.policy.detection.hint_table
        mapping: dict[str, Any] = {}
        for k, v in value.items():
            ctx.count_field()
            # coarse parts and keys about the entity (`verified_at`, `type`) are scanned
            if _COARSE_PARTS.match(k) or about(hints, k, v):
                mapping[k] = _scan(v, SCAN, join(path, k), ctx, 0)
                continue
            name = clean_key(k, path, ctx, mapping)
            res = hinted(v, hint_for(hints, k) or entity, join(path, name), ctx)
            if res is not DROP:
                mapping[name] = res
        return mapping
    if isinstance(value, list):
        items: list[Any] = []
        for i, v in enumerate(value):
            ctx.count_field()
            res = hinted(v, entity, join(path, i), ctx)
            if res is not DROP:
                items.append(res)
        return items
    if value is None or isinstance(value, bool) or value == "":
        return value
    text = str(value)
    if entity == "PHONE_NUMBER":
        return phone(text, path, ctx)
    action = ctx.policy.actions.for_entity(entity)
    if action == "drop":
        if ctx.explain:
            ctx.note(path, f"key-hint:{entity}", "dropped", "", source=mask(text))
        return DROP
    if action == "vault":
        ctx.keep(entity, path, text)
    if ctx.explain:
        ctx.note(
            path,
            f"key-hint:{entity}",
            action,
            placeholder(entity),
            (entity,),
            "key_hint",
            1.0,
            source=mask(text),
        )
    return placeholder(entity)


def _check_range(value: Any, spec: FieldSpec, path: str) -> None:
    """A number (or a kept string spelling one) outside the contract's bounds is refused."""
    if not spec.ranges or isinstance(value, bool):
        return
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return
    elif isinstance(value, int | float):
        number = value
    else:
        return
    if not spec.in_range(number):
        # Fail closed, as for a wrong type: the record goes to the dead letters (the reason names
        # the bounds, never the value, which may be a phone number).
        raise ContractError(f"number outside the contract's range {spec.range_text()}", path)


def _keep(value: Any, spec: FieldSpec, path: str, ctx: EventContext, depth: int) -> Any:
    _check_range(value, spec, path)
    if isinstance(value, str):
        if spec.safe_pattern is not None and not spec.safe_pattern.fullmatch(value):
            return free_text(value, path, ctx)  # not the shape we promised: scan it
        if ctx.explain:
            ctx.note(path, "safe", "kept", value, source=value)
        return value
    if isinstance(value, dict | list):
        return _scan(value, SCAN, path, ctx, depth)
    if ctx.explain:
        ctx.note(path, "safe", "kept", str(value), source=str(value))
    return value


def _timestamp(value: Any, spec: FieldSpec, path: str, ctx: EventContext, depth: int) -> Any:
    if not isinstance(value, str):
        _check_range(value, spec, path)
    if isinstance(value, str):
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return free_text(value, path, ctx)
        if ctx.explain:
            ctx.note(path, "safe:timestamp", "kept", value, source=value)
    return value


def _free_text(value: Any, spec: FieldSpec, path: str, ctx: EventContext, depth: int) -> Any:
    return free_text(str(value), path, ctx)


def _object(value: Any, spec: FieldSpec, path: str, ctx: EventContext, depth: int) -> Any:
    if not isinstance(value, dict):
        return _scan(value, SCAN, path, ctx, depth)
    out: dict[str, Any] = {}
    for key, item in value.items():
        name = key if key in spec.properties else clean_key(key, path, ctx, out, plain=False)
        res = child(item, spec, key, join(path, name), ctx, depth)
        if res is not DROP:
            out[name] = res
    return out


def child(value: Any, spec: FieldSpec, key: str, path: str, ctx: EventContext, depth: int) -> Any:
    """Sub-field `key` of an object by its spec; an undeclared one its key name hints at
    (`password`, `api_key`, `email` at the top level of a webhook body) is handled as that."""
    sub = spec.child(key)
    if sub.policy == "scan" and key not in spec.properties:
        hint = key_hint(ctx, key, value)
        if hint is not None:
            if isinstance(value, str) and len(value) > ctx.policy.limits.max_string_chars:
                raise LimitError(f"string of {len(value)} characters exceeds the limit", path)
            ctx.count_field()
            return hinted(value, hint, path, ctx)
    return walk(value, sub, path, ctx, depth + 1)


# fields of a record about a person: a key whose value holds one names that person
_CONTACT = frozenset(["EMAIL_ADDRESS", "PHONE_NUMBER", "PERSON"])


def _keyed_by_people(value: dict[str, Any], path: str, ctx: EventContext) -> Evidence:
    """`named` when the object's own key names people (`recipients`, `by_user`), `beside` when
    one of its keys is a person or a user name already, else None."""
    parent = path.rpartition(".")[2]
    if names_people(None if parent.endswith("]") else parent):
        return "named"
    rules = ctx.key_rules
    return "beside" if any(rules.verdict(k) in ("PERSON", "USERNAME") for k in value) else None


def _person_record(value: Any, ctx: EventContext) -> bool:
    """An object with an e-mail, phone or name field: the record of a person."""
    if not isinstance(value, dict):
        return False
    hints = ctx.policy.detection.hint_table
    return any(hint_for(hints, k) in _CONTACT for k in value)


def _scan(value: Any, spec: FieldSpec, path: str, ctx: EventContext, depth: int) -> Any:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        people = _keyed_by_people(value, path, ctx)
        for key, item in value.items():
            ctx.count_field()
            if depth + 1 > ctx.policy.limits.max_depth:
                raise LimitError(f"nesting deeper than {ctx.policy.limits.max_depth}", path)
            hint = key_hint(ctx, key, item)
            person = people or ("beside" if _person_record(item, ctx) else None)
            name = clean_key(key, path, ctx, out, person=person)
            child = join(path, name)
            if hint:
                res = hinted(item, hint, child, ctx)
            elif unix_time(key, item):  # `auth_time: 1700000000` is no phone number
                res = item
            else:
                res = _scan(item, SCAN, child, ctx, depth + 1)
            if res is not DROP:
                out[name] = res
        return out
    if isinstance(value, list):
        items = []
        for i, item in enumerate(value):
            ctx.count_field()
            res = _scan(item, SCAN, join(path, i), ctx, depth + 1)
            if res is not DROP:
                items.append(res)
        return items
    if isinstance(value, str):
        if len(value) > ctx.policy.limits.max_string_chars:
            raise LimitError(f"string of {len(value)} characters exceeds the limit", path)
        return free_text(value, path, ctx)
    if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= _BIG_NUMBER:
        text = str(value)
        scanned = free_text(text, path, ctx)
        return value if scanned == text else scanned
    return value


def _drop(value: Any, spec: FieldSpec, path: str, ctx: EventContext, depth: int) -> Any:
    if ctx.explain:
        ctx.note(path, "secret", "dropped", "", source=mask(str(value)))
    return DROP


# Values of a known kind are registered by `identifiers`, `body` and `headers` by `bodies`.
register(
    {
        "keep": _keep,
        "timestamp": _timestamp,
        "free_text": _free_text,
        "object": _object,
        "scan": _scan,
        "drop": _drop,
    }
)

__all__ = ["DROP", "child", "clean_key", "free_text", "hinted", "join", "mask", "walk"]
