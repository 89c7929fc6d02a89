"""A street named before its house number, found by where it stands in a sentence about the post.

Most of Europe writes the number after the street, and often with no street word a rule could
key on: "Korunní 810, Praha", "Praha, Nad Panenskou 164/4", "Vestre Haugen 74", "Calea
Victoriei 54 Bucharest". Nothing in "Name 74" tells it from "Apollo 13" or "Windows 10", so here
it is a street only where cued_streets' number-first streets are: after "to", "at", "for", "is",
"find" or at a sentence's start, in a sentence that speaks of delivering, shipping, the post or
moving (bare_postcodes' words). The name is 1-4 capitalised words (any Latin script, with the
small words that join a street's name: "nad", "de", "vei", "dos"), no month, day, unit, counted
thing or word of a product's version before the number; the number has 1-4 digits, a letter or a
Czech "/orientation" number, and is no year; a town may stand before it after a comma ("Brno,
Orlí 517/22") and one after it ("..., Brno", "... Bucharest"). No plural noun counts it after.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.detection.addresses.bare_postcodes import POSTAL_WORDS
from pipeline.detection.addresses.cued_streets import sentence_of
from pipeline.detection.spans import Detection

_UPPER = "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper() and c.isalpha())
# words a name before a number is not: calendar, units, counted or versioned things
_NOT_NAME = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|"
    r"June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday|Week|Day|Year|Month|Version|Release|Season|Episode|Chapter|Page|"
    r"Part|Phase|Stage|Round|Level|Floor|Room|Gate|Terminal|Platform|Dock|Bay|Row|Seat|Table|"
    r"Group|Team|Section|Unit|Apt|Suite|Ste|Box|Order|Invoice|Ticket|Case|Account|Item|Number|"
    r"No|Nr|Grade|Class|Year|Top|Under|Over|Windows|Office|Python|Java|iOS|Android|Covid|"
    r"Route|Highway|Interstate|The|And|Or|Of|In|On|At|To|For|Is|It|I|A|An|My|Our|Your|Please|"
    r"Thanks|Hi|Hello|Dear|We|You|He|She|They|This|That|Send|Ship|Deliver|Mail|Post|Call|Phone|"
    r"Tel|Fax|Dial|Text)"
)
# the small words inside a street's name: articles and prepositions, lower-case street words
_JOIN = (
    r"(?:nad|pod|na|u|v|ve|de|del|della|di|da|do|dos|das|du|des|la|le|van|von|der|den|am|an|"
    r"vei|veien|vegen|gate|gata|gaten|vägen|väg|gatan|plass|plassen|torg|torget|allé|"
    r"nedre|øvre|vestre|østre|søndre|nordre)"
)
_NUMBER = r"(?!(?:19|20)\d\d\b)\d{1,4}[A-Za-z]?(?:/\d{1,4}[A-Za-z]?)?"
# a plural noun that counts the number ("Apollo 13 fans"), a clock's or a measure's words
_COUNTED = r"(?!thanks\b)(?:[a-z]{2,}[a-rt-z]s|hours?|hrs|days?|times|percent|km|kg|mph|am|pm)\b"
# where an address stands (the words matched, the span is group "a": a lookbehind at every
# position costs twice as much)
_PLACE_BEFORE = r"(?:\b(?:to|at|for|is|find)\s|^|[.!?:]\s)"


@lru_cache(maxsize=1)
def _cued() -> re.Pattern[str]:
    word = rf"(?!{_NOT_NAME}\b)[{_UPPER}A-Z][^\W\d_]*(?:[.'’-][^\W\d_]+)*\.?"
    name = rf"{word}(?:\s+(?:{_JOIN}\s+)?{word}){{0,3}}(?:\s+{_JOIN})?"
    town = rf"(?!{_NOT_NAME}\b)[{_UPPER}A-Z][^\W\d_]+(?:-[{_UPPER}A-Z][^\W\d_]+)?"
    # a town before the street is one word ("Brno, Orlí 517/22"): two are a person's name
    # ("Ship to: Jana Nováková, Orlí 5")
    return re.compile(
        # a region's code before a number is a postcode's line ("Canberra ACT 2600")
        rf"{_PLACE_BEFORE}(?P<a>(?:{town},\s+)?{name}(?<!\b[A-Z]{{2}})(?<!\b[A-Z]{{3}})\s+{_NUMBER}(?![.,:]\d)"
        rf"(?:,?\s+{town}(?:\s+{town})?(?![\w'’-]))?)"
        rf"(?=\s*(?:[,.;!?)]|$)|\s+(?!{_COUNTED})[a-z])",
        re.MULTILINE,
    )


def find_cued_names(text: str) -> list[Detection]:
    """Streets written name first, number after, where a sentence about the post puts them."""
    found: list[Detection] = []
    if POSTAL_WORDS.search(text) is None:  # most texts speak of no post: one search, not two
        return found
    for match in _cued().finditer(text):
        start, end = sentence_of(text, match.start("a"))
        if POSTAL_WORDS.search(text, start, end) is None:
            continue
        found.append(
            Detection(match.start("a"), match.end("a"), "STREET_ADDRESS", 0.5, "address:cued_name")
        )
    return found
