"""Walk a raw record by its schema and turn every field into what a sanitized record may hold."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Any, Final

from pipeline.detection.phones import parse_phone_field
from pipeline.detection.spans import merge
from pipeline.errors import ContractError, LimitError
from pipeline.geo.locate import geo
from pipeline.processing.context import EventContext, mask
from pipeline.processing.handlers import lookup, register
from pipeline.processing.names import clean_key, clean_segment, join, param_name
from pipeline.schemas import SCAN, FieldSpec
from pipeline.transforms.network import generalize_ip, referrer_domain, sanitize_url
from pipeline.transforms.redact import placeholder, redact
from pipeline.transforms.useragent import generalize_user_agent


class _Drop:
    def __repr__(self) -> str:
        return "DROP"


DROP: Final = _Drop()
_BIG_NUMBER = 1_000_000  # integers this large may be phone or card numbers: scan them


@lru_cache(maxsize=8)
def _hint_patterns(hints: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(k, re.IGNORECASE), e) for k, e in hints)


@lru_cache(maxsize=65_536)
def _hint_for(hints: tuple[tuple[str, str], ...], key: str) -> str | None:
    for pattern, entity in _hint_patterns(hints):
        if pattern.search(key):
            return entity
    return None


def key_hint(ctx: EventContext, key: str) -> str | None:
    """The entity a key name announces (`email`, `phone`, `full_name`…), if any."""
    return _hint_for(ctx.policy.detection.hint_table, key)


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


def free_text(text: str, path: str, ctx: EventContext, hint: str | None = None) -> Any:
    """Scan and redact; found PII goes to the vault according to each entity's action.

    The redacted text is then released, withheld (a marker) or dropped by the free-text rule.
    """
    limit = ctx.policy.limits.max_string_chars
    if len(text) > limit:  # every decoded layer (XML text, a body's parts) has the same bound
        raise LimitError(f"string of {len(text)} characters exceeds {limit}", path)
    if hint is not None:
        return hinted(text, hint, path, ctx)
    dets = ctx.scan(text)
    out = text
    if dets:
        actions = ctx.policy.actions
        for det in merge(dets):
            if actions.for_entity(det.entity_type) == "vault":
                ctx.keep(det.entity_type, path, text[det.start : det.end])
        out = redact(text, dets)
    decision = ctx.release_text(path, out)
    if ctx.explain:
        shown = _shown(decision.value, 60)
        if dets:
            best = max(dets, key=lambda d: d.score)
            ctx.note(
                path,
                "free_text",
                f"redacted; {decision.why}",
                shown,
                tuple(sorted({d.entity_type for d in dets})),
                ",".join(sorted({d.recognizer for d in dets})),
                best.score,
                source=mask(text),
            )
        else:
            ctx.note(path, "free_text", f"nothing found; {decision.why}", shown, source=mask(text))
    return DROP if decision.verdict == "dropped" else decision.value


def _shown(value: Any, width: int) -> str:
    if isinstance(value, dict):
        return f"withheld {value['template']} ({value['chars']} chars)"
    text = "" if value is None else str(value)
    return text if len(text) < width else text[: width - 3] + "…"


# Inside an object a key names as PII (`"address": {...}`), these parts are not identifying.
_COARSE_PARTS = re.compile(
    r"^(country|country_?code|state|region|type|kind|label|primary|verified)$", re.I
)


def hinted(value: Any, entity: str, path: str, ctx: EventContext) -> Any:
    """A value whose key says what it is: handled as that entity without NER."""
    if isinstance(value, dict):
        mapping: dict[str, Any] = {}
        for k, v in value.items():
            ctx.count_field()
            if _COARSE_PARTS.match(k):
                mapping[k] = _scan(v, SCAN, join(path, k), ctx, 0)
                continue
            name = clean_key(k, path, ctx, mapping)
            res = hinted(v, key_hint(ctx, k) or entity, join(path, name), ctx)
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
        return _phone(text, path, ctx)
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


def _token(value: Any, spec: FieldSpec, path: str, ctx: EventContext, depth: int) -> Any:
    entity = spec.pii or "ID"
    tok = ctx.tokens.token(entity, str(value))
    if ctx.explain:
        ctx.note(path, f"identifier:{entity}", "token", tok, source=mask(str(value)))
    return tok


def _vault_token(value: Any, spec: FieldSpec, path: str, ctx: EventContext, depth: int) -> Any:
    entity = spec.pii or "ID"
    tok = ctx.tokens.token(entity, str(value))
    ctx.keep(entity, path, str(value), subject=tok)
    if ctx.explain:
        ctx.note(path, f"identifier:{entity}", "vault+token", tok, source=mask(str(value)))
    return tok


def _vault_redact(value: Any, spec: FieldSpec, path: str, ctx: EventContext, depth: int) -> Any:
    entity = spec.pii or "PII"
    if value == "":
        return value
    ctx.keep(entity, path, str(value))
    if ctx.explain:
        ctx.note(
            path,
            f"identifier:{entity}",
            "vault+redact",
            placeholder(entity),
            source=mask(str(value)),
        )
    return placeholder(entity)


def _phone(value: str, path: str, ctx: EventContext) -> dict[str, Any]:
    parsed = parse_phone_field(value, ctx.policy.detection.phone_regions)
    tok = ctx.tokens.token("PHONE_NUMBER", parsed.normalized)
    ctx.keep("PHONE_NUMBER", path, value, subject=tok)
    out = {
        "token": tok,
        "country": parsed.country,
        "line_type": parsed.line_type,
        "country_source": parsed.country_source,
    }
    if ctx.explain:
        ctx.note(
            path,
            "identifier:PHONE_NUMBER",
            "vault+generalize",
            f"{parsed.country}/{parsed.line_type}",
            source=mask(value),
        )
    return out


def _phone_field(value: Any, spec: FieldSpec, path: str, ctx: EventContext, depth: int) -> Any:
    return _phone(str(value), path, ctx)


def _ip(value: Any, spec: FieldSpec, path: str, ctx: EventContext, depth: int) -> Any:
    gen = generalize_ip(str(value), geo(ctx.policy.geo.database))
    if gen is None:
        return free_text(str(value), path, ctx)
    ctx.keep("IP_ADDRESS", path, str(value))
    if ctx.explain:
        ctx.note(
            path,
            "identifier:IP_ADDRESS",
            "vault+generalize",
            gen["prefix"],
            source=mask(str(value)),
        )
    return gen


def _user_agent(value: Any, spec: FieldSpec, path: str, ctx: EventContext, depth: int) -> Any:
    gen = generalize_user_agent(str(value))
    if ctx.explain:
        ctx.note(
            path, "quasi:USER_AGENT", "generalize", f"{gen['browser_family']}/{gen['device_class']}"
        )
    return gen


def _url(value: Any, spec: FieldSpec, path: str, ctx: EventContext, depth: int) -> Any:
    urls = ctx.policy.urls
    out = sanitize_url(
        str(value),
        urls.keeps,
        lambda s: clean_segment(s, path, ctx),
        lambda name: param_name(name, path, ctx),
    )
    if ctx.explain:
        ctx.note(path, "quasi:URL", "path+allowed query", out if len(out) < 60 else out[:57] + "…")
    return out


def _referrer(value: Any, spec: FieldSpec, path: str, ctx: EventContext, depth: int) -> Any:
    domain = referrer_domain(str(value))
    if ctx.explain:
        ctx.note(path, "quasi:REFERRER", "domain", domain or "")
    return domain


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
        hint = key_hint(ctx, key)
        if hint is not None:
            if isinstance(value, str) and len(value) > ctx.policy.limits.max_string_chars:
                raise LimitError(f"string of {len(value)} characters exceeds the limit", path)
            ctx.count_field()
            return hinted(value, hint, path, ctx)
    return walk(value, sub, path, ctx, depth + 1)


def _scan(value: Any, spec: FieldSpec, path: str, ctx: EventContext, depth: int) -> Any:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            ctx.count_field()
            if depth + 1 > ctx.policy.limits.max_depth:
                raise LimitError(f"nesting deeper than {ctx.policy.limits.max_depth}", path)
            hint = key_hint(ctx, key)
            name = clean_key(key, path, ctx, out)
            child = join(path, name)
            res = (
                hinted(item, hint, child, ctx) if hint else _scan(item, SCAN, child, ctx, depth + 1)
            )
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


# `body` and `headers` are registered by pipeline.processing.bodies.
register(
    {
        "keep": _keep,
        "timestamp": _timestamp,
        "token": _token,
        "vault_token": _vault_token,
        "vault_redact": _vault_redact,
        "phone": _phone_field,
        "ip": _ip,
        "user_agent": _user_agent,
        "url": _url,
        "referrer": _referrer,
        "free_text": _free_text,
        "object": _object,
        "scan": _scan,
        "drop": _drop,
    }
)

__all__ = ["DROP", "child", "clean_key", "free_text", "hinted", "join", "mask", "walk"]
