"""What comes before a found street: house numbers, halves, grid numbers, spelled numbers, buildings.

Each rule of detection/addresses/heads.py has rows that must be found whole and rows where the
word before stays clear. The addresses are invented for these tables (none is from
tests/data/addresses).
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.addresses.streets import find_addresses
from pipeline.detection.spans import merge


def _found(text: str) -> list[str]:
    return [text[d.start : d.end] for d in merge(find_addresses(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a house number before a street found by its name or its city line
        ("Ship to W214N7781 Hollyhock Ln Brookfield, WI 53045 now", "W214N7781 Hollyhock Ln"),
        ("Ship to 4410 U S 70 HWY today", "4410 U S 70 HWY"),
        # half a house number: the street shape took "2 Orchard Lane"
        ("We moved to 415 1/2 Orchard Lane, Tulsa, 74105 in May", "415 1/2 Orchard Lane"),
        # a grid number before a grid number
        ("Ship to 52S 700E, Provo UT today", "52S 700E, Provo UT"),
        # a street named by a number: grid, range, interstate, old road
        ("Ship to 22 N 700 East Frontage Rd today", "22 N 700 East Frontage Rd"),
        ("Ship to 7713-15 S. Orchard Grove today", "7713-15 S. Orchard Grove"),
        ("Ship to 6230 I 35 N SERVICE RD today", "6230 I 35 N SERVICE RD"),
        ("Ship to 1177 OLD 20 RD today", "1177 OLD 20 RD"),
        ("Ship to 22 n 700 Alder Court today", "22 n 700 Alder Court"),  # in lower case
        # a number written out
        ("Ship to Four Meadow Parkway Suite 120 today", "Four Meadow Parkway Suite 120"),
        # a building's line before its street
        ("Ship to Two Harbor Plaza, 41 Pier Street, Tulsa, OK 74105 now", "Two Harbor Plaza"),
        ("Ship to Lindell Center 3310 S. Orchard now", "Lindell Center 3310 S. Orchard"),
        # a department's or box's unit before the line, a street before a "#" unit
        ("dept 12 3301, 4150 nw 21st, ste 9 tulsa ok 74105 is it", "dept 12 3301"),
        # a building's line in lower case before a lower-case street or box
        ("ship to north tower 3353 alder road suite 4 tulsa ok 74105", "north tower 3353"),
        ("ship to 14th floor l & c tower 401 alder street tulsa ok", "14th floor l & c tower 401"),
        # after "find", where an address stands as after "to"
        ("i could not find kestrel tower 3353 alder road", "kestrel tower 3353 alder road"),
        ("we can't find health sciences center po box 12", "health sciences center po box 12"),
        ("pay to kestrel street station po box 6262 tulsa ok 74105", "kestrel street station po"),
        ("pay to ou health sciences center p.o box 2690, tulsa ok 74105", "ou health sciences"),
        # a lockbox's reference before its box: a file, a mail code, a reference number
        ("Pay to File 41502 PO Box 7000, Tulsa, OK 74105 now", "File 41502 PO Box 7000"),
        ("pay to mail code 4410 p.o. box 1200 tulsa ok 74105 now", "mail code 4410 p.o. box 1200"),
        ("pay to ref no. 7731002 po box 4100 tulsa ok 74105", "ref no. 7731002 po box 4100"),
        ("Pay to Lockbox 2210, PO Box 41 now", "Lockbox 2210, PO Box 41"),
        ("Ship to 4150 the alder road # 12 tulsa ok 74105 now", "4150 the alder road # 12"),
        # the house number and name before a lower-case street found from its type word
        ("Ship to one north alder dr ste 9 tulsa ok 74105 now", "one north alder dr ste 9"),
    ],
)
def test_the_head_of_an_address_is_found(text: str, expected: str) -> None:
    assert any(expected in found for found in _found(text))


@pytest.mark.parametrize(
    ("text", "clear"),
    [
        ("He scored 3 Orchard Lane goals", "scored"),  # a number before a street word only
        ("In 1996 Main Street was closed", "In"),
        ("They had 12 and 1/2 Orchard Lane rows", "and"),  # no house number before the half
        ("Lat 45 N 1200 Orchard Lane", "Lat"),
        ("Everyone Four Meadow Park", "Everyone"),  # the street holds no number: nothing found
        ("The plaza is big. 41 Pier Street is next", "plaza"),  # no building line: a sentence
        ("Portsmouth 1 Queen 's Park Rangers 2", "Queen"),  # a capitalised name: a team's
        ("He paid 3 for the road # 12 tulsa ok 74105", "paid"),  # a clause word: no street
        # in lower case, a clause word or a sentence's end before the building's words
        ("meet me near the old tower 12 elm st tomorrow", "near"),
        ("i am done. north tower 12 elm st", "done"),
        ("we met by the station 12 elm st", "the"),
        ("i could not find north tower 12 elm st", "find"),  # the verb is no address's
        ("we could not find my old tower 12 elm st", "old"),  # a clause word after it
        ("They met at the tower 12 elm st", "met"),  # a clause word before the building word
        # a reference word with no number, or a number with no reference word, before a box
        ("Open the file PO Box 7000, Tulsa, OK 74105", "file"),
        ("Write to the Dept of Labor, PO Box 1200 now", "Labor"),
        ("Read file 12 then PO Box 7000, Tulsa, OK 74105", "file"),  # a word between
    ],
)
def test_words_before_a_street_that_stay_clear(text: str, clear: str) -> None:
    spans = _found(text)
    assert all(clear not in span for span in spans), spans


@pytest.mark.parametrize(
    ("text", "street"),
    [
        # a street the detector finds from a house number and a name, then its unit and line
        (
            "Please send the parcel to 4418 Ellsworth Calloway, Apt 3B, thanks.",
            "4418 Ellsworth Calloway, Apt 3B",
        ),
        (
            "Please send the parcel to 4418 Ellsworth Calloway, Tulsa OK, thanks.",
            "4418 Ellsworth Calloway, Tulsa OK",
        ),
    ],
)
def test_a_numbered_name_takes_its_unit_and_city_line(
    detector: Any, text: str, street: str
) -> None:
    spans = [(text[d.start : d.end], d.entity_type) for d in detector.detect(text)]
    assert (street, "STREET_ADDRESS") in spans, spans
