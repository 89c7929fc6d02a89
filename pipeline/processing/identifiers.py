"""Values of a known kind: identifiers tokenized or kept in the vault, quasi-identifiers generalized.

The schema names the kind of each such field (its policy); the handlers register here
(`handlers`). A value that is not of its kind after all (an IP that does not parse) is scanned as
free text.
"""

from __future__ import annotations

from typing import Any

from pipeline.detection.numbers.phones import parse_phone_field
from pipeline.geo.locate import geo
from pipeline.processing.context import EventContext, mask
from pipeline.processing.freetext import free_text
from pipeline.processing.handlers import register
from pipeline.processing.names import clean_segment, param_name
from pipeline.schemas import FieldSpec
from pipeline.transforms.network import generalize_ip, referrer_domain, sanitize_url
from pipeline.transforms.redact import placeholder
from pipeline.transforms.useragent import generalize_user_agent


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


def phone(value: str, path: str, ctx: EventContext) -> dict[str, Any]:
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
    return phone(str(value), path, ctx)


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


register(
    {
        "token": _token,
        "vault_token": _vault_token,
        "vault_redact": _vault_redact,
        "phone": _phone_field,
        "ip": _ip,
        "user_agent": _user_agent,
        "url": _url,
        "referrer": _referrer,
    }
)
