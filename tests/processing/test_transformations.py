"""Every transformation of the contract, checked on the sanitized record."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from pipeline.engine import Engine
from pipeline.outcome import Sanitized
from tests.engine_fixture import SECRETS

Sanitize = Callable[[str, dict[str, Any]], Sanitized]

CALL = {
    "event_id": "evt-call-1",
    "account_id": "MAZDQ1ZMM5YTKZYJBLYW",
    "call_uuid": "1b3c5e2a-1111-2222-3333-444455556666",
    "parent_call_uuid": None,
    "from_number": "+14155550123",
    "to_number": "sip:+442071838750@sip.example.com",
    "caller_name": "Maria Garcia",
    "call_direction": "inbound",
    "initiation_time": "2026-01-02T03:04:05Z",
    "call_duration": 65,
    "bill_duration": 60,
    "total_rate": "0.0100",
    "total_amount": "0.0200",
    "hangup_cause_name": "NORMAL_CLEARING",
    "hangup_cause_code": 4000,
    "hangup_source": "Caller",
    "resource_uri": "/v1/Account/MAZDQ1ZMM5YTKZYJBLYW/Call/1b3c5e2a-1111-2222-3333-444455556666/",
}


def _text(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def test_event_id_and_safe_fields_are_unchanged(sanitize: Sanitize) -> None:
    out = sanitize("call_logs", CALL).record
    for key in (
        "event_id",
        "call_direction",
        "initiation_time",
        "call_duration",
        "bill_duration",
        "total_rate",
        "total_amount",
        "hangup_cause_name",
        "hangup_cause_code",
        "hangup_source",
    ):
        assert out[key] == CALL[key], key


def test_phone_becomes_token_country_and_line_type(sanitize: Sanitize) -> None:
    out = sanitize("call_logs", CALL).record
    assert out["from_number"]["country"] == "US"
    assert out["to_number"]["country"] == "GB"
    assert out["to_number"]["line_type"] == "fixed_line"
    assert out["from_number"]["token"].startswith("tok_")
    assert "4155550123" not in _text(out) and "2071838750" not in _text(out)


def test_tokens_are_keyed_and_stable(sanitize: Sanitize) -> None:
    first = sanitize("call_logs", CALL).record
    second = sanitize("call_logs", {**CALL, "event_id": "evt-call-2"}).record
    assert first["account_id"] == second["account_id"]
    other_key = Engine.from_config(None, type(SECRETS)(b"x" * 32, b"m" * 32))
    [other] = other_key.process("call_logs", [json.dumps(CALL).encode()])
    assert other.ok and other.record["account_id"] != first["account_id"]  # type: ignore[union-attr]


def test_caller_name_never_reaches_sanitized_record(sanitize: Sanitize) -> None:
    out = sanitize("call_logs", CALL)
    assert out.record["caller_name"] == "<PERSON>"
    assert "Garcia" not in _text(out.record)
    assert {(v.entity_type, v.path) for v in out.vault} >= {("PERSON", "caller_name")}


def test_account_id_inside_resource_uri_is_replaced(sanitize: Sanitize) -> None:
    out = sanitize("call_logs", CALL).record
    assert "MAZDQ1ZMM5YTKZYJBLYW" not in _text(out)
    assert out["resource_uri"].startswith("/v1/Account/")


def test_vault_entries_decrypt_with_the_key_and_name_their_subject(
    engine: Engine, sanitize: Sanitize
) -> None:
    out = sanitize("call_logs", CALL)
    values = {engine.cipher.open(v) for v in out.vault}
    assert {"Maria Garcia", "+14155550123"} <= values
    assert "MAZDQ1ZMM5YTKZYJBLYW" not in values  # a customer id is tokenized, not vaulted
    assert all(v.event_id == "evt-call-1" and v.subject.startswith("tok_") for v in out.vault)


def test_config_version_is_stamped(engine: Engine, sanitize: Sanitize) -> None:
    out = sanitize("call_logs", CALL).record
    assert out["_pipeline"]["config_version"] == engine.version


NOTIFICATION = {
    "event_id": "evt-n-1",
    "account_id": "MAZDQ1ZMM5YTKZYJBLYW",
    "call_uuid": "1b3c5e2a-1111-2222-3333-444455556666",
    "timestamp": "2026-01-02T03:04:05+00:00",
    "request": {
        "method": "POST",
        "url": "https://hooks.example.com/answer?email=bob%40example.org&utm_source=ads",
        "headers": {
            "X-Plivo-Signature-V3": "c2lnbmF0dXJl",
            "X-Plivo-Signature-V3-Nonce": "123456",
            "Authorization": "Basic dXNlcjpwYXNz",
            "Cookie": "sid=abcdef",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        "body": "From=%2B14155550123&To=%2B442071838750&CallerName=Maria+Garcia&Direction=inbound&CallStatus=ringing",
    },
    "response": {
        "status": 200,
        "headers": {"Content-Type": "application/xml"},
        "body": "<Response><Speak>Hello Maria Garcia, we will visit 221 Baker Street.</Speak>"
        "<Dial><Number>+442071838750</Number></Dial></Response>",
    },
    "latency_ms": 87,
}


def test_secret_headers_are_dropped_not_tokenized(sanitize: Sanitize) -> None:
    out = sanitize("notification_logs", NOTIFICATION).record
    headers = out["request"]["headers"]
    assert set(headers) == {"Content-Type"}
    assert "c2lnbmF0dXJl" not in _text(out) and "dXNlcjpwYXNz" not in _text(out)


def test_form_body_is_parsed_and_url_encoded_phones_are_removed(sanitize: Sanitize) -> None:
    out = sanitize("notification_logs", NOTIFICATION).record
    body = out["request"]["body"]
    assert "Direction=inbound" in body and "CallStatus=ringing" in body
    assert "14155550123" not in body and "Garcia" not in body


def test_speak_text_is_redacted_in_valid_xml(sanitize: Sanitize) -> None:
    from xml.etree import ElementTree as ET

    out = sanitize("notification_logs", NOTIFICATION).record
    root = ET.fromstring(out["response"]["body"])
    speak = root.find("Speak")
    assert speak is not None and speak.text is not None
    assert "<PERSON>" in speak.text and "<STREET_ADDRESS>" in speak.text
    assert "Baker" not in out["response"]["body"]


def test_url_query_values_are_removed_except_allow_list(sanitize: Sanitize) -> None:
    url = sanitize("notification_logs", NOTIFICATION).record["request"]["url"]
    assert url == "https://hooks.example.com/answer?email=&utm_source=ads"


@pytest.mark.parametrize("directive", ["no-store", "private, max-age=0", "No-Store"])
def test_bodies_dropped_when_response_forbids_caching(sanitize: Sanitize, directive: str) -> None:
    event = json.loads(json.dumps(NOTIFICATION))
    event["response"]["headers"]["Cache-Control"] = directive
    out = sanitize("notification_logs", event).record
    assert out["request"]["body"] is None and out["response"]["body"] is None
    assert out["response"]["status"] == 200
    assert out["_pipeline"]["bodies_dropped"].startswith("cache-control: ")


ANALYTICS = {
    "event_id": "evt-a-1",
    "timestamp": "2026-01-02T03:04:05.123Z",
    "event_type": "form_submit",
    "anonymous_id": "ajs_4f9c2d1e",
    "account_id": "MAZDQ1ZMM5YTKZYJBLYW",
    "ip": "203.0.113.77",
    "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    "url": "https://shop.example.com/signup/step-2?utm_campaign=x&phone=%2B14155550123",
    "referrer": "https://news.google.co.uk/search?q=who+is+maria",
    "properties": {
        "email": "Maria.Garcia@example.org",
        "full_name": "Maria Garcia",
        "date_of_birth": "1984-07-21",
        "card_number": "4111 1111 1111 1111",
        "message": "Please ring me on 020 7183 8750, ask for Maria.",
        "plan": "pro",
        "items": [{"sku": "A-1", "qty": 2}],
        "nickname": "Xzavier Okonkwo",
        "password": "hunter2",
    },
}


def test_ip_user_agent_and_referrer_are_generalised(sanitize: Sanitize) -> None:
    out = sanitize("analytics_events", ANALYTICS).record
    assert out["ip"] == {
        "version": 4,
        "prefix": "203.0.113.0/24",
        "scope": "private",  # a documentation range: no country is looked up for it
        "country": None,
        "continent": None,
    }
    assert out["user_agent"] == {
        "browser_family": "Chrome",
        "os_family": "Windows",
        "device_class": "desktop",
    }
    assert out["referrer"] == "google.co.uk"
    assert out["url"] == "https://shop.example.com/signup/step-2?utm_campaign=x&phone="


def test_properties_are_handled_by_key_hints_and_scanning(sanitize: Sanitize) -> None:
    out = sanitize("analytics_events", ANALYTICS)
    props = out.record["properties"]
    assert props["email"] == "<EMAIL_ADDRESS>"
    assert props["full_name"] == "<PERSON>"
    assert props["date_of_birth"] == "<DATE_OF_BIRTH>"
    assert props["card_number"] == "<CREDIT_CARD>"
    assert "password" not in props  # secrets are dropped
    assert props["plan"] == "pro" and props["items"] == [{"sku": "A-1", "qty": 2}]
    assert "Maria" not in json.dumps(props) and "7183" not in json.dumps(props)
    assert "Okonkwo" not in json.dumps(props)
    kinds = {v.entity_type for v in out.vault}
    assert {
        "EMAIL_ADDRESS",
        "PERSON",
        "DATE_OF_BIRTH",
        "CREDIT_CARD",
        "COOKIE_ID",
        "IP_ADDRESS",
    } <= kinds


def test_unknown_top_level_fields_are_scanned(sanitize: Sanitize) -> None:
    out = sanitize(
        "call_logs", {**CALL, "notes": "caller was Xzavier Okonkwo, mail x@y.org"}
    ).record
    assert "Okonkwo" not in out["notes"] and "x@y.org" not in out["notes"]


def test_safe_field_with_unexpected_content_is_scanned_not_kept(sanitize: Sanitize) -> None:
    out = sanitize("call_logs", {**CALL, "hangup_cause_name": "call bob@example.org"}).record
    assert "bob@example.org" not in out["hangup_cause_name"]


def test_names_in_url_slugs_and_numeric_timestamps(sanitize: Sanitize) -> None:
    event = {**ANALYTICS, "timestamp": 1767225600000, "url": "https://x.example/u/maria-garcia/p"}
    out = sanitize("analytics_events", event).record
    assert out["timestamp"] == 1767225600000
    assert "garcia" not in out["url"].lower()
    assert out["url"].startswith("https://x.example/u/")


def test_file_named_by_a_uuid_in_a_url_is_an_id_like_a_bare_uuid(sanitize: Sanitize) -> None:
    uuid = "1b3c5e2a-1111-2222-3333-444455556666"
    for name, expected in ((f"{uuid}.mp3", "<ID>.mp3"), (uuid, "<ID>"), ("intro.mp3", "intro.mp3")):
        event = {**ANALYTICS, "url": f"https://x.example/Recording/{name}"}
        out = sanitize("analytics_events", event).record
        assert out["url"] == f"https://x.example/Recording/{expected}"


def test_safe_direction_in_capitals_is_kept(sanitize: Sanitize) -> None:
    out = sanitize("call_logs", {**CALL, "call_direction": "INBOUND"}).record
    assert out["call_direction"] == "INBOUND"


def test_bodies_dropped_for_accounts_whose_policy_forbids_body_logging(tmp_path: Any) -> None:
    import shutil

    from pipeline.config.loader import DEFAULT_POLICY

    root = DEFAULT_POLICY.parents[1]
    for name in ("config", "models", "schemas"):
        shutil.copytree(root / name, tmp_path / name)
    policy = tmp_path / "config" / "policy.yaml"
    text = policy.read_text().replace(
        "no_body_logging_accounts: []", 'no_body_logging_accounts: ["MAZDQ1ZMM5YTKZYJBLYW"]'
    )
    policy.write_text(text)
    engine = Engine.from_config(policy, SECRETS)
    [out] = engine.process("notification_logs", [json.dumps(NOTIFICATION).encode()])
    assert out.ok
    record = out.record  # type: ignore[union-attr]
    assert record["request"]["body"] is None and record["response"]["body"] is None
    assert record["_pipeline"]["bodies_dropped"] == "account policy: no body logging"
    [other] = engine.process(
        "notification_logs",
        [json.dumps({**NOTIFICATION, "account_id": "MAOTHER0000000000000"}).encode()],
    )
    assert other.ok and other.record["request"]["body"] is not None  # type: ignore[union-attr]
