"""Street shapes of detection/addresses/patterns.py written without the usual street type, or in
lower case: grid addresses, names with "&" or a route number, initials and ordinals in spoken
streets, "avenue of …", lower-case streets known by their unit or their city and state,
Publication 28 abbreviations after a name, lettered avenues and directionals after the type.

The addresses are invented for these tables (none is from tests/data/addresses).
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
        # US grid addresses
        ("Ship it to 4410 West 2700 South today.", "4410 West 2700 South"),
        ("Ship it to 9020 W. 1500 N. Road today.", "9020 W. 1500 N. Road"),
        ("Ship it to 72 E 650 North Canal Rd today.", "72 E 650 North Canal Rd"),
        # a name with "&", a route number inside the name
        ("Ship it to 81 LEWIS & MARLOW DRIVE today.", "81 LEWIS & MARLOW DRIVE"),
        ("Ship it to 3300 Old 62 Road today.", "3300 Old 62 Road"),
        ("Ship it to 610 I 75 N Service Rd today.", "610 I 75 N Service Rd"),
        # a house number of the form "8120-24" (no year and month)
        ("Ship it to 8120-24 N. Ashby Grove today.", "8120-24 N. Ashby Grove"),
        # lower case: an initial, an ordinal, "avenue of the ..."
        ("send it to 48 j. kellor square please", "48 j. kellor square"),
        ("send it to 915 3rd ave please", "915 3rd ave"),
        ("send it to 77 avenue of the pines please", "77 avenue of the pines"),
        # lower case with no street word: its unit after it, or its city and state
        ("send it to 6100 oak dunmore, c-4, ste. 120 please", "6100 oak dunmore, c-4, ste. 120"),
        ("send it to 6100 oak dunmore apt 12 please", "6100 oak dunmore apt 12"),
        ("send it to 240 elm grand rapids, mi, thanks", "240 elm grand rapids, mi"),
        ("send it to 88 14th portland, or", None),  # "or" is a word: no state without a ZIP
        # a county road by its number on a grid
        ("Ship it to 4100 E CR 750 N today.", "4100 E CR 750 N"),
        ("Ship it to 4100 W C R 200 S today.", "4100 W C R 200 S"),
        ("Ship it to 2210 County Road 300 S today.", "2210 County Road 300 S"),
        # a lower-case grid address, a type written first in lower case
        ("send it to 5120 w 3400 s please", "5120 w 3400 s"),
        ("send it to 7300 e. 1200 n. road please", "7300 e. 1200 n. road"),
        ("send it to 44 calle luna please", "44 calle luna"),
        ("send it to 44 camino de la sierra alta, tucson", "44 camino de la sierra alta"),
        ("send it to 9 rue de la gare please", "9 rue de la gare"),
        # Publication 28 abbreviations after a street's name, in any case
        ("Ship it to 1810 Willow Aly today.", "1810 Willow Aly"),
        ("Ship it to 67 FOX CV today.", "67 FOX CV"),
        ("send it to 2280 duck lk please", "2280 duck lk"),
        (
            "Ship it to 3211 Hidden Rdgs, Tulsa, OK 74105 today.",
            "3211 Hidden Rdgs, Tulsa, OK 74105",
        ),
        # a numbered street with its directional and no type, a lettered avenue
        ("Ship it to 72 West 9th today.", "72 West 9th"),
        ("send it to 511 avenue c please", "511 avenue c"),
        # a directional after a lower-case street's type
        ("send it to 3410 cedar park blvd nw please", "3410 cedar park blvd nw"),
        ("send it to 3410 cedar blvd s, tulsa", "3410 cedar blvd s"),
    ],
)
def test_street_shapes_found_whole(text: str, expected: str | None) -> None:
    assert _found(text) == ([expected] if expected else [])


@pytest.mark.parametrize(
    "text",
    [
        "3 main reasons to stay, ca",  # no street: a count word
        "we waited 40 minutes in austin, tx",
        "i paid 300 dollars for it, ca",
        "she scored 12 points, unit 4 lost",
        "the 3 main reasons",
        "He was born in 1961 and moved in 1998 - 99 West",
        "Leeds 2 West Ham 1",
        "Celtic 3 Motherwell 0 Queen 's Park 2",
        "CAPE TOWN 1996-08-31",
        "The 1996-97 season ended.",
        "won 2 1st prizes",
        "at 5 a. m. the doors open",
        "Bureau 37 North 122 West",
        "took 4 avenues of approach",
        "In bed watching Day 51 HLs tonight",  # a type word alone after the number
        "the font is 12 pt bold",
        "won 2 Pt for the team",
        "send 5 ave bottles",
        "it was 5 w 10 s",  # one digit: no grid house number
        "ran 10 s 100 m",
        "Arsenal 2 CR 1 N",  # a one-digit count before it
        "I sent 3 via email",  # "via" is an English word
        "we drove 300 miles blvd s",
    ],
)
def test_no_street_in(text: str) -> None:
    assert _found(text) == []
