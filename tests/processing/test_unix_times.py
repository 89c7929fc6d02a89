"""A Unix time under a key or label naming a moment (`auth_time: 1700000000`) is no phone number.

Ten digits starting with 1 are a valid number in several regions: before, a JWT's `iat`/`exp`
claims and an OIDC `auth_time` were vaulted as PHONE_NUMBER. The same digits without such a key
or label, and a real phone number under a time key's neighbour, are still found.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from pipeline.detection.numbers.unix_times import labelled_unix_time, unix_time
from pipeline.outcome import Sanitized

TIME_KEYS = ["auth_time", "iat", "exp", "nbf", "created_at", "updatedAt", "lastLoginTs", "expires"]
TIMES: list[Any] = [1700000000, "1700000000", 1700000000123, 978307200]


def _event(properties: dict[str, Any]) -> dict[str, Any]:
    return {"event_id": "e1", "event_type": "login", "properties": properties}


@pytest.mark.parametrize("key", TIME_KEYS)
@pytest.mark.parametrize("value", TIMES)
def test_unix_time_under_a_time_key_is_kept(
    sanitize: Callable[[str, dict[str, Any]], Sanitized], key: str, value: Any
) -> None:
    out = sanitize("analytics_events", _event({key: value}))
    assert out.record["properties"][key] == value
    assert not out.vault


@pytest.mark.parametrize(
    "body",
    [
        '{"auth_time": 1700000000, "sub": "x"}',
        "iat=1700000000 exp=1700003600",
        "created_at: '1700000000'",
    ],
)
def test_unix_time_after_a_label_in_text_is_kept(
    sanitize: Callable[[str, dict[str, Any]], Sanitized], body: str
) -> None:
    out = sanitize("analytics_events", _event({"payload": body}))
    assert out.record["properties"]["payload"] == body
    assert not out.vault


@pytest.mark.parametrize(
    ("properties", "where"),
    [
        ({"auth_time": 4155550132}, "auth_time"),  # past 2100: no time, the number is scanned
        ({"user_key": 1700000000}, "user_key"),  # no time word in the key
        ({"note": "call 1700000000 today"}, "note"),  # no label
        ({"payload": "iat=1700000000 phone=4155550132"}, "payload"),
    ],
)
def test_digits_that_are_no_labelled_time_are_still_scanned(
    sanitize: Callable[[str, dict[str, Any]], Sanitized], properties: dict[str, Any], where: str
) -> None:
    out = sanitize("analytics_events", _event(properties))
    assert "PHONE_NUMBER" in {v.entity_type for v in out.vault}, json.dumps(out.record)


def test_the_rules() -> None:
    assert unix_time("auth_time", 1700000000) and unix_time("createdTs", "1700000000000")
    assert not unix_time("auth_time", True) and not unix_time("auth_time", 123)
    assert not unix_time("account", 1700000000)
    text = 'x "exp": 1700003600 and tel 1700003600'
    first = text.index("1700003600")
    assert labelled_unix_time(text, first, first + 10)
    second = text.rindex("1700003600")
    assert not labelled_unix_time(text, second, second + 10)
