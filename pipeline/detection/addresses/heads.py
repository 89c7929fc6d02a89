"""What comes before a found street in an address: units, house numbers, building names.

A street shape often starts past the first word of the address: a unit ("Unit 7, 150
Kingsway", "Lot 42 99 Elm Road"), a road word before a route number ("US Hwy 19", "U S 70"),
the house number of a street found by its name ("W214N7781 Hollyhock Ln", "415 1/2 Orchard
Lane"), a number written out ("Four Meadow Parkway"), a building or landmark
line ("Two Harbor Plaza, 41 Pier Street", "Alder Field Airport, 300 Airport Road"). `head`
moves a street's start back over these, repeatedly; it never starts an address by itself.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.detection.addresses import street_words
from pipeline.detection.addresses.units import UNIT

_BEFORE_UNIT = re.compile(rf"(?<![\w#]){UNIT}\s*,?\s+$")
_UNIT_WORD_BEFORE = re.compile(
    r"(?<![\w#])(?:(?i:apt|apartment|suite|ste|unit|flat|room|bldg|building|floor|lot|dept|"
    r"department|pmb|msc)\.?\s*#?|#)\s*$"
)
_ROAD_BEFORE = re.compile(
    r"(?<![\w#])(?i:fm|sr|cr|us|u\.\s?s\.|u\s?s|hwy|highway|route|rte|rt|state\s+route|"
    r"county\s+road)\.?\s+$"
)
# a house number: "2153", "12B", "W214N7781" (a Wisconsin grid number)
_HOUSE_BEFORE = re.compile(r"(?<![\w.,/-])(?:[NSEW]\d{1,4}[NSEW]\d{1,5}|\d{1,6}[A-Za-z]?)\s+$")
_UNIT_AT = re.compile(rf"{UNIT}")
# two house numbers of a range written without its dash ("4410 4412 Kestrel Rd"): the same
# number of digits, the first one lower and no year
_NUMBER_BEFORE = re.compile(r"(?<![\w.,/$£€#:-])(\d{2,6})\s+$")
_NUMBER_AT = re.compile(r"\d{2,6}(?![\w.,/:-])")
# a box, whose building may stand before it ("Kestrel Center PO Box 12")
_BOX_AT = re.compile(r"(?i:p\.?\s?o\.?\s?b|post\s+office|box\b|drawer\b)")
# a lockbox's reference before its box, as a firm's remittance address has it ("Dept 3256
# PO Box 2153", "File 30538 PO Box 60000", "Ref No. 2438 PO Box 41602", "Mail Code 5508 PO Box
# 12"): the word and a number with a digit, right before the box
_REFERENCE_BEFORE = re.compile(
    r"(?<![\w#])(?i:dept|department|file|lockbox|mail\s+(?:code|stop|drop)|ref(?:erence)?"
    r"(?:\s*(?:no|nr|number)\b)?)\.?\s*[#:]?\s*\d[\d-]{1,14}\s*,?\s+$"
)
_FRACTION = re.compile(r"\d/\d\b")
# the house number of a street named by a number: "22 N 700 East", "7713-15 S. Orchard
# Grove" (a range), "6230 I 35" (an interstate), "1177 OLD 20 RD"
_NUMBERED_BEFORE = re.compile(r"(?<![\w.,/-])\d{1,6}(?:-|\s+(?:[NSEW]\.?|[nsew]|I|Old|OLD)\s+)$")
_SPELLED = "(?:{})".format(
    "|".join((*street_words.SPELLED_NUMBERS, *(w.upper() for w in street_words.SPELLED_NUMBERS)))
)
_SPELLED_BEFORE = re.compile(rf"(?<![\w]){_SPELLED}\s+$")
_BUILDING_WORD = (
    r"(?:Plaza|Center|Centre|Tower|Towers|Building|Airport|Mall|Park|Square|Complex|Court|"
    r"House|Hall|Hospital|Campus|Station|Terminal|Place|Commons|Pavilion)"
)
# a building's line before its street: "Two Harbor Plaza, 41 Pier Street"
_BUILDING_BEFORE = re.compile(
    rf"(?<![\w])(?:{_SPELLED}\s+)?(?:[A-Z][\w'&.-]*\s+){{0,3}}"
    rf"(?:{_BUILDING_WORD}|(?i:{_BUILDING_WORD}))\s*[,;]?\s*$"
)

# the same in lower case, before a street or box written in lower case: "north tower 3353
# peachtree rd", "l & c tower 401 church st", "church street station po box 12"; its words
# start the text, a bracket's or comma's clause, or follow a word that puts an address ("to",
# "at", "is", "for", "c/o", "find") or a floor ("14th floor l & c tower"): no verb's or clause's word
# goes in ("could not find north tower")
_LOWER_BUILDING_BEFORE = re.compile(
    r"(?:^|(?<=[,:;(])|(?<=\bto\s)|(?<=\bat\s)|(?<=\bis\s)|(?<=\bfor\s)|(?<=\bc/o\s)|(?<=\bfind\s)"
    r"|(?<=\bfloor\s)|(?<=\bflr\s))\s*"
    r"(?:(?:(?!(?:to|is|at|for|and|of|in|on|by|the|a|an|my|our|your|near|from|with|i|we|you|"
    r"it|this|that|was|were|be|me|us)\s)[a-z](?:[\w'-]|\.(?=\w))*|&)\s+){1,3}"
    rf"(?i:{_BUILDING_WORD})\s*[,;]?\s*$"
)
_UPPER = re.compile(r"[A-Z]")


def _building_before(text: str, start: int) -> re.Match[str] | None:
    """A building's line before the address that starts at `start`, in its case."""
    if _UPPER.search(text, start, start + 30) is None:
        match = _LOWER_BUILDING_BEFORE.search(text, max(0, start - 60), start)
        if match is not None:
            return match
    return _BUILDING_BEFORE.search(text, max(0, start - 60), start)


