"""Generators for text classes: encodings and obfuscation, caseless scripts."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from pipeline.hostile.case import Case, Plant
from pipeline.hostile.people import CASELESS_LOCALES, People
from pipeline.hostile.structural import Rule

_FORMAT_CHARS = {
    "zero-width space": "\u200b",
    "soft hyphen": "\u00ad",
    "word joiner": "\u2060",
    "zero-width joiner": "\u200d",
}
# Latin letter → a Cyrillic or Greek letter drawn the same
_CONFUSABLE = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "i": "і"}
_DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEMPLATES = (
    "please call me back on {} after six",
    "my details: {} thanks",
    "reach the customer at {}",
    "{} is the contact for the refund",
)


def _spell(digits: str, alt_zero: bool) -> str:
    """Digits as a transcript writes them: "oh six eight one double zero"."""
    words: list[str] = []
    i = 0
    while i < len(digits):
        d = digits[i]
        word = "oh" if d == "0" and alt_zero else _DIGIT_WORDS[int(d)]
        run = 1
        while i + run < len(digits) and digits[i + run] == d and run < 3:
            run += 1
        if run == 3:
            words.append(f"triple {word}")
        elif run == 2:
            words.append(f"double {word}")
        else:
            words.append(word)
        i += run
    return " ".join(words)


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _entities(text: str, hexa: bool) -> str:
    return "".join(
        (f"&#x{ord(c):x};" if hexa else f"&#{ord(c)};") if c in "@.+" or c.isdigit() else c
        for c in text
    )


def _text_event(p: People, i: int, text: str) -> tuple[str, dict[str, Any]]:
    base: dict[str, Any] = {"event_id": p.uuid()}
    if i % 2 == 0:
        return "analytics_events", {**base, "properties": {"comment": text}}
    body = json.dumps({"Event": "Transcription", "TranscriptionText": text})
    return "notification_logs", {**base, "request": {"method": "POST", "body": body}}


def encodings(p: People, i: int) -> Case:
    shape = i % 14
    email = p.email()
    phone = p.phone()
    local, domain = email.split("@")
    plant_email, plant_phone = Plant("email", email), Plant("phone", phone.digits)
    template = _TEMPLATES[(i // 14) % len(_TEMPLATES)]
    char_name, char = list(_FORMAT_CHARS.items())[(i // 14) % len(_FORMAT_CHARS)]
    if shape == 0:
        return _in_text(
            p,
            i,
            "html entities in e-mail",
            template.format(_entities(email, i % 2 == 1)),
            plant_email,
        )
    if shape == 1:
        return _in_text(
            p,
            i,
            "html entities in phone",
            template.format(_entities(phone.e164, i % 2 == 1)),
            plant_phone,
        )
    if shape == 2:  # percent-encoding inside a JSON body (not a form)
        body = json.dumps({"Event": "Message", "Text": template.format(quote(email, safe=""))})
        event = {"event_id": p.uuid(), "request": {"method": "POST", "body": body}}
        return Case(
            "encodings",
            "percent-encoded e-mail in json body",
            "notification_logs",
            event,
            (plant_email,),
        )
    if shape == 3:
        body = json.dumps({"Event": "Message", "Text": template.format(quote(phone.e164, safe=""))})
        event = {"event_id": p.uuid(), "request": {"method": "POST", "body": body}}
        return Case(
            "encodings",
            "percent-encoded phone in json body",
            "notification_logs",
            event,
            (plant_phone,),
        )
    if shape == 4:
        spread = char.join(phone.national)
        return _in_text(p, i, f"{char_name} inside phone", template.format(spread), plant_phone)
    if shape == 5:
        spread = local[:3] + char + local[3:] + char + "@" + domain
        return _in_text(p, i, f"{char_name} inside e-mail", template.format(spread), plant_email)
    if shape == 6:
        spaced = phone.national.replace(" ", "\u202f")
        digits = spaced if "\u202f" in spaced else "\u202f".join([spaced[:4], spaced[4:]])
        return _in_text(
            p, i, "narrow no-break space in phone", template.format(digits), plant_phone
        )
    if shape == 7:
        return _in_text(p, i, "full-width e-mail", template.format(_fullwidth(email)), plant_email)
    if shape == 8:
        return _in_text(
            p, i, "full-width phone", template.format(_fullwidth(phone.e164)), plant_phone
        )
    if shape == 9:
        swapped = "".join(_CONFUSABLE.get(c, c) if k % 2 == 0 else c for k, c in enumerate(local))
        return _in_text(
            p, i, "confusables in e-mail", template.format(f"{swapped}@{domain}"), plant_email
        )
    if shape == 10:
        styles = [
            f"{local} at {domain.replace('.', ' dot ')}",
            f"{local}[at]{domain}",
            f"{local} (at) {domain.replace('.', ' (dot) ')}",
            f"{local} AT {domain.replace('.', ' DOT ')}",
        ]
        style = styles[(i // 14) % len(styles)]
        return _in_text(p, i, "at/dot e-mail", template.format(style), plant_email)
    if shape == 11:
        digits = "0" + phone.digits if (i // 14) % 2 == 0 else phone.digits
        spoken = _spell(digits, alt_zero=(i // 28) % 2 == 0)
        return _in_text(p, i, "spelled-out number", template.format(spoken), plant_phone)
    if shape == 12:  # SSML: the number split across elements
        d = phone.e164
        parts = [d[:4], d[4:8], d[8:]]
        ssml = (
            "<Response><Speak>Your callback number is "
            + '<break time="300ms"/>'.join(
                f'<say-as interpret-as="telephone">{x}</say-as>' for x in parts
            )
            + "</Speak></Response>"
        )
        event = {"event_id": p.uuid(), "response": {"status": 200, "body": ssml}}
        return Case(
            "encodings", "ssml: number across say-as", "notification_logs", event, (plant_phone,)
        )
    d = phone.national.replace(" ", "")
    ssml = (
        "<Response>"
        + "".join(f"<Speak>{x}</Speak>" for x in (d[:3], d[3:6], d[6:]))
        + "<Speak>thank you</Speak></Response>"
    )
    event = {"event_id": p.uuid(), "response": {"status": 200, "body": ssml}}
    return Case(
        "encodings", "ssml: number across speak", "notification_logs", event, (plant_phone,)
    )


def _in_text(p: People, i: int, rule: str, text: str, plant: Plant) -> Case:
    stream, event = _text_event(p, i, text)
    return Case("encodings", rule, stream, event, (plant,))  # type: ignore[arg-type]


_NAME_TEMPLATES = (
    "call back {} tomorrow about the order",
    "delivery for {} left at the front desk",
    "{} asked for a refund",
    "note from agent: spoke with {}",
)


def caseless(p: People, i: int) -> Case:
    scripts = list(CASELESS_LOCALES)
    script = scripts[i % len(scripts)]
    name = p.caseless_name(script)
    text = _NAME_TEMPLATES[(i // len(scripts)) % len(_NAME_TEMPLATES)].format(name)
    stream, event = _text_event(p, i, text)
    return Case("caseless_scripts", script, stream, event, (Plant("literal", name),))  # type: ignore[arg-type]


TEXTUAL: dict[str, Rule] = {"encodings": encodings, "caseless_scripts": caseless}
