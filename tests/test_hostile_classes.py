"""Per class of the adversarial review: generated variants (many per rule) leak nothing.

The cases come from `pipeline.hostile` rules (shapes, containers, encodings), drawn with a
seed the `pii-pipeline hostile` report does not use.
"""

from __future__ import annotations

import json

import pytest

from pipeline.engine import Engine
from pipeline.hostile.measure import case_leaks, detection_only, generate
from pipeline.outcome import Sanitized
from tests.engine_fixture import engine  # noqa: F401 - session fixture

DEFENDED = [
    "object_keys",
    "event_id",
    "urls",
    "headers",
    "credentials",
    "encodings",
    "caseless_scripts",
]


@pytest.mark.parametrize("cls", DEFENDED)
def test_no_generated_variant_leaks(engine: Engine, cls: str) -> None:  # noqa: F811
    # without the free-text release, which would withhold rare texts whatever was found
    detection = detection_only(engine)
    leaks = [
        (case.rule, case.plants[0].kind)
        for case in generate(cls, 84, seed=11)
        if case_leaks(detection, case)[0]
    ]
    assert leaks == []


def _one(engine: Engine, stream: str, event: dict[str, object]) -> Sanitized:  # noqa: F811
    [outcome] = engine.process(stream, [json.dumps(event)])  # type: ignore[arg-type]
    assert isinstance(outcome, Sanitized), outcome
    return outcome


def test_names_in_structure_leak_only_where_the_rules_see_no_name(engine: Engine) -> None:  # noqa: F811
    # keys, header names, XML element and attribute names holding a person; the rules leave on
    # purpose: an everyday word of few locales as the surname (`m_strong`), a word-letter
    # `a`/`i` before an everyday word or a surname of few locales (`a_white` is also a
    # phrase), surnames the lexicon does not hold
    detection = detection_only(engine)
    lexicon = engine.detector.lexicon
    unexpected = []
    cases = generate("names_in_structure", 84, seed=11)
    for case in cases:
        if not case_leaks(detection, case)[0]:
            continue
        first, last = case.plants[0].value.split(" ", 1)
        initial, surname = (last, first) if len(last) == 1 else (first, last)
        # written as a capital (`ASmith`) an initial is an initial
        word_initial = (
            len(initial) == 1 and initial in "aiuo" and not case.rule.endswith("InitialSurname")
        )
        few_locales = not lexicon.is_widespread_last(surname)
        known = (
            (lexicon.is_common(surname) and few_locales)
            or (len(surname) > 2 and not lexicon.is_last(surname))
            or (len(surname) == 2 and not any(c in "aeiouy" for c in surname))
            or (word_initial and (lexicon.is_common(surname) or few_locales))
        )
        if not known:
            unexpected.append((case.rule, case.plants[0].value))
    assert unexpected == []
    assert len(cases) == 84


def test_identifier_keys_become_placeholders_in_record_and_vault_paths(engine: Engine) -> None:  # noqa: F811
    event = {
        "event_id": "a" * 32,
        "properties": {"emails": {"ann.lee@example.com": True, "bo.ray@example.org": False}},
    }
    out = _one(engine, "analytics_events", event)
    emails = out.record["properties"]["emails"]
    assert sorted(emails) == ["<EMAIL_ADDRESS>", "<EMAIL_ADDRESS>#2"]  # no collision, no loss
    assert sorted(emails.values()) == [False, True]
    paths = sorted(v.path for v in out.vault)
    assert paths == ["properties.emails.<EMAIL_ADDRESS>", "properties.emails.<EMAIL_ADDRESS>#2"]


@pytest.mark.parametrize(
    "key",
    ["kevin_wu", "j.smith", "smith_j", "JSmith", "KevinWu", "m_garcia", "mariagarcia", "mgarcia"],
)
def test_names_as_initials_short_surnames_or_joined_words_are_keys_no_more(
    engine: Engine,  # noqa: F811
    key: str,
) -> None:
    event = {"event_id": "d" * 32, "properties": {"seen": {key: 3}}}
    out = _one(engine, "analytics_events", event)
    assert out.record["properties"]["seen"] == {"<PERSON>": 3}
    assert [v.path for v in out.vault] == ["properties.seen.<PERSON>"]
    assert key not in json.dumps(out.record)


