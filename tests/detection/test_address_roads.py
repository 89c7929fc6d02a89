"""Streets of shapes the street-word tables miss: a state's road by its number, a firm's
initials in the name, "CR" for a crescent.

Rows that must be found whole and rows that must stay clear. The addresses are invented for these
tables (none is from tests/data/addresses).
"""

from __future__ import annotations

import pytest

from pipeline.detection.addresses.streets import find_addresses
from pipeline.detection.spans import merge


def _found(text: str) -> list[str]:
    return [text[d.start : d.end] for d in merge(find_addresses(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a state highway by the state's code or name and its number
        ("Bill the order to 410 TN 1207 please.", "410 TN 1207"),
        ("Our office is 410 Tennessee 440, come by.", "410 Tennessee 440"),
        ("Ship to 410 TN 12 now", "410 TN 12"),  # a short route in a sentence about the post
        ("Ship to 4410 TX 35, Tulsa, OK 74105 now", "4410 TX 35, Tulsa, OK 74105"),
        # a firm's initials in the name
        ("Ship to 123 AT&T WAY now", "123 AT&T WAY"),
        ("Ship to 123 AT&T Way, Tulsa, OK 74105 now", "123 AT&T Way, Tulsa, OK 74105"),
        # "CR" for a crescent after a long name in its case
        ("12 KESTREL CR is where it goes.", "12 KESTREL CR"),
        ("Ship to 12 Kestrel Cr. today", "12 Kestrel Cr"),
        ("Ship to 12 Kestrel Cr, Regina, SK S4P 3Y2 now", "12 Kestrel Cr, Regina, SK S4P 3Y2"),
    ],
)
def test_roads_found_whole(text: str, expected: str) -> None:
    assert expected in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "The score went to 110 Kentucky 68 at half time",  # a score: two digits, no post
        "Sales rose to 100 Texas 2020 figures",  # a year after the state
        "The delivery was for 100 Kentucky 440 fans",  # a counted noun after it
        "It went to 100 KY 12.5 tonnes",  # a decimal
        "Ship to 100 ME 12 today",  # a state's code that is a word
        "Your balance is 500 GBP CR now",  # a credit: the currency's code before "CR"
        "Paid 1200 Euro CR today",  # the name's case is not the type's
        "We hired 12 R&D staff today",  # initials and no street word
    ],
)
def test_roads_without_an_address(text: str) -> None:
    assert _found(text) == []
