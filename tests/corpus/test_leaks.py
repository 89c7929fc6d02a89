"""The leak checker: planted values found in every spelling, placeholders and safe text not."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.corpus import (
    STREAMS,
    Leak,
    Planted,
    SafeValue,
    Stream,
    find_leaks,
    generate,
    missing_safe,
)
from pipeline.corpus.forms import (
    address_fragment,
    digits_fragment,
    dob_fragment,
    email_fragment,
    iban_fragment,
    ip_fragment,
    name_fragment,
    phone_fragment,
    plain_fragment,
)
from pipeline.corpus.paths import segments

PHONE = phone_fragment("+14155550100", "+14155550100", "4155550100").planted("from_number")
EMAIL = email_fragment("Jane.Doe@Gmail.com").planted("properties.email")
NAME = name_fragment("Jean-Luc Müller", "Jean-Luc Müller").planted("caller_name")
ORDINARY_NAME = name_fragment("Mark Page", "Mark Page").planted("caller_name")
IPV4 = ip_fragment("81.2.69.160").planted("ip")
IPV6 = ip_fragment("2a02:8108::1").planted("ip")
IBAN = iban_fragment("DE89 3704 0044 0532 0130 00").planted("properties.bank")
CARD = digits_fragment("CREDIT_CARD", "4111 1111 1111 1111").planted("properties.card")
SSN = digits_fragment("US_SSN", "123-45-6789").planted("properties.ssn")
DOB = dob_fragment("12.03.1985", "1985-03-12").planted("properties.dob")
ADDRESS = address_fragment("221 Baker Street, London", "221 Baker Street").planted("notes")
SECRET = plain_fragment("URL_SECRET", "Basic cGxpdm86czNjcjN0", "cGxpdm86czNjcjN0").planted(
    "request.headers.Authorization"
)

LEAKING: list[tuple[Planted, Any]] = [
    (PHONE, {"from_number": "+14155550100"}),
    (PHONE, {"note": "call 415 555 0100 today"}),
    (PHONE, {"note": "(415) 555-0100"}),
    (PHONE, {"body": "From=%2B14155550100&To=x"}),
    (PHONE, {"n": 14155550100}),
    (EMAIL, {"email": "jane.doe@gmail.com"}),
    (EMAIL, {"url": "/reset?email=jane.doe%40gmail.com"}),
    (NAME, {"caller_name": "MÜLLER"}),
    (NAME, {"text": "hello luc, welcome"}),
    (NAME, {"text": "jean-luc müller's order"}),
    (NAME, {"text": "Jean-Luc+M%C3%BCller"}),
    (NAME, {"payload": '{"n": "M\\u00fcller"}'}),
    (ORDINARY_NAME, {"text": "Mark Page called"}),
    (IPV4, {"text": "login from 81.2.69.160."}),
    (IPV6, {"ip": "2a02:8108:0000:0000:0000:0000:0000:0001"}),
    (IBAN, {"bank": "DE89370400440532013000"}),
    (IBAN, {"bank": "de89 3704 0044 0532 0130 00"}),
    (CARD, {"card": "4111-1111-1111-1111"}),
    (SSN, {"ssn": "123 45 6789"}),
    (DOB, {"dob": "1985-03-12"}),
    (DOB, {"dob": "12/03/1985"}),
    (ADDRESS, {"notes": "ship to 221 baker street"}),
    (SECRET, {"headers": {"Authorization": "Basic cGxpdm86czNjcjN0"}}),
    (SECRET, {"list": ["x", "cGxpdm86czNjcjN0"]}),
]

CLEAN: list[tuple[Planted, Any]] = [
    (PHONE, {"from_number": "<PHONE_NUMBER>"}),
    (PHONE, {"from_country": "US", "line_type": "FIXED_LINE_OR_MOBILE"}),
    (PHONE, {"from_number": "***0100", "call_duration": 415}),
    (EMAIL, {"email": "<EMAIL_ADDRESS>", "domain": "gmail.com"}),
    (NAME, {"caller_name": "<PERSON>", "text": "Lucas called"}),
    (ORDINARY_NAME, {"event_type": "page_view", "title": "Page", "note": "mark it done"}),
    (IPV4, {"ip": "81.2.69.0/24"}),
    (IPV4, {"ip": "81.2.69.16"}),
    (IPV6, {"ip": "2a02:8108::/48"}),
    (CARD, {"card": "**** **** **** 1111"}),
    (DOB, {"birth_year": 1985}),
    (ADDRESS, {"city": "London", "street": "<STREET_ADDRESS>"}),
    (SECRET, {"headers": {}}),
]


@pytest.mark.parametrize(("planted", "sanitized"), LEAKING)
def test_a_surviving_planted_value_is_a_leak(planted: Planted, sanitized: Any) -> None:
    leaks = find_leaks(sanitized, [planted])
    assert len(leaks) == 1
    assert leaks[0].entity_type == planted.entity_type
    assert leaks[0].planted_path == planted.path


@pytest.mark.parametrize(("planted", "sanitized"), CLEAN)
def test_placeholders_and_generalisations_are_no_leak(planted: Planted, sanitized: Any) -> None:
    assert find_leaks(sanitized, [planted]) == []


def test_a_leak_reports_where_it_was_found() -> None:
    sanitized = {"properties": {"contacts": [{"v": "ok"}, {"v": "JANE.DOE@gmail.com"}]}}
    (leak,) = find_leaks(sanitized, [EMAIL])
    assert leak.found_at == "properties.contacts[1].v"


def test_a_pii_key_is_a_leak_and_is_masked_in_the_reported_path() -> None:
    sanitized = {"properties": {"jane.doe@gmail.com": {"n": "Jane.Doe@Gmail.com"}}}
    leaks = find_leaks(sanitized, [EMAIL])
    assert {leak.found_at for leak in leaks} == {"properties.<key>", "properties.<key>.n"}
    assert all("jane" not in repr(leak).lower() for leak in leaks)


def test_a_serialized_record_is_checked_like_the_record() -> None:
    record = {"caller_name": "Jean-Luc Müller"}
    for text in (json.dumps(record), json.dumps(record, ensure_ascii=False), "raw: Müller"):
        assert len(find_leaks(text, [NAME])) == 1


@pytest.mark.parametrize("planted", [PHONE, EMAIL, NAME, IBAN, CARD, SECRET])
def test_leak_repr_and_str_do_not_contain_the_raw_value(planted: Planted) -> None:
    (leak, *_) = find_leaks({"x": planted.value}, [planted])
    for shown in (repr(leak), str(leak), repr([leak]), repr(planted)):
        assert planted.value not in shown
        assert all(form not in shown for form in planted.leak_forms if len(form) > 3)
    assert leak.masked_form.endswith("***")


def test_missing_safe_reports_changed_retyped_and_absent_values() -> None:
    safe = [
        SafeValue("call_duration", 60),
        SafeValue("hangup_cause_name", "NORMAL_CLEARING"),
        SafeValue("response.status", 200),
        SafeValue("properties.items[0].sku", "SKU-1"),
        SafeValue("response.body", "Press 1 for sales.", "contains"),
    ]
    kept = {
        "call_duration": 60,
        "hangup_cause_name": "NORMAL_CLEARING",
        "response": {"status": 200, "body": "<Response><Speak>Press 1 for sales.</Speak>"},
        "properties": {"items": [{"sku": "SKU-1"}]},
    }
    assert missing_safe(kept, safe) == []
    assert missing_safe(json.dumps(kept), safe) == []
    damaged = {
        "call_duration": "60",
        "hangup_cause_name": "<REDACTED>",
        "response": {"body": "<Response><Speak>Press <PHONE_NUMBER> for sales.</Speak>"},
        "properties": {"items": []},
    }
    assert missing_safe(damaged, safe) == safe


def _redact(event: dict[str, Any], planted: tuple[Planted, ...]) -> dict[str, Any]:
    """What a perfect sanitizer does: every planted value replaced by its entity placeholder."""
    redacted: dict[str, Any] = json.loads(json.dumps(event))
    for label in sorted(planted, key=lambda p: -len(p.value)):
        *parents, leaf = segments(label.path)
        container: Any = redacted
        for segment in parents:
            container = container[segment]
        container[leaf] = container[leaf].replace(label.value, f"<{label.entity_type}>")
    return redacted


@settings(max_examples=12, deadline=None)
@given(stream=st.sampled_from(STREAMS), seed=st.integers(0, 10**9))
def test_raw_events_leak_every_planted_value_and_redacted_ones_none(
    stream: Stream, seed: int
) -> None:
    for event in generate(stream, 8, seed):
        found = {
            (leak.planted_path, leak.entity_type) for leak in find_leaks(event.event, event.planted)
        }
        assert found == {(p.path, p.entity_type) for p in event.planted}
        redacted = _redact(event.event, event.planted)
        assert find_leaks(redacted, event.planted) == []
        assert missing_safe(redacted, event.safe) == []


@given(
    separators=st.lists(
        st.sampled_from(["", " ", "-", ".", "(", ")", "/", " - "]), min_size=9, max_size=9
    )
)
def test_a_phone_leaks_whatever_separates_its_digits(separators: list[str]) -> None:
    digits = "4155550100"
    written = digits[0] + "".join(
        sep + digit for sep, digit in zip(separators, digits[1:], strict=True)
    )
    assert len(find_leaks({"note": f"call me at {written} please"}, [PHONE])) == 1


@given(form=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789@.-", min_size=8, max_size=40))
def test_leak_repr_never_contains_the_matched_form(form: str) -> None:
    leak = Leak("EMAIL_ADDRESS", "properties.email", "properties.email", 0, form)
    assert form not in repr(leak)
    assert form not in str(leak)
