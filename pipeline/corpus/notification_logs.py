"""Raw `notification_logs` events: one webhook exchange between Plivo and a customer server."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote_plus

from pipeline.corpus import catalog
from pipeline.corpus.builder import Labels, blank_some
from pipeline.corpus.forms import Fragment, dob_fragment
from pipeline.corpus.labels import LabelledEvent
from pipeline.corpus.message_templates import SPEECH_TRANSCRIPTS
from pipeline.corpus.people import Person, format_date
from pipeline.corpus.plivo_xml import response_xml
from pipeline.corpus.sources import Sources
from pipeline.corpus.text import Piece, Text, join

MISSING_RATE = 0.02
Param = tuple[str, Piece | Text]
_KINDS = ("answer", "hangup", "input", "status", "fallback")


def _digits_input(src: Sources, person: Person) -> Piece:
    """What a caller keyed in: a menu choice, or a card, SSN or birth date (real IVRs ask)."""
    roll = src.rng.random()
    if roll < 0.3:
        return src.money.card("")
    if roll < 0.55:
        return src.money.ssn("")
    if roll < 0.75:
        return dob_fragment(format_date(person.birth, "digits"), person.birth.isoformat())
    return str(src.rng.randint(0, 9))


def _params(
    src: Sources, person: Person, account: Fragment, call_uuid: str, kind: str
) -> list[Param]:
    """Plivo callback parameters of one callback kind."""
    rng = src.rng
    business = src.phones.make()
    params: list[Param] = [
        ("From", person.phone.fragment("e164")),
        ("To", business.fragment(rng.choice(("e164", "digits_cc")))),
        ("CallUUID", call_uuid),
        ("Direction", rng.choice(("inbound", "outbound"))),
        ("CallStatus", rng.choice(catalog.CALL_STATUSES)),
    ]
    if rng.random() < 0.7:
        params.append(("CallerName", person.name(rng.choice(("full", "cnam", "first")))))
    if rng.random() < 0.3:
        params.append(("ParentAuthID", account))
    if kind == "hangup":
        cause, code, _ = rng.choices(catalog.HANGUP_CAUSES, catalog.HANGUP_WEIGHTS)[0]
        duration = rng.randint(0, 900)
        params += [
            ("Duration", str(duration)),
            ("BillDuration", str(-(-duration // 60) * 60)),
            ("HangupCause", cause),
            ("HangupCauseCode", str(code)),
        ]
    elif kind == "input":
        if rng.random() < 0.6:
            params += [("InputType", "dtmf"), ("Digits", _digits_input(src, person))]
        else:
            transcript = src.sentence(SPEECH_TRANSCRIPTS, person).mapped(str.lower)
            params += [("InputType", "speech"), ("Speech", transcript)]
    return params


def _form(params: list[Param]) -> Text:
    return join(
        "&", (Text.of(f"{key}=", Text.of(value).mapped(quote_plus)) for key, value in params)
    )


def _json(labels: Labels, path: str, params: list[Param]) -> str:
    body = {key: Text.of(value) for key, value in params}
    for text in body.values():
        labels.text(path, text)
    return json.dumps({key: text.string for key, text in body.items()}, ensure_ascii=False)


def _url(
    src: Sources, labels: Labels, person: Person, account: Fragment, query: Text | None
) -> str:
    rng = src.rng
    path = labels.keep("request.url", rng.choice(catalog.WEBHOOK_PATHS), "contains")
    url = Text.of(f"https://{rng.choice(catalog.WEBHOOK_HOSTS)}{path}")
    extras: list[Text] = []
    roll = rng.random()
    if roll < 0.1:
        extras.append(Text.of("account=", account))
    elif roll < 0.2:
        email = person.email_address()
        extras.append(Text.of("notify=", email.mapped(quote_plus) if rng.random() < 0.6 else email))
    elif roll < 0.3:
        extras.append(Text.of("token=", src.ids.url_token()))
    if query is not None:
        extras.append(query)
    if extras:
        url = Text.of(url, "?", join("&", extras))
    return labels.text("request.url", url)


def _headers(src: Sources, labels: Labels, content_type: str | None) -> dict[str, str]:
    rng = src.rng
    prefix = "request.headers."
    headers: dict[str, str] = {}
    if content_type is not None:
        headers["Content-Type"] = labels.keep(prefix + "Content-Type", content_type)
    headers["User-Agent"] = labels.keep(prefix + "User-Agent", catalog.WEBHOOK_USER_AGENT)
    headers["X-Plivo-Signature-V3"] = labels.plant(
        prefix + "X-Plivo-Signature-V3", src.ids.signature()
    )
    headers["X-Plivo-Signature-V3-Nonce"] = labels.plant(
        prefix + "X-Plivo-Signature-V3-Nonce", src.ids.nonce()
    )
    if rng.random() < 0.3:
        headers["Authorization"] = labels.plant(prefix + "Authorization", src.ids.authorization())
    if rng.random() < 0.2:
        cookie = Text.of(
            "session=", src.ids.session_token(), "; ajs_anonymous_id=", src.ids.cookie_id()
        )
        headers["Cookie"] = labels.text(prefix + "Cookie", cookie)
    if rng.random() < 0.25:
        forwarded = Text.of(src.ids.ip(), ", 10.0.3.17")
        headers["X-Forwarded-For"] = labels.text(prefix + "X-Forwarded-For", forwarded)
    return headers


def _response(src: Sources, labels: Labels, person: Person, kind: str) -> dict[str, Any]:
    rng = src.rng
    status = rng.choices((200, 204, 302, 404, 500, 503), (80, 6, 2, 4, 6, 2))[0]
    headers: dict[str, str] = {}
    if status == 200 and kind in ("answer", "input", "fallback"):
        content_type = rng.choice(catalog.XML_CONTENT_TYPES)
        body = response_xml(src, labels, person, "response.body")
    elif status in (200, 204):
        content_type, body = "text/plain", "" if status == 204 else rng.choice(("OK", "ok", ""))
    else:
        content_type = "text/html"
        body = {302: "", 404: "Not Found", 500: "Internal Server Error"}.get(status, "")
    headers["Content-Type"] = labels.keep("response.headers.Content-Type", content_type)
    if rng.random() < 0.4:
        cache = rng.choice(catalog.CACHE_CONTROLS)
        headers["Cache-Control"] = labels.keep("response.headers.Cache-Control", cache)
        # the response forbids caching: bodies are dropped, their benign text included
        labels.expect_dropped("response.body")
    if rng.random() < 0.1:
        cookie = Text.of("sid=", src.ids.session_token(), "; Path=/; HttpOnly; Secure")
        headers["Set-Cookie"] = labels.text("response.headers.Set-Cookie", cookie)
    return {"status": labels.keep("response.status", status), "headers": headers, "body": body}


def notification_log(src: Sources) -> LabelledEvent:
    """One webhook request and its response, with labels."""
    rng = src.rng
    labels = Labels()
    person = src.people.make()
    account = src.ids.account_id()
    call_uuid = src.ids.uuid4()
    kind = rng.choice(_KINDS)
    params = _params(src, person, account, call_uuid, kind)
    method = "GET" if rng.random() < 0.15 else "POST"
    encoding = "form" if rng.random() < 0.7 else "json"
    if method == "GET":
        content_type, query = None, _form(params)
        body = ""
    elif encoding == "form":
        content_type, query = catalog.FORM_CONTENT_TYPE, None
        body = labels.text("request.body", _form(params))
    else:
        content_type, query = catalog.JSON_CONTENT_TYPE, None
        body = _json(labels, "request.body", params)
    request = {
        "method": labels.keep("request.method", method),
        "url": _url(src, labels, person, account, query),
        "headers": _headers(src, labels, content_type),
        "body": body,
    }
    event: dict[str, Any] = {
        "event_id": labels.keep("event_id", src.ids.uuid4()),
        "account_id": labels.plant("account_id", account),
        "call_uuid": call_uuid,
        "timestamp": labels.keep("timestamp", src.timestamp().isoformat()),
        "request": request,
        "response": _response(src, labels, person, kind),
        "latency_ms": labels.keep("latency_ms", rng.randint(12, 4000)),
    }
    if "Cache-Control" in event["response"]["headers"]:
        labels.expect_dropped("request.body")  # every CACHE_CONTROLS value forbids keeping bodies
    fields = [key for key in event if key != "event_id"]
    fields += [
        "request.url",
        "request.headers",
        "request.body",
        "response.headers",
        "response.body",
    ]
    blank_some(event, labels, rng, MISSING_RATE, fields)
    return labels.labelled("notification_logs", event)
