"""Regions skipped without a parse: `_parse` finds what parsing for every region finds.

`_parse` tries the regions in order and keeps the first valid number (else the first possible
one); for a plain national text it skips a region whose parse could give neither, from the
region's metadata alone. The reference below parses for every region, as `_parse` did before.
"""

from __future__ import annotations

from collections.abc import Sequence

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.detection.numbers.phone_regions import needs_parse
from pipeline.detection.numbers.phones import _international, _parse

# the regions we serve, then others with unusual national prefixes, IDDs or shared codes
SERVED = ("US", "GB", "DE", "FR", "ES", "IT", "NL", "BR", "IN", "CA", "AU", "MX", "IE", "BE")
OTHERS = ("CH", "AT", "PT", "AR", "JP", "RU", "KZ", "JE", "IM", "SG", "CO", "NZ", "HU", "SM")


def _reference(text: str, regions: Sequence[str]) -> object:
    """`_parse` without skipping: every region parsed."""
    stripped = text.strip()
    if stripped.startswith(("+", "00")):
        return _international("+" + stripped[2:] if stripped.startswith("00") else stripped)
    digits = "".join(ch for ch in stripped if ch.isdigit())
    if len(digits) >= 11 and digits[0] != "0":
        found = _international("+" + digits)
        if found is not None and found[1] is not None:
            return found
    best = None
    for region in regions:
        try:
            number = phonenumbers.parse(stripped, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number_for_region(number, region):
            return number, region, None
        if best is None and phonenumbers.is_possible_number(number):
            best = (number, None, None)
    return best


_LEADS = st.sampled_from(["", "0", "00", "011", "0011", "1", "44", "49", "33", "55", "61", "90"])
_DIGITS = st.text(alphabet="0123456789", min_size=4, max_size=13)
_SEPARATED = st.text(alphabet="0123456789 ()-./", min_size=5, max_size=22)
_TEXTS = st.one_of(st.builds(lambda a, b: a + b, _LEADS, _DIGITS), _SEPARATED)
_REGIONS = st.lists(st.sampled_from(SERVED + OTHERS), min_size=1, max_size=8, unique=True)


@settings(max_examples=600, deadline=None)
@given(_TEXTS, _REGIONS)
def test_skipping_regions_finds_what_parsing_every_region_finds(
    text: str, regions: list[str]
) -> None:
    assert _parse(text, tuple(regions)) == _reference(text, regions)


TABLE = [
    "020 7946 0958",  # GB after a possible US reading
    "030 901820",  # DE
    "01 23 45 67 89",  # FR: possible for the US first
    "(11) 98765-4321",  # BR: a rewritten national prefix, never skipped
    "0412 345 678",  # AU
    "98765 43210",  # IN
    "0044 20 7946 0958",  # an IDD of GB and DE
    "44 20 7946 0958",  # a calling code without '+'
    "55 1234 5678",  # MX
    "087 123 4567",  # IE
]


def test_served_numbers_are_found_as_before_and_some_regions_go_unparsed() -> None:
    skipped = 0
    for text in TABLE:
        assert _parse(text, SERVED) == _reference(text, SERVED), text
        digits = "".join(ch for ch in text if ch.isdigit())
        skipped += sum(not needs_parse(digits, r, False) for r in SERVED)
    assert skipped > len(TABLE)  # the skip is not idle: most regions need no parse
    assert needs_parse("11987654321", "BR", False)  # no shape where the prefix is rewritten
