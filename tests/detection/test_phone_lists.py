"""Two or three phone numbers in one run, and decimals that are no phone numbers.

A digit run is cut at 24 characters; before, "0121 234 5678 / 07400 123456" lost the second
number after "07400" (the rest, "123456", was too short to judge): a mobile left in clear.
Numbers are libphonenumber's example numbers (`phonenumbers.example_number_for_type`).
Quotes and prices written with decimals ("1.3512 / 16", "12.40 ( 12.95 )") became phone numbers
on CoNLL-2003 news (train split); they are no phone numbers.
"""

from __future__ import annotations

from typing import Any

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from pipeline.transforms.redact import redact


def _example(region: str, kind: Any, form: Any) -> str:
    number = phonenumbers.example_number_for_type(region, kind)
    assert number is not None
    return phonenumbers.format_number(number, form)


NATIONAL, INTERNATIONAL = PhoneNumberFormat.NATIONAL, PhoneNumberFormat.INTERNATIONAL
MOBILE, FIXED = PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE
PAIRS = [
    (_example(r, FIXED, form), _example(r, MOBILE, form))
    for r in ("GB", "DE", "FR", "NL", "AU", "IN")
    for form in (NATIONAL, INTERNATIONAL)
]


@pytest.mark.parametrize("separator", [" / ", "/", " or ", ", "])
@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_both_numbers_of_a_pair_are_redacted(
    detector: Any, first: str, second: str, separator: str
) -> None:
    text = f"ring {first}{separator}{second} any time"
    out = redact(text, detector.detect(text))
    digits_left = [w for w in out.split() if sum(ch.isdigit() for ch in w) >= 2]
    assert digits_left == [], out


@pytest.mark.parametrize(
    "text",
    [
        "The euro was put at 1.3512 / 16 against the dollar.",
        "Shares closed at 1,234.50 / 35.75 in late trade.",
        "Yields eased to 12.40 ( 12.95 ) on Friday.",
        "The bid was 101.25 / 40 at the close.",
    ],
)
def test_decimal_quotes_are_no_phone_numbers(detector: Any, text: str) -> None:
    assert "PHONE_NUMBER" not in {d.entity_type for d in detector.detect(text)}
