"""Numbers of tables, scores, decimals and dates are no phones or cards; phones beside them are.

The sentences are written for these tests (no evaluation text): league rows, set scores, fall of
wickets, golf rounds, prices, and phone numbers in prose next to other numbers.
"""

from __future__ import annotations

import pytest

from pipeline.detection.addresses.streets import find_addresses
from pipeline.detection.numbers.cards import LuhnCardRecognizer
from pipeline.detection.numbers.phones import find_phones
from pipeline.detection.numbers.tables import table_numbers, table_shaped

REGIONS = ("US", "GB", "DE", "FR", "ES", "IT", "NL", "BR", "IN", "CA", "AU", "MX", "IE", "BE")
REGIONS += ("CH", "AT", "PT")


@pytest.mark.parametrize(
    "text",
    [
        "Riverside Rovers 6 4 1 1 12 5 13",  # a league row after the team column
        "Northfield Athletic 3 0 0 3 1 14 0",
        "HARBOUR CITY 81 53 .605 -",  # won, lost, a share, games behind
        "LAKE TOWN 65 68 .489 6 1/2",
        "Millbrook 57 2 48 .543 6",
        "She won the final 6-3 4-6 7-6 ( 7-2 ) 6-1 on Sunday .",
        "He lost 3-6 6- 4 6 - 2 4- 7 after two hours .",
        "The squash final went 15-11 15-7 14-17 17-14 .",
        "Fall of wickets : 1-14 2-60 3-98 4-151 5-158 6-170 7-199",
        "Bowling : 2-0 ( 12.341 and 12.348 seconds )",
        "Jo Bloggs ( Ireland ) 68 72 70 71 , Ann Other 70 70 73 69",  # golf rounds
        "Treasury bills 4.15 - 0.035 +0.012",
        "Base rate ( % ) 6.75 7.00 05/07/97",
        "EPS 22.4 21.0-24.5 19.8",
        "Diesel 310 310-340 415",
        "ACME STEEL 1820.00 1835.50 6400 11747.200",
        "Figures in 000s : 1997 1996",
        "The March bond closed at 104-18/32 , down 9/32 .",
        "She ruled as queen 1611-1688 , then abdicated .",
        "2009 118,000",  # a year and an amount with a thousands separator
    ],
)
def test_table_numbers_are_no_phones(text: str) -> None:
    assert [text[d.start : d.end] for d in find_phones(text, REGIONS)] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a phone beside a score or a table row keeps its own shape
        ("Won 6-3 6-4 ; tickets on 0161 496 0734", ["0161 496 0734"]),
        ("Results desk 212-555-0148 , scores 15-9 15-8", ["212-555-0148"]),
        (
            "Newsroom +44 20 7946 0112 , Fax +44 20 7946 0113",
            ["+44 20 7946 0112", "+44 20 7946 0113"],
        ),
        ("Paris desk +33 1 42 68 53 00", ["+33 1 42 68 53 00"]),
        ("Bureau ( 613 ) 555-0143", ["613 ) 555-0143"]),
        ("Zagreb desk 385-1-4557012", ["385-1-4557012"]),
        ("appelez le 06 12 34 56 78 demain", ["06 12 34 56 78"]),  # French two-digit groups
        ("llame al 612 34 56 78 hoy", ["612 34 56 78"]),
        ("mobile 98765 43210 after 6", ["98765 43210"]),
        ("ring 0113 496 0571 or 1 800 555 0199", ["0113 496 0571", "1 800 555 0199"]),
        ("call 415.555.0132 between 9.30 and 5", ["415.555.0132"]),
        # a table shape with a phone word before it is still taken as a phone
        ("call me on 70 68 72 69 tonight", ["70 68 72 69"]),
        ("my number : 5 2 1 2 7 6 7", ["5 2 1 2 7 6 7"]),
        ("Sao Paulo desk 3611-1688 , ask for Ana", ["3611-1688"]),  # a 4-4 local number
    ],
)
def test_phones_beside_numbers_are_found(text: str, expected: list[str]) -> None:
    assert [text[d.start : d.end] for d in find_phones(text, REGIONS)] == expected


@pytest.mark.parametrize(
    ("raw", "table"),
    [
        ("5 2 1 2 7 6 7", True),
        ("1-14 2-60 3-98 4-151", True),
        ("81 53 .605 12", True),
        ("70 68 72 69", True),
        ("4.15 - 0.035", True),
        ("11747.200", True),
        ("1997 1996", True),
        ("06 12 34 56 78", False),
        ("0113 496 0571", False),
        ("212-859-1620", False),
        ("1 800 555 0199", False),
        ("415.555.0132", False),
        ("06.12.34.56.78", False),
        ("4111 1111 1111 1111", False),
        ("3782 822463 10005", False),
        ("0201.234", False),
    ],
)
def test_shapes(raw: str, table: bool) -> None:
    assert table_numbers(raw) is table


def test_international_and_bracketed_numbers_are_never_table_rows() -> None:
    for text in ("+44 20 71 83 87", "0044 20 71 83 87", "(20) 71 83 87"):
        assert not table_shaped(text, 0, len(text))


@pytest.mark.parametrize(
    ("text", "card"),
    [
        ("Southport 22 13 1 8 105 377 27", False),  # 15 digits, Luhn-valid by chance
        ("beat him 9-15 15-11 15-4 15-7", False),
        ("card 4111 1111 1111 1111 expired", True),
        ("paid with 4111-1111-1111-1111", True),
    ],
)
def test_table_rows_are_no_cards(text: str, card: bool) -> None:
    found = LuhnCardRecognizer().analyze(text, ["CREDIT_CARD"], None)
    assert bool(found) is card


@pytest.mark.parametrize(
    "text",
    [
        "Eastfield 2 Port Vale 0",  # a result line: two teams, two scores
        "Riverside Rovers 1 St Kevin 3 .",
        "HARBOUR ST 69 65 .515 2 1/2",  # a standings row after the team column
        "Port Vale 5 2 1 2 7 6 7",
        "The yield fell 35 basis points to 6.1 percent .",
        "bids of 380 billion lei were accepted",
        "NORTH BAY 1997-05-14",  # a dateline: city and an ISO date
        "a June 1994 report alleging fraud",
    ],
)
def test_scores_and_counts_are_no_street_numbers(text: str) -> None:
    assert [text[d.start : d.end] for d in find_addresses(text)] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Send it to 12 Port Vale 3 days from now", "12 Port Vale"),
        ("Via Roma 1 20121 Milano", "Via Roma 1 20121 Milano"),
        ("Deliver to 9 Rosemount Terrace, Leeds LS6 2QT.", "9 Rosemount Terrace, Leeds LS6 2QT"),
        ("She moved to 1994 Harbour Street last June", "1994 Harbour Street"),
        ("Flat 4, 7 Mill Lane 2 days ago", "Flat 4, 7 Mill Lane"),
    ],
)
def test_addresses_beside_numbers_are_found(text: str, expected: str) -> None:
    assert expected in [text[d.start : d.end] for d in find_addresses(text)]
