"""A five-digit postcode alone, found by its sentence's subject (detection/addresses/bare_postcodes.py).

Invented sentences (none is from tests/data/addresses): rows that must be found and rows
where the number is an order's, an amount, a quantity, or the sentence is about something else.
"""

from __future__ import annotations

import pytest

from pipeline.detection.addresses.bare_postcodes import find_bare_postcodes
from pipeline.detection.addresses.streets import find_addresses
from pipeline.detection.spans import merge


def _found(text: str) -> list[str]:
    return [text[d.start : d.end] for d in merge(find_addresses(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Do you deliver to 48031?", "48031"),
        ("Do you deliver to 48031-2207?", "48031-2207"),  # a ZIP+4
        ("Is 3511 LX in your delivery area?", "3511 LX"),  # a Dutch postcode
        ("Is 3511LX in your delivery area?", "3511LX"),
        ("My address is 75008, can you update it?", "75008"),
        ("Do you deliver to SW1A2AA?", "SW1A2AA"),  # a UK postcode without its space
        ("Do you deliver to sw1a 2aa?", "sw1a 2aa"),
        ("Do you deliver to k1a 0b1?", "k1a 0b1"),  # a Canadian one in lower case
        ("Is 75011 inside your coverage?", "75011"),
        ("The courier has no 80331 on his route map.", "80331"),  # a negation, not "No."
        ("We are moving to 10115 next week.", "10115"),
        ("Can the parcel go to 20095 Hamburg instead?", "20095 Hamburg"),  # its town too
        ("Shipping to 08012 is extra. Thanks!", "08012"),  # ("08012 costs" reads as a count)
    ],
)
def test_a_postcode_alone_is_found(text: str, expected: str) -> None:
    assert expected in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Your order no 48031 has shipped.",  # a thing's number
        "My tracking number is 48031, the courier said.",
        "Order #48031 was delivered.",
        "We shipped 48031 parcels in May.",  # a quantity
        "The courier charged $48031 for it.",  # an amount
        "Delivery took 48031 seconds.",
        "The crowd of 48031 saw the match.",  # no delivery, post or coverage in the sentence
        "Deliveries rose 4.48031 percent.",  # part of a longer number
        "Deliver the 48031-7 kit.",
        "The courier came at 1030 AM.",  # a time, not a Dutch postcode
        "Mail was sent in 2000 BC.",
        "Delivery 4100 XLS units.",  # three letters
        "Ship it in a1 2nd class",  # an ordinal, not a UK postcode
        "We moved. The crowd was 48031.",  # the postal word is in another sentence
    ],
)
def test_a_number_that_is_no_postcode(text: str) -> None:
    assert find_bare_postcodes(text) == []