@lru_cache(maxsize=1)
def _street_before() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A street before a unit ("4150 the alder road # 7"), and the house number and name
    before a street found from its street word ("one south alder dr ste 9")."""
    suffixes, _ = street_words.street_vocabulary()
    latin = {w for w in suffixes if re.fullmatch(r"[a-zà-ÿ'. -]+", w)}
    suffix = rf"(?i:{street_words.alternation(latin)})"
    house = rf"(?<![\w.,/-])(?:\d{{1,6}}[A-Za-z]?|(?i:{_SPELLED}))"
    word = r"(?!(?i:to|is|at|for|and|of|in|on|by|the)\s)[A-Za-z][\w'.-]*"
    before_unit = re.compile(rf"{house}\s+(?:(?i:the)\s+)?(?:{word}\s+){{1,3}}{suffix}\.?,?\s+$")
    # in lower case only: a capitalised name before a type word is a team's too ("1 Queen 's
    # Park Rangers")
    lower = r"(?!(?:to|is|at|for|and|of|in|on|by|the)\s)[a-z][\w'.-]*"
    direction = r"(?:north|south|east|west|[nsew]\.?)"
    name_before = re.compile(rf"{house}\s+(?:{direction}\s+)?(?:{lower}\s+){{1,2}}$")
    lower_suffix = re.compile(rf"(?:{street_words.alternation(latin)})\b")
    return before_unit, lower_suffix, name_before


def head(text: str, start: int) -> int:
    """The start of the address whose street starts at `start`."""
    while True:
        before = _before(text, start)
        if before is None or before >= start:
            return start
        start = before


def _before(text: str, start: int) -> int | None:
    first = text[start : start + 1]
    unit = _BEFORE_UNIT.search(text, max(0, start - 40), start)
    if unit is not None:
        return unit.start()
    if first.isdigit():
        # a line found from its number: "Unit 7, 150 Kingsway, …" matched from "7"
        for pattern, reach in ((_UNIT_WORD_BEFORE, 16), (_ROAD_BEFORE, 16)):
            match = pattern.search(text, max(0, start - reach), start)
            if match is not None:
                return match.start()
        if _FRACTION.match(text, start):  # "415 1/2 Orchard Lane": the street took "2 Orchard"
            match = _HOUSE_BEFORE.search(text, max(0, start - 10), start)
            if match is not None:
                return match.start()
        match = _NUMBERED_BEFORE.search(text, max(0, start - 12), start)
        if match is not None:
            return match.start()
        match = _NUMBER_BEFORE.search(text, max(0, start - 8), start)
        number = _NUMBER_AT.match(text, start)
        if match is not None and number is not None and _a_range(match.group(1), number.group()):
            return match.start()
        match = _building_before(text, start)
        return None if match is None else match.start()
    if _BOX_AT.match(text, start):
        match = _REFERENCE_BEFORE.search(text, max(0, start - 40), start)
        if match is None:
            match = _building_before(text, start)
        if match is not None:
            return match.start()
    before_unit, suffix, name_before = _street_before()
    if text.startswith("#", start) or _UNIT_AT.match(text, start):
        match = before_unit.search(text, max(0, start - 60), start)
        if match is not None:
            return match.start()
    if suffix.match(text, start):  # "dr ste 9 …" found from its street word: the name before
        match = name_before.search(text, max(0, start - 40), start)
        if match is not None:
            return match.start()
    if first.isupper():  # a street found by its name or its road word: its number before it
        for pattern in (_HOUSE_BEFORE, _SPELLED_BEFORE):
            match = pattern.search(text, max(0, start - 12), start)
            if match is not None:
                return match.start()
    return None


def _a_range(first: str, second: str) -> bool:
    year = len(first) == 4 and first[:2] in {"19", "20"}  # "In 2019 4410 Kestrel Rd was sold"
    return len(first) == len(second) and int(first) < int(second) and not year
