"""The rest of an address around a found street, and address lines found by their own shape.

A street found by its street word ("4400 Commerce Parkway") is rarely the whole address:
units come before or after it ("Unit 7,", "Building 3", "Ste. 340", "# 1400", "23rd Floor"),
a directional after it ("Ninth Street, NW"), a route number after a road word ("US Highway
61"), and the city/region/postcode line after all of these (", Dallas, TX 75247", ", 80689
München", " Ipswich IP4 5NQ"). `extend` grows each street span over what follows and precedes
it, repeatedly. `find_lines` finds what no street word shows: a US line anchored on its state
and ZIP ("82 Elm, Port Avery, OK 74105", lower case too), a street with a one-letter
directional ("310 S. Marlowe"), P.O. boxes and rural routes ("RR4 BOX 227", "HC 0417 Box 38").
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.detection.addresses import postcodes, street_words
from pipeline.detection.addresses.bare_postcodes import find_bare_postcodes
from pipeline.detection.addresses.cued_names import find_cued_names
from pipeline.detection.addresses.cued_streets import find_cued_streets
from pipeline.detection.addresses.directional_streets import directional_streets
from pipeline.detection.addresses.heads import head
from pipeline.detection.addresses.postcodes import (
    AP_STATES,
    AU_STATES,
    CA,
    CITY,
    EU_POSTCODE,
    LOWER_STATES,
    PLAIN_CODES,
    SHORT_POSTCODE,
    UK_POSTCODE,
    US,
    WORDLIKE_STATES,
    ZIP,
    state_names,
    upper_state_names,
)
from pipeline.detection.addresses.second_street import prose_after
from pipeline.detection.addresses.units import (
    BARE_UNIT,
    BOX_LINE,
    BRACKETED_NUMBERLESS,
    NUMBERLESS_UNIT,
    UNIT,
    UNIT_WORD,
)
from pipeline.detection.pattern_facts import (
    WHITESPACE,
    needs_whitespace,
    pattern_needs,
    start_guarded,
    text_holds,
)
from pipeline.detection.spans import Detection

REGION_CODES = postcodes.REGION_CODES
# a unit after the street or after a unit ("Unit 4 - Building B"), in brackets too ("street
# (mc 41) room 7", "(Bldg C2 Left)", "(rear)")
_AFTER_UNIT = re.compile(
    rf"\.?(?:\s*,\s*|\s+-\s+|\s+){UNIT}|{BARE_UNIT}|\.?{NUMBERLESS_UNIT}|{BRACKETED_NUMBERLESS}"
    rf"|\s*\(\s*{UNIT}(?:\s+[A-Za-z]{{1,12}}){{0,2}}\s*\)"
)
# a building of a complex after the unit: "Suite 12, Kestrel 2"
_UNIT_END = re.compile(rf"(?<![\w#]){UNIT}$")
# or a wing of it by its direction: "Suite 12 North", "Suite 12 West Tower"
_BUILDING_AFTER = re.compile(
    r"\s*,\s*(?!(?:I|The|And|But)\b)[A-Z][a-z]{2,}\s+\d{1,3}(?![\w-]|[.,:]\d|\s*\d)"
    r"|\s+(?:North|South|East|West|NORTH|SOUTH|EAST|WEST)"
    r"(?:\s+(?:Tower|Wing|Building|TOWER|WING|BUILDING))?(?![\w'-])"
    # or a second door after it: "Apt 4 & 5"
    r"|\s*&\s*\d{1,5}[A-Za-z]?(?![\w'’-]|[.,:/]\d|\s*\d)"
)
# one lower-case letter is a directional only before a unit ("center e ste 300")
_DIRECTIONAL = re.compile(
    r"\.?(?:\s*,\s*|\s+)(?:[NS]\.?\s?[EW]\.?|[NSEW]\.?|[ns]\.?\s?[ew]\.?)(?![\w])"
    rf"|\s+[nsew]\.?(?=(?:\s*,\s*|\s+){UNIT})"
    # or before a bare unit's number that ends the line ("alder street e. 216"), no count's
    r"|(?:\s+[nsew]|(?<=\s[nsew]))\.?\s+\d{1,4}[a-z]?(?![\w'’-]|[.,:/%]\d|\s*\d|\s+[a-z]{2,}s\b)"
)
_ROAD_WORD = re.compile(
    r"(?i:highway|hwy|route|rte|rt|road|rd|spur|loop|fm|sr|cr|interstate|county road)\.?$"
)
# a route's number, and its spelled direction ("US Highway 12 East")
_ROUTE_NUMBER = re.compile(
    r"\.?\s+#?\s*\d{1,5}[A-Za-z]?\b(?:\s+(?:North|South|East|West|NORTH|SOUTH|EAST|WEST)(?![\w'’-]))?"
)
_NUMBER = r"(?<![\w.,/-])\d{1,6}[A-Za-z]?(?:-\d{1,5})?\b"
# words that end a clause: an address line holds none of them
_STOP = (
    r"(?i:to|is|at|for|the|and|was|were|of|on|in|my|our|your|his|her|their|from|by|with|this|"
    r"that|are|be|been|has|have|had|will|would|can|could|please|but|not|it|we|you|they|he|she|"
    r"i|if|so|or|as|than|then|when|where|which|who|also|only|just|up|out|over|after|before|"
    r"since|until|about|into|per|a|an)"
)


@lru_cache(maxsize=1)
def _continuations() -> tuple[re.Pattern[str], ...]:
    states = (
        rf"(?:(?:{US}|{CA})\b|[A-Z]\.[A-Z]\.|{AP_STATES}|(?:{state_names()})\b"
        rf"|(?i:{state_names()})\b)"
    )
    sep = r"\.?(?:\s*[,;]\s*|\s+)"
    lower_names = "|".join(name.lower() for name in state_names().split("|"))
    us_line = (
        # a ZIP that lost its leading zero in a spreadsheet ("MA 1731") still ends the line;
        # a directional may open the city ("w Tulsa OK")
        rf"{sep}(?:\d{{1,5}}[A-Z]?,?\s+)?(?:(?:[NSEWnsew]\.?\s+)?{CITY},?\s+)?{states}\.?"
        rf"(?:,?\s+(?:{ZIP}|\d{{4}}(?![\d-])))?"
        rf"|{sep}(?:[a-z][\w'.-]*\s+){{0,3}}"
        rf"(?:{LOWER_STATES}|{WORDLIKE_STATES}|(?i:{state_names()}))\s+{ZIP}"
        # in lower case, a town and a state by its name ("tulsa, oklahoma 74105"), or by a
        # code that is also a word where the sentence stops ("tulsa ok.")
        rf"|{sep}(?:(?!{_STOP}\b)[a-z][\w'.-]*,?\s+){{1,3}}(?:{lower_names})(?:,?\s+{ZIP})?(?![\w'-])"
        rf"|{sep}(?:(?!{_STOP}\b)[a-z][\w'.-]*,?\s+){{1,2}}(?:{WORDLIKE_STATES})(?=\s*(?:[.,;!?]|$))"
        rf"|{sep}(?:[a-z][\w'.-]*,?\s+){{1,3}}(?:{LOWER_STATES})\b"
        # in lower case, a town and its ZIP with no state ("…, tulsa 74105"), or the state
        # before the town ("… ks wichita 67202"); no plural noun counts the number
        rf"|{sep}(?:(?!{_STOP}\b)[a-z][\w'.-]*,?\s+){{1,3}}\d{{5}}(?:-\d{{4}})?(?![\d-])"
        r"(?!\s+[a-z]{2,}s\b)"
        rf"|{sep}(?:{LOWER_STATES}),?\s+(?:(?!{_STOP}\b)[a-z][\w'.-]*\s+){{1,3}}{ZIP}"
        rf"|{sep}(?:USA|U\.S\.A\.|US|United States|Canada)\b"
        # a town and an Australian state with no postcode ("…, Aspley, QLD"): the codes that
        # are no US or Canadian state
        rf"|{sep}{CITY},?\s+(?:NSW|VIC|QLD|TAS|ACT)(?![\w'’-])"
        rf"|{sep}(?:{CITY},?\s+)?\d{{5}}(?:-\d{{4}})?(?![\d-])"
        # a city, two letters and a ZIP: the state mistyped ("Tulsa, oK 74105")
        rf"|{sep}{CITY},?\s+[A-Za-z]{{2}}\.?,?\s+{ZIP}"
        # the county in brackets after the city, the state in brackets ("Tulsa (OK) 74105")
        rf"|{sep}{CITY}\s*\({CITY}\),?\s+{states}\.?(?:,?\s+{ZIP})?"
        rf"|{sep}{CITY},?\s+\({states}\)(?:,?\s+{ZIP})?"
    )
    # a town and a short postcode after a comma (no year's: "…, London 2019 was"), an
    # Australian state between them: "…, Port Avery QLD 4711", "…, Okarito 7412"
    short_line = (
        rf"\s*,\s*{CITY},?\s+(?!(?:19|20)\d\d\b){SHORT_POSTCODE}"
        rf"|{sep}{CITY},?\s+{AU_STATES}\.?,?\s+{SHORT_POSTCODE}"
    )
    eu_line = rf"\.?(?:\s*,\s*|\s+)(?:[A-Z]{{1,2}}-)?{EU_POSTCODE}\s+{CITY}"
    # a locality before the town: "Westminster, London SW1A 2AA"
    uk_line = rf"\.?(?:\s*,\s*|\s+)(?:{CITY},?\s+){{0,2}}{UK_POSTCODE}"
    # the town after a postcode the street shape already took ("…, 33000 Bordeaux")
    town = rf"(?:(?<=\b\d{{5}})|(?<=\b\d{{4}}\s[A-Z]{{2}})),?\s+{CITY}"
    # a second street word: "willow bend pkwy", "orchard rd, harbor place"
    suffixes, _ = street_words.street_vocabulary()
    latin = {w for w in suffixes if re.fullmatch(r"[a-zà-ÿ'. -]+", w)}
    street = (
        rf"\.?,?\s+(?:(?!{_STOP}\b)[A-Za-z][\w'-]*\s+)?"
        rf"(?i:{street_words.alternation(latin)})(?!\w)"
    )
    return tuple(re.compile(p) for p in (us_line, uk_line, eu_line, town, street, short_line))


@lru_cache(maxsize=1)
def _line_patterns() -> tuple[re.Pattern[str], ...]:
    lower = f"{LOWER_STATES}|ok|pa|ma|al|id|co"  # before a ZIP, these are states too
    states = rf"(?:(?:{US}|{CA})\b|[A-Z]\.[A-Z]\.|{AP_STATES}|(?i:{lower})\b|(?:{state_names()})\b)"
    # a name's particle in title case is no clause word ("Avenue Of The Americas")
    word = rf"(?:(?!{_STOP}\b)[\w.'#&/-]+|(?:Of|The|OF|THE|De|La|Del)\b|(?<=[A-Za-z]\s)of\s+the\b)"
    # "82 Elm, Port Avery, OK 74105", "4100 alder rd lbx # 55021 river park ga 30391"
    us_line = rf"{_NUMBER}(?:[ ,]+{word}){{1,9}}?,?\s+{states}\.?,?\s+{ZIP}"
    # "415 Maplewood, NE", "415 Maplewood Tulsa, Oklahoma": capitalised, a state after a comma;
    # a house number of two digits or more (a score or a count is often one)
    named = rf"(?!{_STOP}\b)[A-Z][\w'.-]*"
    region = rf"(?:{PLAIN_CODES}|{state_names()}|{upper_state_names()})"
    # a town and a state's name in lower case: "415 Maplewood, tulsa, oklahoma"
    lower_town = rf"(?:(?!{_STOP}\b)[a-z][\w'.-]*\s+){{0,2}}(?!{_STOP}\b)[a-z][\w'.-]*,\s*"
    us_line_no_zip = (
        rf"(?<![\w.,/-])[A-Z]?\d{{2,6}}[A-Za-z]?(?:-\d{{1,5}})?\b(?:\s+(?:[NSEW]\.?\s+)?{named}){{1,4}},"
        rf"\s*(?:(?:{CITY},\s*)?{region}|{lower_town}(?i:{state_names()}))"
        r"(?![\w'-]|\.\w|\s*\d)"
    )
    # "310 S. Marlowe", "1720 W ALDER GLEN": a one-letter directional, then a name
    name = rf"(?!{UNIT_WORD}\b)(?:[A-Z][\w'’-]*|\d{{1,3}}(?i:st|nd|rd|th)\b)"
    # a quadrant before a numbered street, "4333 NE 113th", "415 ne 41 sw" (a post-directional
    # after a number with no ordinal's letters)
    quadrant = r"(?:[NS]\.\s?[EW]\.|(?i:ne|nw|se|sw)\b)"
    directional = (
        rf"{_NUMBER}\s+[NSEW]\.?\s+(?:{name}\.?\s+(?:(?:de|del|la|du|von|van)\s+)?){{0,2}}{name}"
        rf"|{_NUMBER}\s+(?:{quadrant}|(?i:[nsew])\.?)\s+\d{{1,3}}(?i:st|nd|rd|th)\b"
        rf"|(?<![\w.,/-])\d{{2,6}}[A-Za-z]?\s+{quadrant}\s+\d{{1,4}}\s+(?:{quadrant}|(?i:[nsew])\b\.?)(?![\w'’-])"
    )
    # "8120 STATE RT. 12": a house number, a road word and the road's number
    road = (  # a rural house number has three digits or more ("12 Route 66 maps" is a count)
        r"(?<![\w.,/-])\d{3,6}[A-Za-z]?\s+(?:(?i:state|us|u\.s\.|county|co\.?)\s+)?"
        r"(?i:route|rte|rt|highway|hwy|sr|cr|fm|interstate)\.?\s*#?\s*\d{1,5}[A-Za-z]?\b"
        r"|(?<![\w.,/-])\d{3,6}[A-Za-z]?\s+(?:us|US|u\.s\.|U\.S\.)\s+\d{1,3}(?![\w-])"
        # an interstate by its hyphen ("4410 I-35 N"); Texas's farm and ranch roads spelled out
        r"|(?<![\w.,/-])\d{3,6}[A-Za-z]?\s+I-\d{1,3}\b(?:\s+[NSEW]\b)?"
        r"|(?<![\w.,/-])\d{3,6}[A-Za-z]?\s+(?i:farm|ranch)[ -]to[ -](?i:market)[ -](?i:road|rd)\.?\s+\d{1,4}\b"
    )
    # a grid address, "2210 West 4700 South": a coordinate of hundreds, no latitude's degrees
    direction = r"(?:[NSEW]\.?|North|South|East|West|NORTH|SOUTH|EAST|WEST)"
    grid = (
        rf"(?<![\w.,/-])\d{{3,6}}\s+{direction}\s+\d{{3,5}}\s+{direction}(?![\w'-])"
        r"|(?<![\w.,/-])\d{1,5}[NSEW]\s+\d{1,5}[NSEW]\b"  # "52S 700E", as Utah writes them
    )
    canadian = r"\b[A-Z]\d[A-Z]\s\d[A-Z]\d\b"
    cued = (
        r"\b(?i:post\s?code|postal\s+code|zip(?:\s+code)?|plz|code\s+postal)\s*(?:is\s+|:\s*|=\s*)?"
        rf"(?P<a>{ZIP}|{UK_POSTCODE}|{EU_POSTCODE})(?![\w-])"
    )
    patterns = (us_line, us_line_no_zip, directional, road, grid, BOX_LINE, canadian, cued)
    return tuple(start_guarded(re.compile(p)) for p in (*patterns, *_short_lines(named, states)))


def _short_lines(named: str, states: str) -> tuple[str, ...]:
    """Lines with no street word that end on what only an address has after a name."""
    house = r"(?<![\w.,:/-])[A-Z]?\d{2,6}[A-Za-z]?"
    # the end of a line: no number, decimal, time or percentage goes on from it
    end = r"(?!\w|[.,]\d|[-/%:]|\s*\d)"
    # a house number, a name and a ZIP ("415 Maplewood 74105"), or a unit's number with its
    # letter ("415 Maplewood 3B")
    # and no plural noun counts it ("10500 fans")
    counted = r"(?!\s+(?!this\b|thus\b|plus\b)[a-z]{2,}[a-rt-z]s\b)"
    zip_or_unit = rf"{house}(?:\s+{named}){{1,3}}\s+\d{{5}}(?:-\d{{4}})?{end}{counted}"
    unit = rf"{house}(?:\s+{named}){{1,2}}\s+\d{{1,4}}[A-Z]{end}{counted}"
    # after a spelled directional, an apartment's number ("4150 West Alder Glen 212"); a
    # score line's numbers have two digits ("46 West Hartlepool 20")
    spelled = (
        r"(?<![\w.,:/-])\d{3,6}\s+(?:North|South|East|West|NORTH|SOUTH|EAST|WEST)"
        rf"(?:\s+{named}){{1,2}}\s+\d{{3,4}}{end}"
    )
    # a unit between the house number and the street ("4150 # C ALDER GLEN COURT")
    suffixes, _ = street_words.street_vocabulary()
    latin = {w for w in suffixes if re.fullmatch(r"[a-zà-ÿ'. -]+", w)}
    suffix = rf"(?i:{street_words.alternation(latin)})(?![\w'-])"
    unit_first = rf"{_NUMBER}\s+{UNIT}\s+(?:{named}\s+){{1,3}}{suffix}"
    # a street with no house number and its town and ZIP ("Alder Glen Court, Tulsa, 74105"),
    # a lettered door before it ("B-C Alder Glen Court, …")
    unnumbered = (
        rf"(?<![\w-])(?:(?:[A-Z]-[A-Z]|[B-HJ-Z])\s+)?(?:{named}\s+){{1,3}}{suffix}\.?,\s*"
        rf"{CITY},\s*(?:{states}\.?,?\s+)?{ZIP}"
    )
    # a continental line with no street word: a name, its house number, the postcode and the
    # town ("Kestrelhof 12, 45127 Nordheim", "R Alto Sol 4, 4050-262 Vilar"); a year is no
    # four-digit postcode ("Lazio 3, 1996 champions")
    name = r"(?:(?:R\.?|C/|Ctra\.|Avda\.)\s+)?[A-ZÀ-Þ][\w'’-]+\.?"
    postcode = r"(?:[A-Z]{1,2}-)?(?:\d{5}|\d{4}-\d{3}|\d{4}\s?[A-Z]{2}|(?!(?:19|20)\d\d)\d{4})"
    # with no comma before it, a postcode with its hyphen (Portugal's "1200-030",
    # Poland's "47-400"): five or four digits are a count's or a year's ("Bayern 2 10000 Fans")
    hyphened = r"(?:\d{4}-\d{3}|\d{2}-\d{3})"
    continental = (
        rf"(?<![\w.,/-]){name}(?:\s+(?:(?:de|del|do|da|dos|das|di|à|la|van|von)\s+)?"
        rf"(?:[dl]['’])?[A-ZÀ-Þ][\w'’-]+\.?){{0,3}}"
        rf"\s+\d{{1,4}}[A-Za-z]?(?:,\s+{postcode}|\s+{hyphened})\s+{CITY}(?![\w'’-])"
    )
    # a house number written out before a name and a street or building word: "One Kestrel
    # Plaza, Suite 2", "Two Harbor Drive, Tulsa, OK 74105" (in a text with no digit, only this
    # shape is looked for, see find_spelled_streets; no court, park, hall or house: "Two
    # Supreme Court justices";
    # no capitalised word after it, a team's or a firm's name goes on; no plural noun)
    title = {w.title() for w in latin if len(w) > 2 and w.isalpha()} - {"Court", "Park", "Hall"}
    title -= {"House", "Row", "Walk", "Way", "Green", "Gardens", "Grove", "Field", "Fields"}
    spelled_number = (
        rf"(?<![\w'’-])(?:{'|'.join(street_words.SPELLED_NUMBERS)})"
        rf"(?:\s+{named}){{1,2}}\s+(?:{'|'.join(sorted(title, key=len, reverse=True))})"
        r"(?![\w'’-]|\s+[A-Z]|\s+[a-z]{2,}[a-rt-z]s\b)"
    )
    return zip_or_unit, unit, spelled, unit_first, unnumbered, continental, spelled_number


@lru_cache(maxsize=1)
def _line_needs() -> tuple[int, ...]:
    return tuple(pattern_needs(p) for p in _line_patterns())


@lru_cache(maxsize=1)
def _spelled_directional() -> tuple[re.Pattern[str], re.Pattern[str]]:
    # "415 WEST ELM", "415 North Maplewood": a street only when a unit, box or city line follows
    name = rf"(?!{UNIT_WORD}\b)(?:[A-Z][\w'’-]*|[A-Z\d]*\d[A-Z\d]*\b)"
    # a grid line's one coordinate after a letter ("110 N 2500, Vernal, UT"), the same way
    first = (
        rf"{_NUMBER}\s+(?:(?:North|South|East|West|NORTH|SOUTH|EAST|WEST)\s+{name}"
        r"|[NSEW]\.?\s+\d{3,5}(?![\w'’.-]))"
    )
    return re.compile(first), re.compile(rf"\s+{name}")


# a capitalised word right before the number: a result line's team or player
_TABLE_WORD_BEFORE = re.compile(r"\b(?!I\s)[A-Z][\w'-]*\s+$")

_LINE_NAMES = (
    "us_line",
    "us_line",
    "directional",
    "road",
    "grid",
    "box",
    "canadian_postcode",
    "cued_postcode",
    "short_line",
    "short_line",
    "short_line",
    "short_line",
    "short_line",
    "continental_line",
    "spelled_number",
)
_LINE_SCORES = (0.7, 0.6, 0.6, 0.6, 0.6, 0.75, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6)


def find_lines(text: str) -> list[Detection]:
    """Address lines no street word shows: US lines by state and ZIP, directionals, boxes."""
    found = []
    # half the texts with a digit hold no whitespace ("2025-03-04T01:37:48Z", "SKU-801"), many
    # no comma: the shapes that need one are not searched there ("RR2", "zip:60601" are)
    holds = text_holds(text)
    spaced = bool(holds & WHITESPACE)
    shapes = zip(_LINE_NAMES, _LINE_SCORES, _line_patterns(), _line_needs(), strict=True)
    for name, score, pattern, needs in shapes:
        if needs & ~holds:
            continue
        for match in pattern.finditer(text):
            group = "a" if "a" in pattern.groupindex else 0
            span = match.group(group).rstrip(" ,.")
            if span:
                start = match.start(group)
                if name == "short_line" and _TABLE_WORD_BEFORE.search(
                    text, max(0, start - 30), start
                ):
                    continue  # "Lakers 112 Celtics 10500": a team's name before a score
                found.append(
                    Detection(start, start + len(span), "STREET_ADDRESS", score, f"address:{name}")
                )
    if spaced:  # a sentence about delivery or the post: its five-digit number alone, a
        # street named without its type where an address stands
        found.extend(find_bare_postcodes(text))
        found.extend(find_cued_streets(text))
        found.extend(find_cued_names(text))
    first, more = _spelled_directional()
    if not spaced and needs_whitespace(first):
        return found
    for match in first.finditer(text):
        end = match.end()
        for _ in range(3):  # the name's shortest reading that a unit or a city line follows
            det = Detection(match.start(), end, "STREET_ADDRESS", 0.6, "address:directional")
            grown = _extended(text, det, _tails())
            if grown.end > det.end:
                found.append(grown)
                break
            word = more.match(text, end)
            if word is None:
                break
            end = word.end()
    found.extend(directional_streets(text, _AFTER_UNIT, _continuations()[0]))
    return found


def find_spelled_streets(text: str) -> list[Detection]:
    """A house number written out, in a text with no digit: "One Kestrel Plaza"."""
    pattern = _line_patterns()[-1]
    return [
        Detection(m.start(), m.end(), "STREET_ADDRESS", _LINE_SCORES[-1], "address:spelled_number")
        for m in pattern.finditer(text)
    ]


def extend(text: str, found: list[Detection]) -> list[Detection]:
    """Each street span grown over its units, directional, route number and city line."""
    continuations = (_AFTER_UNIT, _DIRECTIONAL, *_continuations())
    return [_extended(text, det, continuations) for det in found]


@lru_cache(maxsize=1)
def _tails() -> tuple[re.Pattern[str], ...]:
    """What makes a spelled directional's number and name a street: a unit or a region line."""
    us_line, uk_line, eu_line, *_ = _continuations()
    return (_AFTER_UNIT, us_line, uk_line, eu_line)


def _extended(text: str, det: Detection, continuations: tuple[re.Pattern[str], ...]) -> Detection:
    start, end = head(text, det.start), det.end
    grown = True
    while grown:
        grown = False
        if _ROAD_WORD.search(text, max(0, end - 16), end):
            number = _ROUTE_NUMBER.match(text, end)
            if number is not None:
                end, grown = number.end(), True
        # the longest continuation: "1 20121 Milano" is a postcode and a city, not a ZIP
        longest = end
        if _UNIT_END.search(text, max(0, end - 24), end):
            building = _BUILDING_AFTER.match(text, end)
            if building is not None:
                longest = building.end()
        for pattern in continuations:
            match = pattern.match(text, end)
            second = pattern is _continuations()[4]  # "82 Orchard Lane roomy flat" is prose
            if match is not None and not (second and prose_after(text, start, end, match[0])):
                longest = max(longest, match.start() + len(match.group(0).rstrip(" ,")))
        if longest > end:
            end, grown = longest, True
    if end > det.end:
        end = max(det.end, len(text[:end].rstrip(".")))  # the sentence's full stop stays
    if (start, end) == (det.start, det.end):
        return det
    return Detection(start, end, det.entity_type, det.score, det.recognizer)
