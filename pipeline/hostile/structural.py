"""Generators for structural classes: object keys, event ids, URLs, headers, credentials."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

from pipeline.hostile.case import Case, Plant
from pipeline.hostile.people import People
from pipeline.outcome import StreamName

Rule = Callable[[People, int], Case]


def _b64(text: str, urlsafe: bool) -> str:
    raw = text.encode()
    out = base64.urlsafe_b64encode(raw) if urlsafe else base64.b64encode(raw)
    return out.decode().rstrip("=") if urlsafe else out.decode()


def _key_identifier(p: People, i: int) -> tuple[str, Plant]:
    """An identifier written as an object key, in one of several shapes."""
    shape = i % 7
    if shape == 0:
        email = p.email()
        return email, Plant("email", email)
    if shape in (1, 2):
        phone = p.phone()
        return (phone.e164 if shape == 1 else phone.national), Plant("phone", phone.digits)
    first, last = p.name()
    plant = Plant("name", f"{first} {last}".lower())
    if shape == 3:
        return f"{first} {last}", plant
    if shape == 4:
        return f"{first}.{last}".lower(), plant
    if shape == 5:
        return f"{first}_{last}".lower(), plant
    return f"@{first}{last}".lower(), plant


def object_keys(p: People, i: int) -> Case:
    key, plant = _key_identifier(p, i)
    where = (i // 7) % 5
    base: dict[str, Any] = {"event_id": p.uuid()}
    if where == 0:
        event = {**base, "properties": {"recipients": {key: {"opened": True}}}}
        return Case(
            "object_keys", "analytics.properties.nested", "analytics_events", event, (plant,)
        )
    if where == 1:
        container = {"email": "emails", "phone": "phones", "name": "contacts"}[plant.kind]
        event = {**base, "properties": {container: {key: 1}}}
        return Case("object_keys", "under a hinting key", "analytics_events", event, (plant,))
    if where == 2:
        body = json.dumps({"data": {key: "ok"}, "Event": "StartApp"})
        event = {**base, "request": {"method": "POST", "body": body}}
        return Case("object_keys", "json webhook body", "notification_logs", event, (plant,))
    if where == 3:
        event = {**base, key: True}
        return Case("object_keys", "top-level unknown field", "analytics_events", event, (plant,))
    # a value over the string limit under the key: the rejection names the path
    event = {**base, "properties": {"seen": {key: "x" * 70_000}}}
    return Case("object_keys", "rejected: path of the key", "analytics_events", event, (plant,))


def event_ids(p: People, i: int) -> Case:
    shape = i % 6
    phone = p.phone()
    email = p.email()
    first, last = p.name()
    ts = 1_700_000_000 + i
    ids = [
        (f"sms-{phone.e164}-{ts}", Plant("phone", phone.digits)),
        (f"{email}:{i}", Plant("email", email)),
        (f"call_{phone.digits}_{ts}", Plant("phone", phone.digits)),
        (f"{first}.{last}-{i}".lower(), Plant("name", f"{first} {last}".lower())),
        (f"wa:{phone.e164}", Plant("phone", phone.digits)),
        (f"{email}", Plant("email", email)),
    ]
    event_id, plant = ids[shape]
    stream: StreamName = ("call_logs", "notification_logs", "analytics_events")[i % 3]
    event: dict[str, Any] = {"event_id": event_id}
    rejected = (i // 6) % 2 == 1
    if rejected:  # a contract error: the dead letter carries the id
        if stream == "call_logs":
            event["call_direction"] = {"not": "a string"}
        elif stream == "notification_logs":
            event["response"] = {"status": "not a number"}
        else:
            event["event_type"] = ["not", "a", "string"]
    return Case("event_id", "rejected" if rejected else "sanitized", stream, event, (plant,))


def urls(p: People, i: int) -> Case:
    shape = i % 8
    email = p.email()
    phone = p.phone()
    first, last = p.name()
    name = Plant("name", f"{first} {last}".lower())
    host = "https://shop.example.com"
    rules: list[tuple[str, str, Plant]] = [
        ("email as bare parameter", f"{host}/confirm?{email}", Plant("email", email)),
        ("email as parameter name", f"{host}/confirm?{email}=1&step=2", Plant("email", email)),
        (
            "base64 e-mail in kept value",
            f"{host}/l?utm_content={_b64(email, i % 2 == 0)}",
            Plant("email", email),
        ),
        (
            "base64 phone in kept value",
            f"{host}/l?ref={_b64(phone.e164, i % 2 == 0)}",
            Plant("phone", phone.digits),
        ),
        ("name slug with hyphen", f"{host}/u/{first.lower()}-{last.lower()}", name),
        ("name slug with underscore", f"{host}/profile/{first.lower()}_{last.lower()}/edit", name),
        ("name slug with dot", f"{host}/people/{first.lower()}.{last.lower()}", name),
        ("phone as parameter name", f"{host}/cb?{phone.e164}&page=1", Plant("phone", phone.digits)),
    ]
    rule, url, plant = rules[shape]
    event = {"event_id": p.uuid(), "event_type": "page_view", "url": url}
    return Case("urls", rule, "analytics_events", event, (plant,))


_HEADER_CORES = (
    "Api-Key",
    "Access-Token",
    "Auth-Token",
    "Session-Id",
    "Device-Id",
    "Client-Secret",
    "Signature",
    "Cookie",
    "Cookie2",
    "Refresh-Token",
    "Csrf-Token",
    "Hub-Signature-256",
    "Session",
    "Auth",
)
_HEADER_PREFIXES = ("", "X-", "X-Forwarded-", "X-Client-", "X-Shopify-", "X-App-")


def headers(p: People, i: int) -> Case:
    core = _HEADER_CORES[i % len(_HEADER_CORES)]
    prefix = _HEADER_PREFIXES[(i // len(_HEADER_CORES)) % len(_HEADER_PREFIXES)]
    name = prefix + core
    if i % 3 == 1:
        name = name.lower()
    elif i % 3 == 2:
        name = name.upper()
    secret = p.secret(24 + i % 16)
    where = "request" if i % 2 == 0 else "response"
    event = {
        "event_id": p.uuid(),
        where: {"headers": {"Content-Type": "application/json", name: secret}},
    }
    return Case("headers", core, "notification_logs", event, (Plant("secret", secret),))


_BODY_KEYS = (
    "password",
    "passwd",
    "api_key",
    "apiKey",
    "auth_token",
    "client_secret",
    "access_token",
    "Password",
    "secret",
    "AuthToken",
)


def _jwt(p: People) -> str:
    head = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}), True)
    body = _b64(json.dumps({"sub": p.secret(8), "iat": 1_700_000_000}), True)
    return f"{head}.{body}.{p.secret(43, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_')}"


def credentials(p: People, i: int) -> Case:
    shape = i % 10
    base: dict[str, Any] = {"event_id": p.uuid()}
    if shape in (0, 1):
        key = _BODY_KEYS[(i // 10) % len(_BODY_KEYS)]
        secret = p.secret(20 + i % 12)
        if shape == 0:
            body = f"From=%2B14155550100&To=%2B14155550111&{key}={secret}&CallStatus=ringing"
            rule = "form body top-level key"
        else:
            body = json.dumps({"Event": "Hangup", key: secret})
            rule = "json body top-level key"
        event = {**base, "request": {"method": "POST", "body": body}}
        return Case("credentials", rule, "notification_logs", event, (Plant("secret", secret),))
    hex_chars = "0123456789abcdef"
    upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    texts: list[tuple[str, str, str]] = [
        ("bearer in text", (tok := p.secret(40)), f"retrying with Authorization: Bearer {tok} now"),
        ("stripe key", (tok := "sk_live_" + p.secret(24)), f"the key {tok} was rotated"),
        ("aws key id", (tok := "AKIA" + p.secret(16, upper)), f"aws id {tok} in config"),
        ("github token", (tok := "ghp_" + p.secret(36)), f"push failed for token {tok}"),
        ("jwt", (tok := _jwt(p)), f"session {tok} expired"),
        (
            "private key block",
            (tok := p.secret(64)),
            f"-----BEGIN RSA PRIVATE KEY-----\nMIIEow{tok}\n{p.secret(64)}\n-----END RSA PRIVATE KEY-----",
        ),
        ("password= in text", (tok := p.secret(14)), f"login failed user=ops password={tok}"),
        ("hex api_key in text", (tok := p.secret(32, hex_chars)), f'{{"api_key": "{tok}"}} sent'),
    ]
    rule, secret, text = texts[shape - 2]
    if i % 2 == 0:
        event = {**base, "properties": {"message": text}}
        return Case("credentials", rule, "analytics_events", event, (Plant("secret", secret),))
    event = {**base, "request": {"method": "POST", "body": text}}
    return Case("credentials", rule, "notification_logs", event, (Plant("secret", secret),))


def _name_shape(first: str, last: str, shape: int) -> tuple[str, str, Plant]:
    """A person written as one name of structure: initials, joined words (rule, text, plant)."""
    g, s_ = first.lower(), last.lower()
    whole = Plant("name", f"{g} {s_}")
    initial = Plant("name", f"{g[0]} {s_}")
    shapes = [
        ("initial.surname", f"{g[0]}.{s_}", initial),
        ("initial_surname", f"{g[0]}_{s_}", initial),
        ("surname_initial", f"{s_}_{g[0]}", Plant("name", f"{s_} {g[0]}")),
        ("InitialSurname", f"{first[0].upper()}{last}", initial),
        ("GivenSurname", f"{first}{last}", whole),
        ("givensurname", f"{g}{s_}", whole),
    ]
    return shapes[shape % len(shapes)]


def names_in_structure(p: People, i: int) -> Case:
    """Names as object keys, header names and XML element or attribute names."""
    first, last = p.name()
    rule, text, plant = _name_shape(first, last, i)
    where = (i // 6) % 4
    base: dict[str, Any] = {"event_id": p.uuid()}
    if where == 0:
        event = {**base, "properties": {"seen": {text: 1}}}
        return Case("names_in_structure", f"key {rule}", "analytics_events", event, (plant,))
    if where == 1:
        event = {**base, "request": {"headers": {f"X-{text}": "1"}}}
        return Case("names_in_structure", f"header {rule}", "notification_logs", event, (plant,))
    xml = (
        f"<Response><{text}>hi</{text}></Response>"
        if where == 2
        else f'<Response><Speak {text}="1">hi</Speak></Response>'
    )
    event = {**base, "response": {"status": 200, "body": xml}}
    kind = "xml tag" if where == 2 else "xml attribute"
    return Case("names_in_structure", f"{kind} {rule}", "notification_logs", event, (plant,))


STRUCTURAL: dict[str, Rule] = {
    "object_keys": object_keys,
    "event_id": event_ids,
    "urls": urls,
    "headers": headers,
    "credentials": credentials,
    "names_in_structure": names_in_structure,
}
