"""The shapes of a street address, as regular expressions over the street words.

Number first ("141 Hodges Mountains", "214, avenue Lesage", "14/17, Sodhi Chowk"), type first
with the number after ("Piazza Pellico, 59", "Calle Mayor 3"), compound names ("Röhrdanzplatz
83/53"), UK postcodes with their town, US military addresses, Indian house numbers, spoken
lower-case addresses, P.O. boxes and US/Canadian city lines ("Anchorage, AK 99509").
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.detection.addresses import street_words, typos
from pipeline.detection.pattern_facts import start_guarded

_UNIT_WORDS = (
    r"(?i:apt\.?|apartment|suite|ste\.?|unit|flat|floor|fl\.|room|puerta|piso|"
    r"appartamento|piano|interno|scala|apto\.?|bloco|casa|#)"
)
# "Suite 501", "Apt. 297", "#12", "Apt 4 B"; Spanish floor and door "3º B" ("3o B" once NFKC-folded).
# The designator and its number are whole words: a space, a full stop, "#", a hyphen or a digit
# after the designator, a word's end after the number ("apt-friendly", "floorboards" are none).
_UNIT_ID = r"(?:(?<=[.#])\s*|\s+|-|(?=\d))[\w-]{1,6}(?![\w'’-])"
_UNIT = rf"(?:,?\s*{_UNIT_WORDS}{_UNIT_ID}(?:(?<=\d)\s[B-HJ-Z](?![\w'’-]))?|,?\s*\d{{1,2}}\s?(?:[º°ª]|o\b)(?:\s?[A-Z]\b)?)?"
# a house number is no decimal's or thousands' tail ("7,432.18 points", "1,204 Points")
_HOUSE = r"(?<![\d][.,])"
_LEADING_UNIT = r"(?:(?i:apt\.?|apartment|suite|ste\.?|unit|flat)\s*#?\s*\w{1,6},?\s+)?"
_NUM = r"\d{1,6}[A-Za-z]?(?:\s?[/-]\s?\d{1,5}[A-Za-z]?|-[A-Za-z]\b|\s1/2)?"
# Wisconsin's grid house numbers, the two axes' letters alternate: "N16W23250", "W210 N16570"
_GRID_NUM = r"(?:[NS]\d{1,4}\s?[EW]\d{3,6}|[EW]\d{1,4}\s?[NS]\d{3,6})(?![\w'’-])"
_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’-]*"
_PARTICLE = r"(?:de|del|de la|la|las|los|da|do|das|dos|di|della|delle|du|des|van|von|der)"
# Postal codes: US ZIP(+4), DE/FR/ES/IT 5 digits, IN 6, UK, Canada ("M4C 1J5"), NL ("1016 DV").
_POSTCODE = (
    r"(?:\d{5,6}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d"
    r"|\d{4}\s?[A-Z]{2}(?![A-Za-z]))"
)
_TAIL = (
    # ", Springfield, IL 62704" / ", 50968 Köln" / "\nBerlin" style city lines with a postal code
    r"(?:(?:,\s*|\s*\n\s*)(?:" + _CAP + r"\s+){0,3}?(?:" + _CAP + r")?,?\s*"
    r"(?:[A-Z]{2}\s+)?" + _POSTCODE + r"(?:\s+" + _CAP + r"){0,2})?"
)
# US states and Canadian provinces, for city lines standing alone ("Anchorage, AK 99509").
_REGIONS = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|"
    "NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|AB|BC|MB|NB|NL|NS|NT|NU|ON|"
    "PE|QC|SK|YT"
)
_NOT_STREET = (
    r"(?i:in|on|at|of|to|for|as|out|the|a|an|is|are|was|and|or|from|by|with|up|off|into|than|"
    r"then|more|less|ago|times|k|km|mi|miles?|min|mins|minutes?|hours?|hrs?|days?|weeks?|"
    r"months?|years?|secs?|seconds?|per|cent|percent|kilometres?|kilometers?|metres?|meters?|"
    r"kms?|cm|mm|kg|tonnes?|points?|goals?|runs?|wickets?)"
)
# state codes in lower case that are no English word ("ca", "tx"; not "in", "me", "or")
_LOWER_STATES = "|".join(
    c.lower()
    for c in _REGIONS.split("|")
    if c.lower()
    not in {
        "in",
        "or",
        "me",
        "hi",
        "oh",
        "ok",
        "de",
        "la",
        "pa",
        "ma",
        "al",
        "id",
        "co",
        "on",
        "ne",
    }
)
# no article before a street word written apart ("Der Weg 5 mal" is no street)
_NO_ARTICLE = "".join(
    rf"(?<!\b{a} )" for a in ("Der", "Die", "Das", "Den", "Dem", "The", "De", "Het", "Een", "Ein")
)
# words that end a request after an address ("... rue de la gare please.")
_AFTERWORDS = r"(?i:please|pls|plz|thanks|thx|today|tomorrow|tonight|now|asap|soon|too)"
# "So" is South as people abbreviate it ("350 So. 400 East")
_DIRECTION = r"(?:[NSEW]|So|SO|North|South|East|West|NORTH|SOUTH|EAST|WEST)"
PATTERN_NAMES = (
    "number_first",
    "type_first",
    "compound",
    "uk_postcode",
    "military",
    "house_no",
    "spoken",
    "po_box",
    "city_line",
    "lower_line",
    "grid",
)
PATTERN_SCORES = (0.9, 0.55, 0.9, 0.5, 0.9, 0.9, 0.6, 0.8, 0.6, 0.6, 0.8)


@lru_cache(maxsize=1)
def patterns() -> tuple[re.Pattern[str], ...]:
    suffixes, prefixes = (set(words) for words in street_words.street_vocabulary())
    # Latin-script words only: the vocabulary of other scripts is matched by NER instead.
    suffixes = {w for w in suffixes if re.fullmatch(r"[a-zà-ÿ'./ -]+", w)}
    prefixes = {w for w in prefixes if re.fullmatch(r"[a-zà-ÿ'./ -]+", w)}
    # a type word mistyped is a type after a name ("82 Orchard steet"), never a leading one
    suffix = rf"(?i:{street_words.alternation(suffixes | prefixes | typos.mistyped_types())})\.?"
    # Italian and Spanish "suffixes" in Faker are written first ("Borgo Biagio, 6"); short
    # abbreviations are not ("Dr. Richardson" is a doctor, not a drive).
    leading = {w for w in suffixes | prefixes if len(w) > 3 and "." not in w} | {
        "rue",
        "via",
        "rua",
    }
    prefix = rf"(?i:{street_words.alternation(leading)})"
    short = street_words.alternation(street_words.AFTER_NAME_TYPES)
    # the prefixes that are no English word ("via", "largo", "plaza" are)
    typed_first = street_words.alternation(
        street_words.NUMBERLESS_PREFIXES - {"via", "largo", "plaza"}
    )
    # a name's word may be a firm's initials ("AT&T Way"); "CR" is a crescent as Canada Post
    # writes it, after a name of four letters or more in its case ("BAYVIEW CR", "Bayview Cr";
    # "500 GBP CR", "1200 Euro CR" are credits)
    number_first = (
        rf"{_LEADING_UNIT}(?:(?i:h\.?\s?no\.?|flat|apt\.?|unit|studio|suite)\s*)?\b(?<!\d[.,])(?:{_GRID_NUM}|{_NUM}),?\s+"
        rf"(?:(?:{_CAP}|[A-Z]{{1,3}}&[A-Z]{{1,3}}|\d{{1,4}}(?i:st|nd|rd|th)|&|(?<=[A-Za-z]\s)\d{{1,4}}(?=\s+[A-Z]))\.?\s+)"
        rf"{{0,4}}?(?:{suffix}|(?<=[A-Za-z]\s)(?i:{short})\.?|(?:(?<=[A-Z]{{4}}\s)CR|(?<=[a-z]{{4}}\s)Cr)\.?)(?![\w])"
        rf"(?:\s+(?!{_UNIT_WORDS}\b)(?:{_PARTICLE}\s+)?{_CAP}){{0,3}}{_UNIT}{_TAIL}"
    )
    type_first = (
        rf"\b{prefix}\s+(?:(?:{_PARTICLE}|(?!{_UNIT_WORDS}\b){_CAP})(?:\s+|(?=,))){{1,5}},?\s*(?:n[º°o.]?\s*)?"
        rf"(?:{_NUM})?{_UNIT}{_TAIL}"
    )
    street_word = rf"(?i:{street_words.alternation(street_words.COMPOUND_WORDS)})"
    compound = (
        rf"\b(?:(?:{_CAP}|{_PARTICLE})[\s-]+){{0,3}}"
        rf"(?:[^\W\d_][\w'-]*{street_word}|(?<=[a-zß]\s){_NO_ARTICLE}(?:{street_words.SEPARATE_WORDS}))"
        rf"\s+{_NUM}{_UNIT}{_TAIL}"
    )
    # the town before a UK postcode is part of the address line ("Leeds LS6 2QT")
    uk_postcode = rf"\b(?:{_CAP}\s+)?[A-Z]{{1,2}}\d[A-Z\d]?\s+\d[A-Z]{{2}}\b"
    city_line = (
        rf"\b{_CAP}(?:\s+{_CAP}){{0,2}},?\s+(?:{_REGIONS})\s+"
        r"(?:\d{5}(?:-\d{4})?|[A-Z]\d[A-Z]\s?\d[A-Z]\d)\b"
    )
    house_no = rf"\b(?i:h\.?\s?no\.?)\s*{_NUM}[,\s]+{_CAP}(?:\s+{_CAP})?(?:[,\s-]+{_CAP})?"
    po_box = r"\b(?i:p\.?\s?o\.?\s?box|post\s+office\s+box|postfach|apartado(?:\s+de\s+correos)?|casella\s+postale|boîte\s+postale|bp)\s*\d{1,6}\b"
    military = (
        r"\b(?:(?:Unit|PSC)\s+\d{3,5},?\s+Box\s+\d{3,5}|(?:USNS|USNV|USS|USCGC)\s+[A-Z][a-z]+)"
        r"(?:\s*,?\s*[AFD]PO\s+A[AEP]\s+\d{5})?"
    )
    # Speech transcripts: "the parcel should go to 5559 jennifer road suite 605" (lower case).
    # a street's words are no function words or units ("30 min run", "Way in stores Nov 2")
    # an initial ("203 a. lyle square") or an ordinal ("260 5th av") is a street's word too
    word = rf"(?:(?!{_NOT_STREET}\b)[^\W\d_][\w'’.-]*|[a-z]\.|\d{{1,3}}(?i:st|nd|rd|th)\b)"
    lower = rf"(?:(?!{_NOT_STREET}\b)[a-z][\w'’.-]*|\d{{1,3}}(?:st|nd|rd|th)\b)"
    spoken = (
        rf"\b(?<!\d[.,]){_HOUSE}\d{{1,6}}(?:[a-z]|-[a-z])?(?:/\d{{1,5}})?\s+(?:{word}\s+){{1,3}}?"
        rf"(?:{suffix}|(?i:{short})\.?)(?!\w)"
        # a directional after the type: "... blvd nw", "... dr s," (one letter before a stop)
        r"(?:\s+(?:[ns][ew]|[nsew](?=\.?(?:\s*[,;.!?]|\s*$|\s+\d)))\.?(?![\w'’-]))?"
        rf"(?:,?\s+(?i:apt|apartment|suite|unit|flat|appartamento|piso|puerta)\.?\s*\d+\w*)?"
        rf"|\b(?i:{street_words.SPOKEN_TYPES})\.?\s+(?:{word}\s+){{0,2}}{word},?\s+\d{{1,5}}\b"
        rf"(?:,?\s+(?i:apt|apartment|suite|unit|flat|appartamento|piso|puerta)\.?\s*\d+\w*)?"
        # "1221 ave of the americas": the avenue's name after "of"
        rf"|\b(?<!\d[.,]){_HOUSE}\d{{1,6}}\s+(?i:avenue|ave|av)\.?\s+of\s+(?:the\s+)?{word}"
        # a type written first, in lower case: "902 calle mayor", "15 rue de la paix" (one word
        # of the name, a second before a stop or a number)
        rf"|\b(?<!\d[.,]){_HOUSE}\d{{1,6}}\s+(?i:{typed_first})\s+(?:(?:de la|{_PARTICLE})\s+)?{word}"
        rf"(?:\s+(?!{_AFTERWORDS}\b){word}(?=\s*(?:$|[,;.!?]|\d)))?"
        # a lettered avenue ("511 avenue c")
        rf"|\b(?<!\d[.,]){_HOUSE}\d{{1,6}}\s+(?i:avenue|ave|av)\.?\s+[a-z](?![\w'’-]|\.\w)"
    )
    # a lower-case street with no street word, known by what follows it: a unit ("7000 maple
    # dunmore, b-17, ste. 200") or its city and state ("100 main los angeles, ca")
    lower_line = (
        rf"\b(?<!\d[.,]){_HOUSE}\d{{1,6}}\s+(?:{lower}\s+){{0,2}}{lower}"
        r"(?:,\s*[a-z]-?\d{1,4})?,?\s+(?:ste|suite|apt|apartment|unit)\.?\s*#?\s*\d+[a-z]?\b"
        rf"|\b(?<!\d[.,]){_HOUSE}\d{{1,6}}\s+(?:{lower}\s+){{1,4}}?{lower},\s+(?:{_LOWER_STATES})"
        r"(?![\w-])"
    )
    # a US grid address: "2901 East 3300 South", "9020 W. 1500 N. Road"; a numbered street
    # with its directional and no type ("55 West 9th")
    grid = (
        rf"\b(?<!\d[.,]){_HOUSE}\d{{1,6}}\s+{_DIRECTION}\.?\s+\d{{2,5}}\s+{_DIRECTION}\b\.?"
        rf"(?:\s+(?:{_CAP}\s+){{0,2}}{suffix}(?!\w))?"
        rf"|\b(?<!\d[.,]){_HOUSE}\d{{1,6}}\s+{_DIRECTION}\.?\s+\d{{1,3}}(?i:st|nd|rd|th)\b"
        # a county road by its number on a grid ("4100 E CR 750 N", "2210 County Road 300 S")
        rf"|\b(?<!\d[.,]){_HOUSE}\d{{2,6}}\s+(?:{_DIRECTION}\.?\s+)?"
        rf"(?:C\.?\s?R\.?|(?i:county\s+road|co\.?\s+rd\.?))\s+\d{{1,4}}\s+{_DIRECTION}\b\.?"
        # in lower case ("4410 w 2700 s"), with the road after it ("9020 w. 1500 n. road")
        r"|\b(?<!\d[.,])\d{2,6}\s+(?:[nsew]|north|south|east|west)\.?\s+\d{2,5}\s+"
        r"(?:[nsew]|north|south|east|west)\b(?![\w'’-])\.?"
        rf"(?:\s+(?:{lower}\s+){{0,2}}{suffix}(?!\w))?"
    )
    return tuple(
        start_guarded(re.compile(p))  # tried only where a match can start (pattern_facts)
        for p in (
            number_first,
            type_first,
            compound,
            uk_postcode,
            military,
            house_no,
            spoken,
            po_box,
            city_line,
            lower_line,
            grid,
        )
    )