@pytest.mark.parametrize(
    "key",
    [
        "utm_source",
        "page_type",
        "CallStatus",
        "first_name",
        "@type",
        "opened",
        "x_contact",
        # field vocabulary beside given names and single letters: no people
        "max_id",
        "el_id",
        "a_date",
        "i_love",
        "linkedin",
        "api_v2",
        "x_y",
    ],
)
def test_schema_like_keys_are_kept(engine: Engine, key: str) -> None:  # noqa: F811
    out = _one(engine, "analytics_events", {"event_id": "b" * 32, "properties": {key: 3}})
    assert key in out.record["properties"]


@pytest.mark.parametrize(
    ("header", "kept"),
    [
        ("Content-Type", True),
        ("Accept-Language", True),
        ("X-Request-Id", True),
        ("X-Api-Key", False),
        ("X-Widget-Token", False),
        ("Cookie2", False),
        ("X-Forwarded-Cookie", False),
        ("X-Device-Id", False),
        ("X-Session", False),
    ],
)
def test_headers_dropped_by_pattern_kept_by_allow_list(
    engine: Engine,  # noqa: F811
    header: str,
    kept: bool,
) -> None:
    event = {"event_id": "c" * 32, "request": {"headers": {header: "v4lue-0f-the-header"}}}
    out = _one(engine, "notification_logs", event)
    assert (header in out.record["request"]["headers"]) is kept


def test_header_names_holding_identifiers_are_cleaned_like_keys(engine: Engine) -> None:  # noqa: F811
    headers = {
        "X-maria.garcia@example.org": "1",
        "X-Kevin-Wu": "2",
        "X-Caller-14155550123": "3",
        "X-Custom-Thing": "4",
        "Content-Type": "text/plain",
    }
    event = {"event_id": "c" * 32, "request": {"headers": headers}}
    out = _one(engine, "notification_logs", event)
    assert out.record["request"]["headers"] == {
        "<EMAIL_ADDRESS>": "1",
        "<PERSON>": "2",
        "X-Caller-<PHONE_NUMBER>": "3",
        "X-Custom-Thing": "4",
        "Content-Type": "text/plain",
    }
    dumped = json.dumps([out.record, [v.path for v in out.vault]])
    for raw in ("maria", "Kevin", "14155550123"):
        assert raw not in dumped


def test_xml_tag_and_attribute_names_holding_identifiers_are_cleaned(engine: Engine) -> None:  # noqa: F811
    body = (
        "<Response><Speak>hello</Speak><maria.garcia>x</maria.garcia>"
        '<Speak j.smith="v" kevin_wu="w" voice="WOMAN">there</Speak><Custom /></Response>'
    )
    event = {"event_id": "e" * 32, "response": {"status": 200, "body": body}}
    out = _one(engine, "notification_logs", event)
    cleaned = out.record["response"]["body"]
    assert cleaned == (
        "<Response><Speak>hello</Speak><PERSON>x</PERSON>"
        '<Speak voice="WOMAN" PERSON="v" PERSON_2="w">there</Speak><Custom /></Response>'
    )
    paths = sorted(v.path for v in out.vault)
    assert paths == [
        "response.body<PERSON>",
        "response.body<Speak>@PERSON",
        "response.body<Speak>@PERSON_2",
    ]


@pytest.mark.parametrize(
    "event_id",
    [
        "3f2b8c4e-1d2a-4b7c-9e8f-0a1b2c3d4e5f",
        "01ARZ3NDEKTSV4RRFFQ69G5FAV",
        "9f86d081884c7d65",
        "evt-call-1",
        "ok",
    ],
)
def test_safe_event_ids_are_kept(engine: Engine, event_id: str) -> None:  # noqa: F811
    out = _one(engine, "call_logs", {"event_id": event_id})
    assert out.event_id == out.record["event_id"] == event_id
    assert not [v for v in out.vault if v.entity_type == "EVENT_ID"]


def test_unsafe_event_id_is_a_stable_token_with_the_original_vaulted(engine: Engine) -> None:  # noqa: F811
    raw = "sms-+447700900123-1700000000"
    first = _one(engine, "call_logs", {"event_id": raw})
    again = _one(engine, "call_logs", {"event_id": raw, "call_direction": "inbound"})
    assert first.event_id == again.event_id != raw  # still a join key
    assert first.event_id.startswith("tok_")
    [kept] = [v for v in first.vault if v.entity_type == "EVENT_ID"]
    assert kept.path == "event_id" and kept.event_id == first.event_id
    assert engine.cipher.open(kept) == raw
    # processing the sanitized record again keeps the token
    assert _one(engine, "call_logs", {"event_id": first.event_id}).event_id == first.event_id
