"""Every decoded layer of a record is bounded like the record: XML without entity expansion,
XML text and JSON bodies within the string, depth and number limits."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from pipeline.outcome import Outcome, Rejected, Sanitized

Process = Callable[[str, list[bytes]], list[Outcome]]


def _bomb(levels: int, fanout: int) -> str:
    lines = ['<!ENTITY e0 "+14155550123 ">']
    for i in range(1, levels):
        lines.append(f'<!ENTITY e{i} "' + f"&e{i - 1};" * fanout + '">')
    return (
        "<?xml version='1.0'?><!DOCTYPE r ["
        + "".join(lines)
        + f"]><r><Speak>&e{levels - 1};</Speak></r>"
    )


def _notification(response_body: str) -> bytes:
    return json.dumps(
        {"event_id": "x1", "response": {"status": 200, "body": response_body}}
    ).encode()


@pytest.mark.parametrize(("levels", "fanout"), [(1, 1), (2, 2), (5, 10), (8, 10)])
def test_xml_with_entity_declarations_is_refused(
    process: Process, levels: int, fanout: int
) -> None:
    [outcome] = process("notification_logs", [_notification(_bomb(levels, fanout))])
    assert isinstance(outcome, Rejected) and outcome.error_class == "undecodable"
    assert "14155550123" not in json.dumps(outcome.to_json())


def test_xml_with_an_external_entity_is_refused(process: Process) -> None:
    body = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'
    [outcome] = process("notification_logs", [_notification(body)])
    assert isinstance(outcome, Rejected) and outcome.error_class == "undecodable"


@pytest.mark.parametrize("where", ["text", "attribute", "tail"])
def test_xml_text_over_the_string_limit_is_too_large(process: Process, where: str) -> None:
    long = "word " * 14_000  # 70,000 characters, over max_string_chars inside a smaller body
    body = {
        "text": f"<Response><Speak>{long}</Speak></Response>",
        "attribute": f'<Response><Speak voice="{long}">hi</Speak></Response>',
        "tail": f"<Response><Speak>hi</Speak>{long}</Response>",
    }[where]
    [outcome] = process("notification_logs", [_notification(body)])
    assert isinstance(outcome, Rejected) and outcome.error_class == "too_large"


@pytest.mark.parametrize(
    ("body", "error_class"),
    [
        ('{"n": ' + "1" * 5000 + "}", None),  # not strict JSON: scanned as text, not a crash
        ('{"n": NaN}', None),
        ("[" * 5000 + "]" * 5000, "too_large"),
        ('{"a": "' + "x" * 70_000 + '"}', "too_large"),
    ],
)
def test_json_bodies_are_decoded_strictly_and_bounded(
    process: Process, body: str, error_class: str | None
) -> None:
    [outcome] = process("notification_logs", [_notification(body)])
    if error_class is None:
        assert isinstance(outcome, Sanitized)
        json.dumps(outcome.record, allow_nan=False).encode()
        assert (
            "NaN" not in outcome.record["response"]["body"]
            or outcome.record["response"]["body"] == body
        )
    else:
        assert isinstance(outcome, Rejected) and outcome.error_class == error_class
