"""Raw `call_logs` events: Plivo call detail records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pipeline.corpus import catalog
from pipeline.corpus.builder import Labels, blank_some
from pipeline.corpus.forms import Fragment
from pipeline.corpus.labels import LabelledEvent
from pipeline.corpus.people import NameStyle, Person
from pipeline.corpus.phones import Phone, PhoneStyle
from pipeline.corpus.sources import Sources
from pipeline.corpus.text import Text

MISSING_RATE = 0.02
_RATES = ("0.00450", "0.00850", "0.01200", "0.02500", "0.11000")
_CNAM_PLACEHOLDERS = ("WIRELESS CALLER", "UNAVAILABLE", "ANONYMOUS", "")
_SIP_DOMAINS = ("phone.plivo.com", "sip.example.com", "trunk.voxly.io")


def _number(src: Sources, labels: Labels, path: str, phone: Phone) -> str:
    """A party of the call: E.164, Plivo's bare digits, a national number or a SIP URI."""
    rng = src.rng
    roll = rng.random()
    if roll < 0.12:
        host: str | Fragment = (
            src.ids.ip(v6_share=0.0) if rng.random() < 0.5 else rng.choice(_SIP_DOMAINS)
        )
        port = ":5060" if isinstance(host, Fragment) and rng.random() < 0.5 else ""
        return labels.text(path, Text.of("sip:", phone.fragment("e164"), "@", host, port))
    style: PhoneStyle = "e164" if roll < 0.5 else "digits_cc" if roll < 0.8 else "national"
    return labels.plant(path, phone.fragment(style))


def _caller_name(src: Sources, labels: Labels, person: Person) -> str:
    rng = src.rng
    roll = rng.random()
    if roll < 0.2:
        return rng.choice(_CNAM_PLACEHOLDERS)
    style: NameStyle = "cnam" if roll < 0.5 else "last_first" if roll < 0.6 else "full"
    return labels.plant("caller_name", person.name(style))


def _recording_url(src: Sources, labels: Labels, account: Fragment) -> str:
    recording = Text.of(
        "https://media.plivo.com/v1/Account/", account, f"/Recording/{src.ids.uuid4()}.mp3"
    )
    if src.chance(0.4):
        recording = Text.of(recording, "?token=", src.ids.url_token())
    return labels.text("recording_url", recording)


def _iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def call_log(src: Sources) -> LabelledEvent:
    """One call detail record with its labels."""
    rng = src.rng
    labels = Labels()
    person = src.people.make()
    business = src.phones.make()
    account = src.ids.account_id()
    call_uuid = src.ids.uuid4()
    direction = rng.choice(("inbound", "outbound"))
    cause, code, answered = rng.choices(catalog.HANGUP_CAUSES, catalog.HANGUP_WEIGHTS)[0]
    started = src.timestamp()
    ring = dt.timedelta(seconds=rng.randint(1, 40))
    duration = rng.choice((rng.randint(1, 90), rng.randint(60, 2400))) if answered else 0
    answered_at = started + ring if answered else None
    ended = (answered_at or started + ring) + dt.timedelta(seconds=duration)
    billed = -(-duration // 60) * 60
    rate = rng.choice(_RATES)
    caller, callee = (
        (person.phone, business) if direction == "inbound" else (business, person.phone)
    )
    source_pool = catalog.HANGUP_SOURCES[:2] if answered else catalog.HANGUP_SOURCES

    event: dict[str, Any] = {
        "event_id": labels.keep("event_id", src.ids.uuid4()),
        "account_id": labels.plant("account_id", account),
        "call_uuid": call_uuid,
        "parent_call_uuid": src.ids.uuid4() if src.chance(0.2) else None,
        "from_number": _number(src, labels, "from_number", caller),
        "to_number": _number(src, labels, "to_number", callee),
        "caller_name": _caller_name(src, labels, person),
        "call_direction": labels.keep("call_direction", direction),
        "initiation_time": labels.keep("initiation_time", _iso(started)),
        "answer_time": _iso(answered_at),
        "end_time": labels.keep("end_time", _iso(ended)),
        "call_duration": labels.keep("call_duration", duration),
        "bill_duration": labels.keep("bill_duration", billed),
        "total_rate": labels.keep("total_rate", rate),
        "total_amount": labels.keep("total_amount", f"{Decimal(rate) * billed / 60:.5f}"),
        "hangup_cause_name": labels.keep("hangup_cause_name", cause),
        "hangup_cause_code": labels.keep("hangup_cause_code", code),
        "hangup_source": labels.keep("hangup_source", rng.choice(source_pool)),
        "resource_uri": labels.text(
            "resource_uri", Text.of("/v1/Account/", account, f"/Call/{call_uuid}/")
        ),
        "recording_url": _recording_url(src, labels, account)
        if answered and src.chance(0.5)
        else None,
    }
    if answered_at is not None:
        labels.keep("answer_time", event["answer_time"])
    blank_some(event, labels, rng, MISSING_RATE, [key for key in event if key != "event_id"])
    return labels.labelled("call_logs", event)
