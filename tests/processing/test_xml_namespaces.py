"""Identifiers in XML namespace URIs: the URI is written back as an `xmlns` declaration, so it
is cleaned like a URL; ordinary namespaces come out as they went in."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pipeline.engine import Engine
from pipeline.outcome import Sanitized
from tests.engine_fixture import engine  # noqa: F401 - session fixture

# (identifier, how it sits in a URI): built from shapes, fictional values
IDENTIFIERS = ["ann.lee@example.org", "+14155550142", "4155550199", "maria-garcia"]
URIS = [
    "http://example.com/ns/{}",
    "https://schemas.example.net/{}/v1",
    "urn:acme:caller:{}",
    "http://example.com/ns?owner={}",
]
# where the namespace is used: default namespace, a prefixed element, a prefixed attribute
PLACES = [
    '<Response xmlns="{uri}"><Speak>hi</Speak></Response>',
    '<Response xmlns:x="{uri}"><x:Note>hi</x:Note><Speak>there</Speak></Response>',
    '<Response xmlns:x="{uri}"><Speak x:lang="en">hi</Speak></Response>',
]
CASES = [
    (place.format(uri=uri.format(value)), value)
    for k, value in enumerate(IDENTIFIERS)
    for j, uri in enumerate(URIS)
    for place in [PLACES[(k + j) % 3]]
]


def _one(engine: Engine, body: str) -> Sanitized:  # noqa: F811
    event: dict[str, Any] = {"event_id": "f" * 32, "response": {"body": body}}
    [outcome] = engine.process("notification_logs", [json.dumps(event)])
    assert isinstance(outcome, Sanitized), outcome
    return outcome


@pytest.mark.parametrize(("body", "value"), CASES)
def test_identifier_in_a_namespace_uri_never_reaches_the_output(
    engine: Engine,  # noqa: F811
    body: str,
    value: str,
) -> None:
    out = _one(engine, body)
    clear = json.dumps([out.record, [(v.path, v.entity_type) for v in out.vault]])
    digits = "".join(c for c in value if c.isdigit())
    for part in [value, *value.replace("-", ".").split("."), digits]:
        if len(part) >= 4:
            assert part not in clear
    cleaned = out.record["response"]["body"]
    assert "xmlns" in cleaned and ">hi<" in cleaned  # the document stays a document


@pytest.mark.parametrize(
    "uri",
    [
        "http://www.w3.org/2001/XMLSchema-instance",
        "http://www.w3.org/2005/Atom",
        "urn:ietf:params:xml:ns:xmpp-stanzas",
        "http://schemas.xmlsoap.org/soap/envelope/",
    ],
)
def test_ordinary_namespace_uris_are_kept(engine: Engine, uri: str) -> None:  # noqa: F811
    out = _one(engine, f'<Response xmlns:x="{uri}"><Speak x:lang="en">hi</Speak></Response>')
    assert f'="{uri}"' in out.record["response"]["body"]
    assert not out.vault


def test_namespaced_plivo_elements_keep_their_meaning(engine: Engine) -> None:  # noqa: F811
    body = (
        '<Response xmlns="urn:example:plivo"><Dial><Number>+14155550142</Number></Dial></Response>'
    )
    out = _one(engine, body)
    assert "PHONE_NUMBER:US" in out.record["response"]["body"]
    assert [(v.path, v.entity_type) for v in out.vault] == [
        ("response.body<Number>", "PHONE_NUMBER")
    ]
