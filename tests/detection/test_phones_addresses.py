"""Phone numbers with extensions, glued to words and with trunk prefixes; address shapes."""

from __future__ import annotations

import pytest

from pipeline.detection.addresses.streets import find_addresses
from pipeline.detection.numbers.phones import find_phones

REGIONS = ("US", "GB", "DE", "FR", "NL", "CA")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("office (206) 555-0163 x2210 ok", "(206) 555-0163 x2210"),
        ("tel 0113 496 0571 ext. 31 please", "0113 496 0571 ext. 31"),
        ("my number is312-555-0176.", "312-555-0176"),
        ("call +44 (0)20 7946 0321 now", "+44 (0)20 7946 0321"),
        ("ring 030 901820 about it", "030 901820"),
        ("Maria +44 20 7183 8750", "+44 20 7183 8750"),  # "Mar…" is no month
        # a number too short for its calling code: the code goes with what is found after it
        ("call me on +371 721 5240 tomorrow", "+371 721 5240"),
    ],
)
def test_phone_number_shapes(text: str, expected: str) -> None:
    assert [text[d.start : d.end] for d in find_phones(text, REGIONS)] == [expected]


@pytest.mark.parametrize(
    "text",
    ["Posted Feb 1 2015 11:11 PM", "This is 2015", "votes: 1,204,331 of 2,013,118"],
)
def test_numbers_that_are_no_phones(text: str) -> None:
    assert find_phones(text, REGIONS) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ship to 1450 Birchwood Drive, Suite 220, Austin, TX 78701-3322 by Friday.",
            "1450 Birchwood Drive, Suite 220, Austin, TX 78701-3322",
        ),
        (
            "New address: Flat 7, 31 Quarry Road, Bristol BS8 1TH",
            "Flat 7, 31 Quarry Road, Bristol BS8 1TH",
        ),
        ("Unit 4B, 912 Ocean Parkway", "Unit 4B, 912 Ocean Parkway"),
        ("Write to Boise, ID 83702 today", "Boise, ID 83702"),
        ("Herengracht 12, 1015 BS Amsterdam, ok", "Herengracht 12, 1015 BS Amsterdam"),
        ("Schillerstraße 4, 10625 Berlin ok", "Schillerstraße 4, 10625 Berlin"),
        ("7 avenue Victor Hugo, 69002 Lyon", "7 avenue Victor Hugo, 69002 Lyon"),
        (
            "88 Queen Street West, Apt 1203, Toronto, ON M5H 2N2",
            "88 Queen Street West, Apt 1203, Toronto, ON M5H 2N2",
        ),
        ("Calle Mayor 12, 2º A, Madrid", "Calle Mayor 12, 2º A"),
        ("Calle Mayor 12, 2o A, Madrid", "Calle Mayor 12, 2o A"),  # the NFKC-folded view
        ("send it to P.O. Box 7781 please", "P.O. Box 7781"),
    ],
)
def test_address_shapes(text: str, expected: str) -> None:
    spans = [text[d.start : d.end] for d in find_addresses(text)]
    assert max(spans, key=len) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The index closed at 7,432.18 points",
        "in stores Nov . 2 , 2010",
        "Version 2.14.3 on iOS 17.4",
    ],
)
def test_numbers_that_are_no_addresses(text: str) -> None:
    assert find_addresses(text) == []
