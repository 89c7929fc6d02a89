"""Address lines around a street: units, directionals, route numbers, city lines, boxes.

Each rule of detection/addresses/lines.py has rows that must be found whole and rows that must
stay clear. The addresses are invented for these tables (none is from tests/data/addresses).
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
        # unit designators after the street
        ("Ship to 82 Orchard Lane, Building 4 today", "82 Orchard Lane, Building 4"),
        ("Ship to 82 Orchard Lane Suite 310 today", "82 Orchard Lane Suite 310"),
        ("Ship to 82 Orchard Lane, Ste. 310 today", "82 Orchard Lane, Ste. 310"),
        ("Ship to 82 Orchard Lane # 2200 today", "82 Orchard Lane # 2200"),
        ("Ship to 82 Orchard Lane, #14 today", "82 Orchard Lane, #14"),
        ("Ship to 82 Orchard Lane 12th Floor today", "82 Orchard Lane 12th Floor"),
        ("Ship to 82 Orchard Lane, Third Floor today", "82 Orchard Lane, Third Floor"),
        ("Ship to 82 Orchard Lane Apt B today", "82 Orchard Lane Apt B"),
        # a designator joined to its number by a hyphen, a full stop, nothing
        ("Ship to 82 Orchard Lane Apt-4 today", "82 Orchard Lane Apt-4"),
        ("Ship to 82 Orchard Lane Ste.B today", "82 Orchard Lane Ste.B"),
        ("Ship to 82 Orchard Lane Apt4 today", "82 Orchard Lane Apt4"),
        # unit designators before it
        ("Ship to Unit 3, 82 Orchard Lane today", "Unit 3, 82 Orchard Lane"),
        ("Ship to Flat 9C, 82 Orchard Lane today", "Flat 9C, 82 Orchard Lane"),
        ("Ship to Bldg 5 82 Orchard Lane today", "Bldg 5 82 Orchard Lane"),
        # a directional after the street, a route number after a road word
        ("Ship to 82 Orchard Lane, SE today", "82 Orchard Lane, SE"),
        ("Ship to 82 Orchard Lane N.W. today", "82 Orchard Lane N.W"),
        ("Ship to 4100 County Highway 12 today", "4100 County Highway 12"),
        ("Ship to 750 W. Rte. 9 today", "750 W. Rte. 9"),
        # the city / region / postcode line after the street
        ("Ship to 82 Orchard Lane, Tulsa, OK 74105 today", "82 Orchard Lane, Tulsa, OK 74105"),
        ("Ship to 82 Orchard Lane Tulsa OK 74105-2231 now", "82 Orchard Lane Tulsa OK 74105-2231"),
        (
            "Ship to 82 Orchard Lane, Tulsa, Oklahoma 74105 now",
            "82 Orchard Lane, Tulsa, Oklahoma 74105",
        ),
        ("Ship to 82 Orchard Lane, Tulsa 74105 today", "82 Orchard Lane, Tulsa 74105"),
        ("Ship to 82 Orchard Lane, Salem, MA 1970 now", "82 Orchard Lane, Salem, MA 1970"),
        (
            "Ship to 82 Orchard Lane, Tulsa, OK 74105 USA now",
            "82 Orchard Lane, Tulsa, OK 74105 USA",
        ),
        ("Ship to 82 Orchard Lane, Regina, SK S4P 3Y2 now", "82 Orchard Lane, Regina, SK S4P 3Y2"),
        ("Ship to 82 Orchard Lane, Bristol BS8 4QT now", "82 Orchard Lane, Bristol BS8 4QT"),
        ("Ship to Birkenweg 12, 70173 Stuttgart now", "Birkenweg 12, 70173 Stuttgart"),
        ("Ship to 9 rue Lafayette, 69003 Lyon now", "9 rue Lafayette, 69003 Lyon"),
        ("Ship to Dorpsstraat 14, 3811 AB Amersfoort now", "Dorpsstraat 14, 3811 AB Amersfoort"),
        ("ship to 82 orchard lane tulsa ok 74105 today", "82 orchard lane tulsa ok 74105"),
        (
            "Ship to 10 Elm Road, Didsbury, Bristol BS8 4QT now",
            "10 Elm Road, Didsbury, Bristol BS8 4QT",
        ),
        (
            "Ship to Dorpsstraat 14-B, 3811 AB Amersfoort now",
            "Dorpsstraat 14-B, 3811 AB Amersfoort",
        ),
        ("Envoyer au 9 bis rue Lafayette, 69003 Lyon", "9 bis rue Lafayette, 69003 Lyon"),
        (
            "ship to 415 maple dr apt c tulsa oklahoma 74105-2231 now",
            "415 maple dr apt c tulsa oklahoma 74105-2231",
        ),
        # a second street word after the first, a road word before the number
        ("ship to 415 elm grove pkwy today", "415 elm grove pkwy"),
        ("Ship to 415 Peachtree Rd Tower Place today", "415 Peachtree Rd Tower Place"),
        ("Write to FM 2210 Box 14, Alpine, TX 79830 now", "FM 2210 Box 14, Alpine, TX 79830"),
        # USPS suffix abbreviations
        ("Ship to 415 Maple Xing today", "415 Maple Xing"),
        ("Ship to 415 Deer Crk Rd today", "415 Deer Crk Rd"),
        # a US line found by its state and ZIP, without a street word
        ("Ship to 415 Maplewood, Tulsa, OK 74105 today", "415 Maplewood, Tulsa, OK 74105"),
        ("ship to 415 maplewood apt 3 tulsa tx 74105 today", "415 maplewood apt 3 tulsa tx 74105"),
        ("ship to 415 nw 58th ste 4 tulsa ok 74105 today", "415 nw 58th ste 4 tulsa ok 74105"),
        (
            "Ship to Unit 4, 88 Kingsway, Regina, SK S4P 3Y2.",
            "Unit 4, 88 Kingsway, Regina, SK S4P 3Y2",
        ),
        # a one-letter directional, then the street's name
        ("Ship to 415 N. Maplewood today", "415 N. Maplewood"),
        ("Ship to 415 W 23rd today", "415 W 23rd"),
        ("Ship to 415 S Maplewood Unit 2B today", "415 S Maplewood Unit 2B"),
        # P.O. boxes and rural routes
        ("Write to PO Box 7712 please", "PO Box 7712"),
        ("Write to P.O. Box 7712, Tulsa, OK 74105 please", "P.O. Box 7712, Tulsa, OK 74105"),
        ("Write to po bx 7712 please", "po bx 7712"),
        ("Write to Box 7712 please", "Box 7712"),
        ("Write to box # 12 please", "box # 12"),
        ("Write to RR 3 Box 41 please", "RR 3 Box 41"),
        ("Write to HC 61 Box 7A please", "HC 61 Box 7A"),
        ("Write to Rural Route 2 please", "Rural Route 2"),
        ("Write to Route 5 Box 90 please", "Route 5 Box 90"),
        ("Write to P.O.B. 7712 please", "P.O.B. 7712"),
        ("Write to Drawer 118, Tulsa, OK 74105 please", "Drawer 118, Tulsa, OK 74105"),
        ("Write to PMB 118 please", "PMB 118"),
        ("Write to RR 3 Box please", "RR 3 Box"),
        ("Route 4 RR 2 Box is full", "Route 4 RR 2 Box"),  # a box's number is no word
        # a box or a unit after a street, in any spelling
        ("Ship to 82 Orchard Lane, PO 118 today", "82 Orchard Lane, PO 118"),
        ("Ship to 82 Orchard Lane P.O. Box 118 today", "82 Orchard Lane P.O. Box 118"),
        ("Ship to 82 Orchard Lane, B-4 today", "82 Orchard Lane, B-4"),
        ("Ship to Lt 12 82 Orchard Lane today", "Lt 12 82 Orchard Lane"),
        # the city line: after a semicolon, a directional first, a state mistyped, the district
        ("Ship to 82 Orchard Lane; Tulsa, OK 74105 now", "82 Orchard Lane; Tulsa, OK 74105"),
        ("Ship to 82 Orchard Lane, w Tulsa OK now", "82 Orchard Lane, w Tulsa OK"),
        ("Ship to 82 Orchard Lane, Tulsa, oK 74105 now", "82 Orchard Lane, Tulsa, oK 74105"),
        (
            "Ship to 82 Orchard Lane, Georgetown, District of Columbia, 20007 now",
            "82 Orchard Lane, Georgetown, District of Columbia, 20007",
        ),
        ("Ship to 82 Orchard Lane, Ponce, Puerto Rico now", "82 Orchard Lane, Ponce, Puerto Rico"),
        # a US line with a title-case particle, or with no ZIP: a state after a comma
        (
            "Ship to 415 Plaza Of The Maples, Tulsa, OK 74105 now",
            "415 Plaza Of The Maples, Tulsa, OK 74105",
        ),
        ("Ship to 415 Maplewood, NE today", "415 Maplewood, NE"),
        ("Ship to 415 Maplewood Tulsa, Oklahoma today", "415 Maplewood Tulsa, Oklahoma"),
        ("Ship to 415 NORTH ELM, TULSA, OKLAHOMA now", "415 NORTH ELM, TULSA, OKLAHOMA"),
        # a spelled directional, a street when a unit, a box or a city line follows
        ("Ship to 415 WEST ELM TULSA OKLAHOMA now", "415 WEST ELM TULSA OKLAHOMA"),
        ("Ship to 415 North Maplewood Third Floor now", "415 North Maplewood Third Floor"),
        ("Ship to 415 SOUTH K7B BOX 12 now", "415 SOUTH K7B BOX 12"),
        # a road by its number, a grid address
        ("Ship to 8120 STATE RT. 12 now", "8120 STATE RT. 12"),
        ("Ship to 8120 County Rd 12 now", "8120 County Rd 12"),
        ("Ship to 2210 West 4700 South now", "2210 West 4700 South"),
        ("Ship to 52S 700E, Provo UT today", "52S 700E, Provo UT"),
        # a unit in brackets, a lower-case directional's letter before a unit
        ("Ship to 4150 alder street (mc 41) room 7 now", "4150 alder street (mc 41) room 7"),
        ("Ship to 4150 alder center e ste 30b now", "4150 alder center e ste 30b"),
        # the designators of USPS that take a number and those that take none
        ("Ship to 82 Orchard Lane Hangar 4 now", "82 Orchard Lane Hangar 4"),
        ("Ship to 82 Orchard Lane, Slip B-12 now", "82 Orchard Lane, Slip B-12"),
        (
            "Ship to 82 Orchard Lane Rear, Tulsa, OK 74105 now",
            "82 Orchard Lane Rear, Tulsa, OK 74105",
        ),
        ("Ship to 82 ORCHARD LN BSMT now", "82 ORCHARD LN BSMT"),
        # a state abbreviated as the news agencies write it, a PO drawer
        ("Ship to 82 Orchard Lane, Tulsa, Okla. 74105 now", "82 Orchard Lane, Tulsa, Okla. 74105"),
        ("Ship to PO Drawer 44, Tulsa, OK 74105 now", "PO Drawer 44, Tulsa, OK 74105"),
        (
            "Ship to CMR 415 Box 2, APO AE 09114 now",
            "CMR 415 Box 2, APO AE 09114",
        ),  # a military box line
        ("Ship to Postbus 123, 3500 AA Utrecht now", "Postbus 123, 3500 AA Utrecht"),
        # box spellings of USPS: a number word, a caller box, a star route or rural delivery
        # without a route number, a hyphen, a route after the box
        ("Write to PO Box No. 7731 now", "PO Box No. 7731"),
        ("Write to Firm Caller 7731 now", "Firm Caller 7731"),
        ("Write to Caller Box 7731 now", "Caller Box 7731"),
        ("Write to Star Rt Box 31 now", "Star Rt Box 31"),
        ("Write to RD 4 Box 31 now", "RD 4 Box 31"),
        ("Write to HC-71 Box 3 now", "HC-71 Box 3"),
        ("Write to R R 4 Box 31 now", "R R 4 Box 31"),
        ("Write to P.O. Box 31, Rt. 4 now", "P.O. Box 31, Rt. 4"),
        # a highway contract route in its older spellings, abbreviated as Publication 28's
        # Appendix C1 does; a route's number with two letters
        ("Write to Star Rte 31 Box # 7 now", "Star Rte 31 Box # 7"),
        ("Write to Hwy Contract Rte 71 Box 3B now", "Hwy Contract Rte 71 Box 3B"),
        ("write to hwy contract route # 9A box # 2C now", "hwy contract route # 9A box # 2C"),
        ("Write to HCR 71AB Box 3 now", "HCR 71AB Box 3"),
        # a rural route or highway contract with no route number before its box
        ("Write to RR Box 12 now", "RR Box 12"),
        (
            "Write to Rural Route Box 12, Alpine, TX 79830 now",
            "Rural Route Box 12, Alpine, TX 79830",
        ),
        ("Write to HC Box 7A now", "HC Box 7A"),
        # a unit's number after "No.", two doors, a range, a wing by its direction
        ("Ship to 82 Orchard Lane Apt No. 7 now", "82 Orchard Lane Apt No. 7"),
        # a town's name with particles in lower case
        (
            "Ship to 82 Orchard Lane, Bay in the Pines, OK 74105 now",
            "82 Orchard Lane, Bay in the Pines, OK 74105",
        ),
        ("Ship to 82 Orchard Lane No. 7 now", "82 Orchard Lane No. 7"),
        ("Ship to 82 Orchard Lane Ste 310 & 311 now", "82 Orchard Lane Ste 310 & 311"),
        ("Ship to 82 ORCHARD LN APT 4 & 5, TULSA, OK now", "82 ORCHARD LN APT 4 & 5, TULSA, OK"),
        ("Ship to 82 Orchard Lane Suites 310-318 now", "82 Orchard Lane Suites 310-318"),
        (
            "Ship to 82 Orchard Lane Suite 310 West Tower now",
            "82 Orchard Lane Suite 310 West Tower",
        ),
        ("Ship to Boîte postale 44, 75011 Paris now", "Boîte postale 44, 75011 Paris"),
        # a building of a complex after the unit
        (
            "Ship to 82 Orchard Lane Suite 12, Kestrel 2, thanks",
            "82 Orchard Lane Suite 12, Kestrel 2",
        ),
        # a US route by its number alone, a second street word after a comma, "of the" in a name
        ("Ship to 4150 us 61 wichita ks now", "4150 us 61 wichita ks"),
        (
            "Ship to 4150 alder road, harbor place ste 12 now",
            "4150 alder road, harbor place ste 12",
        ),
        (
            "Ship to 4150 way of the pines tulsa ok 74105 now",
            "4150 way of the pines tulsa ok 74105",
        ),
        # in lower case, a town and its ZIP with no state, the state before the town
        ("ship to 4150 alder court tulsa 74105 now", "4150 alder court tulsa 74105"),
        (
            "ship to 4150 alder rd, broken arrow 74012-1234",
            "4150 alder rd, broken arrow 74012-1234",
        ),
        (
            "ship to 4150 alder rd ste 9 ks wichita 67202 now",
            "4150 alder rd ste 9 ks wichita 67202",
        ),
        # no street word: a lettered house number and a town and state in lower case
        ("Ship to B4120 Alder, tulsa, oklahoma now", "B4120 Alder, tulsa, oklahoma"),
        # a name and a ZIP, a name and a unit's number and letter, a spelled directional and
        # an apartment's number, a unit before the street, a street with no house number
        ("Send it to 4150 Alder 74105 please", "4150 Alder 74105"),
        ("Send it to 4150 Alder Glen 3B.", "4150 Alder Glen 3B"),
        ("We moved to 4150 West Alder Glen 212 in May", "4150 West Alder Glen 212"),
        ("Send it to 4150 # C ALDER GLEN COURT, thanks", "4150 # C ALDER GLEN COURT"),
        ("Send it to 4150 Apt 7 Alder Glen Court, thanks", "4150 Apt 7 Alder Glen Court"),
        (
            "We moved to B-C Alder Glen Court, Tulsa, 74105 last month",
            "B-C Alder Glen Court, Tulsa, 74105",
        ),
        # a street named by its directional alone, before a unit and a town or a town and a
        # state (Publication 28); a quadrant before a numbered street; a lower-case directional
        # before a bare unit's number
        ("Ship to 415 East # 12, Tulsa, Oklahoma today", "415 East # 12, Tulsa, Oklahoma"),
        ("Ship to 415 N. # 12, Tulsa, OK now", "415 N. # 12, Tulsa, OK"),
        ("Ship to 415 NORTH APT 3 TULSA OKLAHOMA now", "415 NORTH APT 3 TULSA OKLAHOMA"),
        ("Ship to 4150 NE 58th please", "4150 NE 58th"),
        ("ship to 4150 nw 21st ave now", "4150 nw 21st ave"),
        ("ship to 415 ne 41 sw now", "415 ne 41 sw"),
        ("ship to 4150 alder street e. 216 now", "4150 alder street e. 216"),
        # Wisconsin's grid house numbers, with a space between the axes or none
        ("Ship to N48 W15320 Kestrel Ct now", "N48 W15320 Kestrel Ct"),
        ("Ship to W186N9742 Orchard Lane now", "W186N9742 Orchard Lane"),
        # a house number written out in a text with no digit
        ("Please ship it to One Kestrel Plaza today.", "One Kestrel Plaza"),
        ("Ship to Two Harbor Drive, Tulsa, Oklahoma now", "Two Harbor Drive, Tulsa, Oklahoma"),
        # postcodes alone: a Canadian shape, or any shape after the word postcode
        ("Is K2P 1L4 in your area?", "K2P 1L4"),
        ("my postcode is 3811 AB, right?", "3811 AB"),
        ("PLZ: 70173", "70173"),
    ],
)
def test_address_lines_found_whole(text: str, expected: str) -> None:
    assert expected in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Passport number 531234567, expiring 2031.",  # "ring" ends an English word
        "They met in spring 2019 in Bonn.",
        "Route 66 is a famous road.",  # a route alone is no rural route
        "The hwy contract was signed in 2019.",  # a contract with no route number
        "Star Rte is a song, track 12 box set",  # a star route with no number or box
        "The RR crossing is 12 miles on",  # a rural route's letters with no box
        "We drove HC 71ABC miles",  # three letters after the number are a word
        "I keep 3 spare cables in the box 2 metres away.",  # lower-case box and a number
        "Seattle 3 Boston 2 New York 5",  # a table of scores
        "He scored 24 in 31 balls, 3 fours.",
        "The 1995 West Indies tour",
        "Flight 12 arrives at 4 pm",
        "We shipped 4 units on Monday",  # "units" is no unit designator with an id
        "order 12345 of 2024, ref 7",
        "Paris 75 Lyon 69",
        "NY 10",  # a state and a short number, no ZIP
        "We sold 300 units in 2024, up 12 percent in 10000 shops.",
        "Ask for 2 boxes at the Park.",
        "He beat 10 North Korean soldiers in Seoul, Korea.",  # a spelled directional alone
        "There were 500 South African troops, Reuters said.",
        "The 3 West Indies wickets fell for 211",
        "Sampras beat 6 Todd Martin, New York",  # a score, a name and a city: no state
        "Chicago 5 Boston, MA",  # a score before a city and state
        "Won 3 Games, NE",  # a state code after a lower-case word
        "Ate 12 Pies, OK then",  # a state code that is a word before more text
        "The quake was at 35 N 120 W on Monday.",  # degrees, not a grid
        "Lot 12 sold for 4,500 dollars",
        "He gave 12 State Rt 66 maps away",  # a count before a road: no rural house number
        "The box is under the Drawer.",
        "The CMR 415 report",  # the military word and a number, no box
        "The Postbus is late",  # the box word with no number
        "Take RD 4 to the farm",  # a road's abbreviation and a number, no box
        "The units no 4 longer fit",  # a unit word with "no" and no street
        "The caller said 7731 times",  # no box word, a count
        "You are caller number 25 in the queue.",  # a caller alone is a person on a call
        "Caller 3, you are on the air",
        "SEATTLE , Wash. 1996-08-22",  # a dateline: the agency's abbreviation, no street
        "Ask Miss 74105 about it",  # the abbreviation needs its full stop
        "About 500 US 19-year-olds applied",  # a count before "US" and an age
        "He sold 500 of the shares, ok 74105",  # a count: "of the" and a clause word after
        "46 West Hartlepool 20 Bath 12",  # a score line: two digits after a directional's name
        "Thursday 13:30 Temperature 13C and few clouds",  # a time, not a house number
        "Lakers 112 Celtics 10500",  # a team's name before the number: a result line
        "They sold 112 Celtics 10500 tickets",  # a plural noun after it: a count
        "He won 120 Grand Prix 2,500 points",
        "At 12 Noon, then washington",  # a clause word before the state's name
        "A Main Street, Tulsa, 74105 sign",  # "A" is no door's letter
        "Room 5 was PO 4 years ago",  # no street before the box
        "He sold 500 East Texas acres",  # a directional alone and a region: no town line
        "They drove 40 North to Tulsa",
        "The N16 W23 Road report",  # a grid's second axis has three digits or more
        "We won 3 se 4 sw games",  # a quadrant's line needs a house number of two digits
        "Two Supreme Court justices agreed.",  # a spelled number in a text with no digit
        "One Direction played at the Kestrel Plaza Hotel",
    ],
)
def test_text_without_an_address(text: str) -> None:
    assert _found(text) == []


def test_a_count_after_a_lower_case_directional_is_no_unit() -> None:
    assert _found("ship to 4150 alder street e 216 units now") == ["4150 alder street e"]
    assert _found("ship to 4150 alder street e. 2.5 miles") == ["4150 alder street e"]


def test_a_zip_is_no_house_number() -> None:
    # "60601 came back" was a spoken street: a locale's "Back Lane" made "back" a street word
    assert _found("the parcel for Chicago, IL 60601 came back to us") == ["Chicago, IL 60601"]


def test_a_lower_case_letter_after_a_street_is_no_directional_without_a_unit() -> None:
    assert _found("He lives on 4150 alder street e and more") == ["4150 alder street"]


def test_a_designator_without_number_is_taken_only_in_title_case_or_capitals() -> None:
    assert _found("Ship to 82 Orchard Lane rear today") == ["82 Orchard Lane"]


def test_a_word_and_number_after_a_unit_that_is_no_building() -> None:
    # a count or a score after the unit: more numbers, a clause word
    assert _found("Ship to 82 Orchard Lane Suite 12, Kestrel 2 3 4") == ["82 Orchard Lane Suite 12"]
    assert _found("Ship to 82 Orchard Lane Suite 12, The 2 of us") == ["82 Orchard Lane Suite 12"]


def test_a_lower_case_town_and_zip_are_no_count() -> None:
    # a plural noun after the number counts it; a clause word before it ends the line
    assert _found("the 4150 alder rd team sold 20000 units") == ["4150 alder rd"]
    assert _found("the 4150 alder rd plan has 20000 votes") == ["4150 alder rd"]


@pytest.mark.parametrize(
    "text",
    [
        "Ship to 82 Orchard Lane apt-friendly homes",  # was "82 Orchard Lane apt-frien"
        "Ship to 82 Orchard Lane floorboards creak",
        "Ship to 82 Orchard Lane suited fine",  # "suite" and a letter
        "Ship to 82 Orchard Lane unity day",
        "Ship to 82 Orchard Lane lots of room",
    ],
)
def test_a_designator_inside_a_word_is_no_unit(text: str) -> None:
    assert _found(text) == ["82 Orchard Lane"]


def test_a_second_door_only_after_a_unit() -> None:
    assert _found("Ship to 82 Orchard Lane & 5 more") == ["82 Orchard Lane"]
    assert _found("Ship to 82 Orchard Lane Apt 4 & 5.5 cats") == ["82 Orchard Lane Apt 4"]


def test_a_second_street_word_keeps_the_street_s_case() -> None:
    # a lower-case word and type after a street with capitals are prose
    assert _found("Ship to 82 Orchard Lane roomy flat today") == ["82 Orchard Lane"]
    assert _found("Ship to 82 Orchard Lane big park today") == ["82 Orchard Lane"]
    # in the street's own case, or an abbreviated type, they are its second street word
    assert _found("ship to 82 willow bend pkwy today") == ["82 willow bend pkwy"]
    assert _found("Ship to 82 Orchard Rd, Harbor Place today") == ["82 Orchard Rd, Harbor Place"]
    assert _found("Ship to 12 S St thomas av today") == ["12 S St thomas av"]
