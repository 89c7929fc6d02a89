"""Phone country: from the number when it is valid, else from its calling code (and area code)."""

from __future__ import annotations

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat

from pipeline.detection.numbers.phones import _LINE_TYPES, parse_phone_field

REGIONS = ("US", "GB")

TABLE = [
    # (number, country, country_source, valid)
    ("+14155550100", "US", "number", True),
    ("+14165550199", "CA", "number", True),
    ("+442071838750", "GB", "number", True),
    ("+14151761234", "US", "calling_code", False),  # 415 is San Francisco: US by area code
    ("+14161234567", "CA", "calling_code", False),  # 416 is Toronto
    ("+18761234567", "JM", "calling_code", False),  # 876 is Jamaica
    ("+17871234567", "PR", "calling_code", False),  # 787 is Puerto Rico
    ("+12005550100", "NANP", "calling_code", False),  # 200 is no region's area code
    ("+18005550100x", "US", "number", True),  # toll free, valid: libphonenumber says US
    ("+18000000000", "NANP", "calling_code", False),  # toll free, invalid: every NANP region
    ("+4915918123", "DE", "calling_code", False),  # one region for +49
    ("+33612", None, None, False),  # too short to be a number at all
    ("+447700900123", "GB", "calling_code", False),  # +44 shared: 7700 fits GB and JE, main is GB
    ("+79999", None, None, False),
    ("+80012345678", None, None, True),  # non-geographic (+800): valid, of no country
]


@pytest.mark.parametrize(("number", "country", "source", "valid"), TABLE)
def test_country_comes_from_the_number_or_its_calling_code(
    number: str, country: str | None, source: str | None, valid: bool
) -> None:
    parsed = parse_phone_field(number, REGIONS)
    assert (parsed.country, parsed.country_source, parsed.valid) == (country, source, valid)


def test_plus_one_is_never_us_without_an_area_code_of_the_us() -> None:
    for area in ("200", "311", "555", "950"):
        parsed = parse_phone_field(f"+1{area}9990000", REGIONS)
        if not parsed.valid:
            assert parsed.country == "NANP"


def _examples() -> list[str]:
    """libphonenumber's own example numbers of every region and line type, E.164."""
    kinds = (
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.VOIP,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
    )
    found = (
        phonenumbers.example_number_for_type(region, kind)
        for region in sorted(phonenumbers.SUPPORTED_REGIONS)
        for kind in kinds
    )
    return [phonenumbers.format_number(n, PhoneNumberFormat.E164) for n in found if n is not None]


def test_line_type_and_validity_are_libphonenumbers_own() -> None:
    # the type is computed once per number (not once per check): it must still be the one
    # number_type and is_valid_number give, also for a region shared by many (+1, +44, +7)
    examples = _examples()
    assert len(examples) > 500
    for e164 in examples:
        parsed = parse_phone_field(e164, REGIONS)
        number = phonenumbers.parse(e164, None)
        valid = phonenumbers.is_valid_number(number)
        assert parsed.valid == valid, e164
        if valid:
            kind = phonenumbers.number_type(number)
            assert parsed.line_type == _LINE_TYPES.get(kind, "unknown"), e164
            assert parsed.country == phonenumbers.region_code_for_number(number), e164
