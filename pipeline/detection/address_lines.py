"""The rest of an address around a found street, and address lines found by their own shape.

A street found by its street word ("4400 Commerce Parkway") is rarely the whole address:
units come before or after it ("Unit 7,", "Building 2", "Ste. 520", "# 2500", "41st Floor"),
a directional after it ("Fifth Street, NW"), a route number after a road word ("US Highway
16"), and the city/region/postcode line after all of these (", Dallas, TX 75247", ", 80689
München", " Ipswich IP4 5NQ"). `extend` grows each street span over what follows and precedes
it, repeatedly. `find_lines` finds what no street word shows: a US line anchored on its state
and ZIP ("305 Main, Fort Cobb, OK 73038", lower case too), a street with a one-letter
directional ("440 S. LaSalle"), P.O. boxes and rural routes ("RR2 BOX 348", "HC 0903 Box 62").
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.detection import street_words
from pipeline.detection.spans import Detection

_US = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|"
    "NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
_CA = "AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT"
REGION_CODES = frozenset(f"{_US}|{_CA}".split("|"))
# state codes written in lower case that are also words: only upper case counts for them
_WORDLIKE = {"in", "or", "me", "hi", "oh", "ok", "de", "la", "pa", "ma", "al", "id", "co", "on"}
_LOWER_STATES = "|".join(c.lower() for c in f"{_US}|{_CA}".split("|") if c.lower() not in _WORDLIKE)
_WORDLIKE_STATES = "|".join(sorted(_WORDLIKE))
_PROVINCES = (
    "Alberta|British Columbia|Manitoba|New Brunswick|Newfoundland and Labrador|Nova Scotia|"
    "Ontario|Prince Edward Island|Quebec|Québec|Saskatchewan|Yukon|Nunavut|Northwest Territories"
)
_ZIP = r"(?:\d{5}(?:-?\d{4})?(?![\d-])|[A-Z]\d[A-Z]\s?\d[A-Z]\d\b)"
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b"
# 5-digit (DE, FR, ES, IT), Dutch "1017 KG", 4-digit (AT, CH, BE, DK)
_EU_POSTCODE = r"(?:\d{5}|\d{4}\s?[A-Z]{2}(?![A-Za-z])|\d{4})"
_CITY_WORD = r"[A-Z][\w'’-]*\.?"
_CITY = rf"{_CITY_WORD}(?:[ -]{_CITY_WORD}){{0,2}}"
_UNIT_ID = r"(?:[\w-]*\d[\w-]*|[A-Za-z])\b"  # holds a digit, or is one letter ("Apt B")
_UNIT = (
    r"(?:#\s*)?(?:(?i:apt|apartment|suite|ste|unit|flat|room|rm|bldg|building|bld|blg|dept|trlr|"
    r"trailer|lot|pmb|msc|mc|space|spc|office|ofc|floor|flr|fl|level|box|department|drawer|"
    r"lockbox|bin)\.?\s*#?\s*" + _UNIT_ID + r"|#\s*[\w-]{1,8}\b"
    r"|(?i:\d{1,3}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
    r"tenth|ground|top|lower|upper)\s+(?i:floor|flr|fl|level)\b\.?|\d{1,3}\s+(?i:floor|flr|fl)\b\.?)"
)
_UNIT_WORD = (
    r"(?i:apt|apartment|suite|ste|unit|flat|room|rm|bldg|building|bld|floor|flr|fl|box|"
    r"po|p\.o|p)"
)
_UNIT_WORD_BEFORE = re.compile(
    r"(?<![\w#])(?i:apt|apartment|suite|ste|unit|flat|room|bldg|building|floor|lot)\.?\s*#?\s*$"
)
_ROAD_BEFORE = re.compile(
    r"(?<![\w#])(?i:fm|sr|cr|us|u\.s\.|hwy|highway|route|rte|rt|state\s+route|county\s+road)"
    r"\.?\s+$"
)
_AFTER_UNIT = re.compile(rf"\.?(?:\s*,\s*|\s+){_UNIT}")
_BEFORE_UNIT = re.compile(rf"(?<![\w#]){_UNIT}\s*,?\s+$")
_DIRECTIONAL = re.compile(
    r"\.?(?:\s*,\s*|\s+)(?:[NS]\.?\s?[EW]\.?|[NSEW]\.?|[ns]\.?\s?[ew]\.?)(?![\w])"
)
_ROAD_WORD = re.compile(
    r"(?i:highway|hwy|route|rte|rt|road|rd|spur|loop|fm|sr|cr|interstate|county road)\.?$"
)
_ROUTE_NUMBER = re.compile(r"\.?\s+#?\s*\d{1,5}[A-Za-z]?\b")
_NUMBER = r"(?<![\w.,/-])\d{1,6}[A-Za-z]?(?:-\d{1,5})?\b"
# words that end a clause: an address line holds none of them
_STOP = (
    r"(?i:to|is|at|for|the|and|was|were|of|on|in|my|our|your|his|her|their|from|by|with|this|"
    r"that|are|be|been|has|have|had|will|would|can|could|please|but|not|it|we|you|they|he|she|"
    r"i|if|so|or|as|than|then|when|where|which|who|also|only|just|up|out|over|after|before|"
    r"since|until|about|into|per|a|an)"
)


@lru_cache(maxsize=1)
def _state_names() -> str:
    from faker.providers.address.en_US import Provider as Address

    names = sorted({*Address.states, *_PROVINCES.split("|")}, key=len, reverse=True)
    return "|".join(re.escape(n) for n in names)


@lru_cache(maxsize=1)
def _continuations() -> tuple[re.Pattern[str], ...]:
    states = rf"(?:(?:{_US}|{_CA})\b|[A-Z]\.[A-Z]\.|(?:{_state_names()})\b|(?i:{_state_names()})\b)"
    us_line = (
        # a ZIP that lost its leading zero in a spreadsheet ("MA 1241") still ends the line
        rf"\.?(?:\s*,\s*|\s+)(?:\d{{1,5}}[A-Z]?,?\s+)?(?:{_CITY},?\s+)?{states}\.?"
        rf"(?:,?\s+(?:{_ZIP}|\d{{4}}(?![\d-])))?"
        rf"|\.?(?:\s*,\s*|\s+)(?:[a-z][\w'.-]*\s+){{0,3}}"
        rf"(?:{_LOWER_STATES}|{_WORDLIKE_STATES}|(?i:{_state_names()}))\s+{_ZIP}"
        rf"|\.?(?:\s*,\s*|\s+)(?:[a-z][\w'.-]*,?\s+){{1,3}}(?:{_LOWER_STATES})\b"
        r"|\.?(?:\s*,\s*|\s+)(?:USA|U\.S\.A\.|US|United States|Canada)\b"
        rf"|\.?(?:\s*,\s*|\s+)(?:{_CITY},?\s+)?\d{{5}}(?:-\d{{4}})?(?![\d-])"
    )
    eu_line = rf"\.?(?:\s*,\s*|\s+)(?:[A-Z]{{1,2}}-)?{_EU_POSTCODE}\s+{_CITY}"
    # a locality before the town: "Westminster, London SW1A 2AA"
    uk_line = rf"\.?(?:\s*,\s*|\s+)(?:{_CITY},?\s+){{0,2}}{_UK_POSTCODE}"
    # the town after a postcode the street shape already took ("…, 33000 Bordeaux")
    town = rf"(?:(?<=\b\d{{5}})|(?<=\b\d{{4}}\s[A-Z]{{2}})),?\s+{_CITY}"
    # a second street word: "castle pines pkwy", "peachtree rd, tower place"
    suffixes, _ = street_words.street_vocabulary()
    latin = {w for w in suffixes if re.fullmatch(r"[a-zà-ÿ'. -]+", w)}
    street = (
        rf"\.?\s+(?:(?!{_STOP}\b)[A-Za-z][\w'-]*\s+)?"
        rf"(?i:{street_words.alternation(latin)})(?!\w)"
    )
    return tuple(re.compile(p) for p in (us_line, uk_line, eu_line, town, street))


@lru_cache(maxsize=1)
def _line_patterns() -> tuple[re.Pattern[str], ...]:
    lower = f"{_LOWER_STATES}|ok|pa|ma|al|id|co"  # before a ZIP, these are states too
    states = rf"(?:(?:{_US}|{_CA})\b|[A-Z]\.[A-Z]\.|(?i:{lower})\b|(?:{_state_names()})\b)"
    # "305 Main, Fort Cobb, OK 73038", "6000 feldwood rd lbx # 402605 college park ga 30349"
    us_line = rf"{_NUMBER}(?:[ ,]+(?!{_STOP}\b)[\w.'#&/-]+){{1,9}}?,?\s+{states}\.?,?\s+{_ZIP}"
    # "440 S. LaSalle", "1020 W BRYN MAWR": a one-letter directional, then a name
    name = rf"(?!{_UNIT_WORD}\b)(?:[A-Z][\w'’-]*|\d{{1,3}}(?i:st|nd|rd|th)\b)"
    directional = (
        rf"{_NUMBER}\s+[NSEW]\.?\s+(?:{name}\.?\s+(?:(?:de|del|la|du|von|van)\s+)?){{0,2}}{name}"
    )
    box = (
        r"(?:(?:(?i:p\.?\s?o\.?\s?|post\s+office\s+)?(?:Box|BOX|(?i:box)(?=\s*#))"
        r"|(?i:p\.?\s?o\.?\s?(?:box|bx)|pob|post\s+office(?:\s+box)?))\s*#?\s*\d{1,6}[A-Za-z]?\b)"
    )
    rural = (
        r"\b(?i:rr|r\.r\.|rfd|hcr?|rural\s+route|star\s+route|highway\s+contract(?:\s+route)?)"
        r"\.?(?:\s*(?i:route|rte|rt)\.?)?\s*#?\s*\d{1,5}[A-Za-z]?\b"
        r"|\b(?i:route|rte|rt)\.?\s*#?\s*\d{1,5}[A-Za-z]?(?=\s*,?\s*(?i:rr|box)\b)"
    )
    box_line = rf"(?:(?:{rural})\s*,?\s*)+(?:(?i:box)\s*#?\s*[\w-]{{0,6}}\b)?|{box}"
    canadian = r"\b[A-Z]\d[A-Z]\s\d[A-Z]\d\b"
    cued = (
        r"\b(?i:post\s?code|postal\s+code|zip(?:\s+code)?|plz|code\s+postal)\s*(?:is\s+|:\s*|=\s*)?"
        rf"(?P<a>{_ZIP}|{_UK_POSTCODE}|{_EU_POSTCODE})(?![\w-])"
    )
    patterns = (us_line, directional, box_line, canadian, cued)
    return tuple(re.compile(p) for p in patterns)


_LINE_NAMES = ("us_line", "directional", "box", "canadian_postcode", "cued_postcode")
_LINE_SCORES = (0.7, 0.6, 0.75, 0.5, 0.6)


def find_lines(text: str) -> list[Detection]:
    """Address lines no street word shows: US lines by state and ZIP, directionals, boxes."""
    found = []
    for name, score, pattern in zip(_LINE_NAMES, _LINE_SCORES, _line_patterns(), strict=True):
        for match in pattern.finditer(text):
            group = "a" if "a" in pattern.groupindex else 0
            span = match.group(group).rstrip(" ,.")
            if span:
                start = match.start(group)
                found.append(
                    Detection(start, start + len(span), "STREET_ADDRESS", score, f"address:{name}")
                )
    return found


def extend(text: str, found: list[Detection]) -> list[Detection]:
    """Each street span grown over its units, directional, route number and city line."""
    return [_extended(text, det) for det in found]


def _extended(text: str, det: Detection) -> Detection:
    start, end = det.start, det.end
    while True:
        before = _BEFORE_UNIT.search(text, max(0, start - 40), start)
        if before is None:
            # a line found from its number: "Unit 7, 150 Kingsway, …" matched from "7"
            before = _UNIT_WORD_BEFORE.search(text, max(0, start - 16), start)
            if before is None:  # "fm 170 box 77 …", "US Hwy 19 …": a road word before a number
                before = _ROAD_BEFORE.search(text, max(0, start - 16), start)
            if before is None or not text[start : start + 1].isdigit():
                break
        start = before.start()
    continuations = (_AFTER_UNIT, _DIRECTIONAL, *_continuations())
    grown = True
    while grown:
        grown = False
        if _ROAD_WORD.search(text, max(0, end - 16), end):
            number = _ROUTE_NUMBER.match(text, end)
            if number is not None:
                end, grown = number.end(), True
        # the longest continuation: "1 20121 Milano" is a postcode and a city, not a ZIP
        longest = end
        for pattern in continuations:
            match = pattern.match(text, end)
            if match is not None:
                longest = max(longest, match.start() + len(match.group(0).rstrip(" ,")))
        if longest > end:
            end, grown = longest, True
    if end > det.end:
        end = max(det.end, len(text[:end].rstrip(".")))  # the sentence's full stop stays
    if (start, end) == (det.start, det.end):
        return det
    return Detection(start, end, det.entity_type, det.score, det.recognizer)
