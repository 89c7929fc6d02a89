"""The fast digit normalisation gives what libphonenumber's own gives, for every text."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import phonenumberutil

from pipeline.detection.numbers import phone_digits, phones  # noqa: F401  (phones installs it)

_LIBRARY = phone_digits._LIBRARY

# ASCII, full-width and Arabic-Indic digits, separators, letters, extension marks
_ALPHABET = st.sampled_from(list("0123456789+-(). /#*xXaZ;=\t\n") + list("０１２٣٤۵७\u00a0é"))


@pytest.mark.parametrize(
    ("text", "keep", "expected"),
    [
        ("+1 (415) 555-0100", False, "14155550100"),
        ("+1 (415) 555-0100", True, "+1 (415) 555-0100"),
        ("tel:+44-20-7946-0958;ext=12", False, "442079460958" + "12"),
        ("０３-１２３４-５６７８", False, "0312345678"),  # full-width: the library's own way
        ("٠١٢٣", False, "0123"),  # Arabic-Indic
        ("", False, ""),
        ("no digits", False, ""),
    ],
)
def test_rows(text: str, keep: bool, expected: str) -> None:
    assert phone_digits.normalize_digits_only(text, keep) == expected
    assert _LIBRARY(text, keep) == expected


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHABET, max_size=30), st.booleans())
def test_same_as_library(text: str, keep: bool) -> None:
    assert phone_digits.normalize_digits_only(text, keep) == _LIBRARY(text, keep)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20), st.booleans())
def test_same_as_library_any_text(text: str, keep: bool) -> None:
    assert phone_digits.normalize_digits_only(text, keep) == _LIBRARY(text, keep)


def test_installed_for_parse() -> None:
    assert phonenumberutil.normalize_digits_only is phone_digits.normalize_digits_only
    number = phonenumbers.parse("+44 20 7946 0958", None)
    assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == (
        "+442079460958"
    )


def test_parse_same_with_library_function() -> None:
    """Parses of varied writings come out the same with the library's function put back."""
    texts = ["+14155550100", "020 7946 0958", "+49 30 901820", "(0)30 1234567", "+33 1 23 45 67 89"]
    regions = ["GB", "DE", "US", "FR"]
    fast = [_parsed(t, r) for t in texts for r in regions]
    phonenumberutil.normalize_digits_only = _LIBRARY
    try:
        slow = [_parsed(t, r) for t in texts for r in regions]
    finally:
        phone_digits.install()
    assert fast == slow


def _parsed(text: str, region: str) -> tuple[int | None, int | None, bool] | None:
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return number.country_code, number.national_number, phonenumbers.is_valid_number(number)
