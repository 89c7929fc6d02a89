"""Key hints of the shipped policy: a key's words, not letters inside other words.

A short hint (`tel`, `cell`, `zip`, `dob`, `auth`) found anywhere in a key made `hotel`,
`cancelled_at`, `gzip_level`, `adobe_id` and `author` phone numbers, addresses, birth dates
and secrets. The hints now ask for a word's start (camelCase words count), and the keys they
are meant for are still hinted.
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.config.loader import load_config
from pipeline.processing.fields import hint_for
from pipeline.processing.keys import KeyRules
from tests.engine_fixture import engine, sanitize  # noqa: F401 - fixtures
from tests.processing.test_transformations import ANALYTICS, Sanitize

HINTS = load_config().policy.detection.hint_table

HINTED = {
    "phone": "PHONE_NUMBER",
    "phoneNumber": "PHONE_NUMBER",
    "tel": "PHONE_NUMBER",
    "home_tel": "PHONE_NUMBER",
    "homeTel": "PHONE_NUMBER",
    "TEL_NO": "PHONE_NUMBER",
    "work_telephone": "PHONE_NUMBER",
    "cell": "PHONE_NUMBER",
    "cellphone": "PHONE_NUMBER",
    "fax": "PHONE_NUMBER",
    "zip": "STREET_ADDRESS",
    "zipCode": "STREET_ADDRESS",
    "dob": "DATE_OF_BIRTH",
    "userDOB": "DATE_OF_BIRTH",
    "credit_card": "CREDIT_CARD",
    "cardNumber": "CREDIT_CARD",
    "ssn": "US_SSN",
    "ip_address": "IP_ADDRESS",
    "sourceIPAddress": "IP_ADDRESS",
    "authorization": "SECRET",
    "auth_token": "SECRET",
    "oauth": "SECRET",
}
NOT_HINTED = [
    "hotel",
    "motel",
    "HOTEL_CHAIN",
    "pastel_color",
    "telemetry_level",
    "cancelled_at",
    "cancellation_reason",
    "excellent",
    "cellar",
    "gzip_level",
    "adobe_id",
    "author",
    "author_association",
    "authority",
    "discard_policy",
    "scorecard",
    "timespan",
    "lessons",
]


@pytest.mark.parametrize("key", sorted(HINTED))
def test_keys_named_for_an_identifier_are_hinted(key: str) -> None:
    assert hint_for(HINTS, key) == HINTED[key]


@pytest.mark.parametrize("key", NOT_HINTED)
def test_a_hint_inside_another_word_is_no_hint(key: str) -> None:
    assert hint_for(HINTS, key) is None


def test_a_hotel_is_read_as_text_not_withheld_as_a_phone_number(
    sanitize: Sanitize,  # noqa: F811
) -> None:
    event: dict[str, Any] = {**ANALYTICS, "properties": {"hotel": "Call 415-555-0132 now"}}
    out = sanitize("analytics_events", event)
    assert out.record["properties"]["hotel"] == "Call <PHONE_NUMBER> now"


@pytest.mark.parametrize(
    "key", ["2025-12-31", "2025/12", "2025-12-31T10:00:00Z", "2025-12-31 10:00", "1999.01.02"]
)
def test_date_keys_are_kept(key: str) -> None:
    assert KeyRules(None).verdict(key) == "keep"


@pytest.mark.parametrize(
    "key", ["20251231", "2025-13-01", "2025-12-32", "415-555-0132", "2025-1231"]
)
def test_other_digit_keys_are_still_scanned(key: str) -> None:
    assert KeyRules(None).verdict(key) == "scan"
