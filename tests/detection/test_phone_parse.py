"""The parse shortcuts give what libphonenumber's own `_extract_possible_number` and `_match` give."""

from __future__ import annotations

import re

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import phonenumberutil

from pipeline.detection.numbers import phone_parse, phones  # noqa: F401  (phones installs them)

# plain number characters, the ones the patterns look for, other digits, a newline
_ALPHABET = st.sampled_from(
    list("0123456789+ ()-./") + list("x\\/_#aX\n\t") + ["\uff0b", "\uff10", "٣", "\u00a0"]
)


@pytest.mark.parametrize(
    "number",
    [
        "+1 (415) 555-0100",
        "020 7946 0958",
        "Tel: +44 20 7946 0958",  # a prefix cut
        "(530) 583-6985 x302/x2303",  # a second number cut
        "530 583 6985/x2303",  # a second number, in a text that starts and ends with digits
        "+1 530 583 6985 \\ x12",
        "+1 415 555 0100.",  # an unwanted end
        "+14155550100\n",
        "\uff0b44 20 7946 0958",
        "",
        "no number",
    ],
)
def test_extract_rows(number: str) -> None:
    assert phone_parse.extract_possible_number(number) == phone_parse._LIBRARY_EXTRACT(number)


@settings(max_examples=600, deadline=None)
@given(st.text(_ALPHABET, max_size=30))
def test_extract_same_as_library(number: str) -> None:
    assert phone_parse.extract_possible_number(number) == phone_parse._LIBRARY_EXTRACT(number)


_PATTERNS = [re.compile(p) for p in (r"\d{3}", r"[2-9]\d{2}\d{7}", r"1(?:8\d|9)\d{6}", r"(?:)")]


@settings(max_examples=400, deadline=None)
@given(
    st.text(st.sampled_from("0123456789"), max_size=12), st.sampled_from(_PATTERNS), st.booleans()
)
def test_match_same_as_library(number: str, pattern: re.Pattern[str], prefix: bool) -> None:
    assert phone_parse.match(number, pattern, prefix) == phone_parse._LIBRARY_MATCH(
        number, pattern, prefix
    )


def test_installed_for_the_proven_patterns() -> None:
    assert phone_parse.installable()
    assert phonenumberutil._extract_possible_number is phone_parse.extract_possible_number
    assert phonenumberutil._match is phone_parse.match
    number = phonenumbers.parse("Tel: +1 (415) 555-0100 x302/x2303", None)
    assert (number.national_number, number.extension) == (4155550100, "302")
    assert phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE


def test_another_pattern_keeps_the_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(phonenumberutil, "_SECOND_NUMBER_START_PATTERN", re.compile(r"[\\/] *[xX]"))
    assert not phone_parse.installable()
