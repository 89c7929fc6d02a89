"""Address lines of other countries' shapes, brackets and doors around a street.

Rows for the rules of detection/addresses added for the second address set: a town and a
short postcode after a street (Australia, New Zealand, South Africa), a county or a state in
brackets, a door's letter after its number, a unit after a unit, a unit in brackets, German
and Dutch street words written apart. The addresses are invented for these tables (none is
from tests/data/addresses); the negative rows are scores, dates, tables, counts and calls.
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
        # a town, an Australian state and its postcode
        (
            "Send it to 7 Wattlebird Close, MERRIVALE NSW 2590 now",
            "7 Wattlebird Close, MERRIVALE NSW 2590",
        ),
        (
            "Send it to 18 Quokka Street, Banksia Heights VIC 3344.",
            "18 Quokka Street, Banksia Heights VIC 3344",
        ),
        ("Send it to 5 Emu Parade, Lowood Tas 7301, thanks", "5 Emu Parade, Lowood Tas 7301"),
        # a town and a short postcode after a comma (New Zealand, South Africa)
        ("Send it to 31 Harrier Avenue, Okarito 7412 please", "31 Harrier Avenue, Okarito 7412"),
        ("Send it to 9 Tui Crescent, Ferndale Hills 5022.", "9 Tui Crescent, Ferndale Hills 5022"),
        ("Send it to 1402 Acacia Rd, Drieberg, 1532 today", "1402 Acacia Rd, Drieberg, 1532"),
        ("Send it to 88 Protea Lane, Witkop, 452.", "88 Protea Lane, Witkop, 452"),
        # the county or the state in brackets
        (
            "Send it to 18 Maple Drive, Fairview (Dutchess), NY 12601 now",
            "18 Maple Drive, Fairview (Dutchess), NY 12601",
        ),
        ("Send it to 18 Maple Drive, Tulsa (OK) 74105 now", "18 Maple Drive, Tulsa (OK) 74105"),
        # a door's letter after its number, a unit after a unit, a unit in brackets
        ("Send it to 18 Maple Drive Apt 4 B today", "18 Maple Drive Apt 4 B"),
        (
            "Send it to 18 Maple Drive, Unit 4 - Building B today",
            "18 Maple Drive, Unit 4 - Building B",
        ),
        ("Send it to 18 Maple Drive (BLDG C2 LEFT) today", "18 Maple Drive (BLDG C2 LEFT)"),
        ("Send it to 18 Maple Drive (rear) today", "18 Maple Drive (rear)"),
        # German and Dutch street words written apart, "str" without its stop
        ("Send it to Berliner Strasse 5 today", "Berliner Strasse 5"),
        ("Send it to Alte Gasse 12, 50667 Nordheim now", "Alte Gasse 12, 50667 Nordheim"),
        ("Send it to Hauptstr 22, 30159 Nordheim now", "Hauptstr 22, 30159 Nordheim"),
        # a continental line with no street word: name, number, postcode, town
        ("Send it to Kestrelhof 12, 45127 Nordheim now", "Kestrelhof 12, 45127 Nordheim"),
        ("Send it to R Alto Sol 4, 4050-262 Vilar now", "R Alto Sol 4, 4050-262 Vilar"),
        ("Send it to Lindenhof 3, 5612 AB Veldhoven now", "Lindenhof 3, 5612 AB Veldhoven"),
        ("Send it to Chemin du Moulin 6, 1260 Nyon now", "Chemin du Moulin 6, 1260 Nyon"),
        # in lower case: a town and a state by its name, a code that is a word at a stop
        (
            "ship it to 4410 kestrel ave tulsa, oklahoma 74105 today",
            "4410 kestrel ave tulsa, oklahoma 74105",
        ),
        ("ship it to 4410 kestrel ave tulsa oklahoma today", "4410 kestrel ave tulsa oklahoma"),
        (
            "ship it to 4410 kestrel ridge rd ste 300 tulsa ok.",
            "4410 kestrel ridge rd ste 300 tulsa ok",
        ),
        ("ship it to 4410-b kestrel ct today", "4410-b kestrel ct"),
        # boxes: a drawer's letter, general delivery, a building before the box
        ("Mail it to PO Drawer J, Tulsa OK 74105 now", "PO Drawer J, Tulsa OK 74105"),
        ("Mail it to General Delivery, Tulsa, OK 74101 now", "General Delivery, Tulsa, OK 74101"),
        (
            "Mail it to Kestrel Center PO Box 4410 Tulsa OK 74105 now",
            "Kestrel Center PO Box 4410 Tulsa OK 74105",
        ),
        (
            "mail it to po box 4410, tulsa, oklahoma 74105 now",
            "po box 4410, tulsa, oklahoma 74105",
        ),
        # a range's two house numbers without the dash
        ("Send it to 4410 4412 Kestrel Rd today", "4410 4412 Kestrel Rd"),
        ("Send it to 358 362 E 71ST now", "358 362 E 71ST"),
        # Publication 28 roads, suffixes and designators
        ("Send it to 4410 US Highway 12 East today", "4410 US Highway 12 East"),
        ("Send it to 4410 Farm to Market Road 1960 today", "4410 Farm to Market Road 1960"),
        ("Send it to 4410 I-35 N today", "4410 I-35 N"),
        ("Send it to 4410 Kestrel Commons today", "4410 Kestrel Commons"),
        ("Send it to 4410 Kestrel Rd Key 12 today", "4410 Kestrel Rd Key 12"),
        ("Send it to 4410 Kestrel Rd PH 2 today", "4410 Kestrel Rd PH 2"),
        # a house number written out (in a text with a digit)
        ("Send it to One Kestrel Plaza, Suite 200 today", "One Kestrel Plaza, Suite 200"),
        ("Send it to Two Harbor Drive, Tulsa, OK 74105 now", "Two Harbor Drive, Tulsa, OK 74105"),
        ("Send it to One Union Square, Apt 22-C today", "One Union Square, Apt 22-C"),
        # an ordinal street of four digits
        ("Send it to 6000 SW 1000TH AVE now", "6000 SW 1000TH AVE"),
        # a grid line's one coordinate after a letter, with its city line; a spelled interstate
        ("Send it to 215 N 3400, Kestrel, UT now", "215 N 3400, Kestrel, UT"),
        ("Send it to 815 W 1250, Kestrelton, IN 46999 now", "815 W 1250, Kestrelton, IN 46999"),
        ("Send it to 4410 Interstate 94 today", "4410 Interstate 94"),
        # Australia's unit designators before the house number
        ("Send it to Shop 8, 410 Kestrel Rd now", "Shop 8, 410 Kestrel Rd"),
        ("Send it to Villa 3, 410 Kestrel Rd now", "Villa 3, 410 Kestrel Rd"),
        ("Send it to U 12 410 Kestrel St now", "U 12 410 Kestrel St"),
        # a continental line: a postcode with its hyphen needs no comma; an abbreviated
        # street word's dot, an elided article
        (
            "Send it to R Kestrel das Pombas 17C 1200-030 Lisboa now",
            "R Kestrel das Pombas 17C 1200-030 Lisboa",
        ),
        ("Send it to Am Kestrelpl. 5, 10437 Nordheim please", "Am Kestrelpl. 5, 10437 Nordheim"),
        (
            "Send it to Carrer d'Kestrel 155, 08011 Nordheim now",
            "Carrer d'Kestrel 155, 08011 Nordheim",
        ),
        # a town and an Australian state with no postcode
        (
            "Send it to 754 Kestrel Rd West, Kestrelton, QLD now",
            "754 Kestrel Rd West, Kestrelton, QLD",
        ),
        ("Send it to 9 Kestrel St, Kestrelton NSW today", "9 Kestrel St, Kestrelton NSW"),
    ],
)
def test_address_found_whole(text: str, expected: str) -> None:
    assert expected in _found(text)


@pytest.mark.parametrize(
    ("text", "unchanged"),
    [
        # a street's line ends where a sentence goes on: no year, time, score or count after it
        ("He lived at 18 Maple Drive, London 2019 was his year.", "2019"),
        ("We met at 18 Maple Drive, Tuesday 10:30 suits me.", "10:30"),
        ("Meet at 18 Maple Drive, Gate 3.5 km further on.", "3.5"),
        ("Meet at 18 Maple Drive, Room 12 is booked.", "is booked"),
        ("Meet at 18 Maple Drive, Hall 2019-05-04 was the date.", "2019-05-04"),
        # what looks like a town and a postcode is a table's or a result's numbers
        ("Results: Sydney 2590 points, Melbourne 2411 points.", "Sydney 2590"),
        ("Canberra ACT 2600 is a postcode we do not ask about.", "2600"),
        ("Totals, Wellington 7412, Auckland 6630.", "Wellington 7412"),
        ("Won 3 - 1 (OK) after extra time.", "(OK)"),
        # a letter after a number is no door without a unit before it; "A" is a word
        ("Send it to 18 Maple Drive Apt 4 A courier will call.", "courier"),
        ("Scores were 4 B and 5 C in the tables.", "4 B"),
        # a German word alone is no street
        ("Der Weg 5 mal gehen.", "Weg 5"),
        ("You are caller number 25 in the queue.", "caller number 25"),
        # a clause after a lower-case street is no town and state
        ("ship it to 4410 kestrel ave and then to texas", "then to texas"),
        ("the fee at 12 main st is fine ok.", "fine ok"),
        ("we live at 12 main st, ok ok see you", "ok ok"),
        ("General delivery times are slow this week.", "General delivery"),
        ("General Delivery is a service of the post.", "General Delivery"),
        ("Open drawer B and the Drawer J shelf.", "Drawer J"),
        # a year, a score, a higher number before a house number is no range
        ("In 2019 4410 Kestrel Rd was sold.", "2019"),
        ("He scored 12 4410 Kestrel Rd today.", "12"),
        ("Ship 4412 4410 Kestrel Rd boxes.", "4412"),
        # roads and words of Publication 28 with no house number, or as plain words
        ("Take Highway 12 East to the farm road 1960 exit.", "Highway 12 East"),
        ("He spoke in the House of Commons today.", "House of Commons"),
        ("Traffic on I-35 N was slow at 8.", "I-35 N"),
        ("Play key 12 and ph 7 at 12 Main St now.", "key 12"),
        # a number written out before a name and a word of a street is a count
        ("Two Supreme Court justices agreed on 5 May.", "Supreme Court"),
        ("Four Queens Park Rangers players scored 3 goals.", "Queens Park"),
        ("In 2 towns, Three Main Street Bank branches closed.", "Main Street"),
        ("At 20 past, Two Harbor Drive commuters were late.", "Harbor Drive"),
        # a score and a year are no house number and postcode
        ("Lazio 3, 1996 Champions League winners", "1996"),
        ("Bayern 2, 2001 Final replay", "Bayern 2"),
        # a number, a letter and a number with no city line after are a measure or a count
        ("It pulled 215 N 3400 times in the test, UT said.", "215 N 3400"),
        ("The load was 450 N 1200 cycles.", "450 N 1200"),
        ("He drove 12 Interstate 94 miles.", "12 Interstate 94"),
        ("Shop 8 opens at 9, the depot at 410 Kestrel Rd.", "Shop 8"),
        ("Shop 8 is the best one in town.", "Shop 8"),
        ("Grade U 2 and Villa 3 were sold.", "U 2"),
        ("Play at Kestrelton, QLD next week.", "QLD"),  # no street before the town
        # with no comma, five or four digits after a name and a number are a count or a year
        ("Bayern 2 10000 Fans sang.", "10000 Fans"),
        ("He sold Windows 10 12000 Copies.", "12000 Copies"),
        ("Chapter 11 filing, 12000 Jobs at risk", "12000"),
        ("Ring 5 times, then the Platz 3 entrance.", "Ring 5"),
    ],
)
def test_text_left_clear(text: str, unchanged: str) -> None:
    spans = merge(find_addresses(text))
    start = text.index(unchanged)
    covered = any(d.start < start + len(unchanged) and start < d.end for d in spans)
    assert not covered, _found(text)
