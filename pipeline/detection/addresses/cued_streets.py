"""A street named without its type word, found by where it stands in a sentence about the post.

"We moved to 4410 Kestrel Ridge last month", "Send it to 4410 KESTREL", "4410 Kestrel is
where it goes": a house number and a capitalised name hold no street word, and nothing in their
shape tells them from "1500 GMT" or "300 Fortune companies". Here they are a street when the
number stands where an address stands (after "to", "at", "for", "is", "find" or at the
sentence's start), has three digits or more and is no year, the name is no time zone, month,
day, unit or currency, the next word is no plural noun counting the number, and the sentence
speaks of delivering, shipping, the post or moving (bare_postcodes' words). A state's road by
the state and its number ("100 KY 1207") stands there too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.detection.addresses import postcodes
from pipeline.detection.addresses.bare_postcodes import POSTAL_WORDS, SENTENCE
from pipeline.detection.spans import Detection

# words a name after a number is not: clock, calendar, units, currencies, counted things
_NOT_NAME = (
    r"(?:GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|AM|PM|HRS|"
    r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|"
    r"July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday|Today|Tomorrow|Euros?|Dollars?|Pounds?|Points?|Miles?|Km|Kg|"
    r"Units?|Items?|Pieces?|People|Times|The|And|Or|Of|In|On|At|To|For|Is|It|I|A|An|My|Our|"
    r"Your|Please|Thanks|Apt|Suite|Ste|Unit|Box|Floor)"
)
_NAME_WORD = rf"(?!{_NOT_NAME}\b)(?:[A-Z][a-z'’-]+|[A-Z]{{2,}}[A-Z'’-]*)(?![\w'’-])"
# where an address stands: after these words, or at the start of a sentence
_PLACE_BEFORE = (
    r"(?:(?<=\bto\s)|(?<=\bat\s)|(?<=\bfor\s)|(?<=\bis\s)|(?<=\bfind\s)|^|(?<=[.!?:]\s))"
)
# a plural noun that counts the number ("4410 Kestrel orders"), a clock's words
_COUNTED = r"(?!thanks\b)(?:[a-z]{2,}[a-rt-z]s|hours?|hrs|local|o'clock|gmt|utc)\b"
_CUED = re.compile(
    # a digit first: the place's lookbehinds are tried at the numbers only
    rf"(?=\d){_PLACE_BEFORE}(?!(?:19|20)\d\d\b)\d{{3,6}}(?:-\d{{1,4}})?"
    # a directional or a lettered half before the name ("4410 N Kestrel", "4410 A Kestrel",
    # "4410 So. Kestrel")
    rf"(?:\s+(?:[A-Z]|So|SO)\.?)?(?:\s+{_NAME_WORD}){{1,3}}"
    rf"(?=\s*(?:[,.;!?)]|$)|\s+(?!{_COUNTED})[a-z])",
    re.MULTILINE,
)


@lru_cache(maxsize=1)
def _state_route() -> re.Pattern[str]:
    """A state's road by the state and its number alone, as Publication 28 writes a state
    highway ("100 KY 1207", "100 Kentucky 440"): where an address stands, no year's number, no
    number or counted noun after it."""
    states = rf"(?:{postcodes.PLAIN_CODES}|{postcodes.state_names()})"
    return re.compile(
        # a digit first: the place's lookbehinds are tried at the numbers only
        rf"(?=\d){_PLACE_BEFORE}(?!(?:19|20)\d\d\b)\d{{3,6}}\s+{states}\s+(?!(?:19|20)\d\d\b)\d{{1,4}}"
        rf"(?![\w'’-]|[.,:/%]\d|\s*\d|\s+{_COUNTED})",
        re.MULTILINE,
    )


def find_cued_streets(text: str) -> list[Detection]:
    """House numbers and names with no street word, where a sentence about the post puts them."""
    found: list[Detection] = []
    for match in _CUED.finditer(text):
        sentence = sentence_of(text, match.start())
        if POSTAL_WORDS.search(text, *sentence) is None:
            continue
        found.append(
            Detection(match.start(), match.end(), "STREET_ADDRESS", 0.5, "address:cued_street")
        )
    for match in _state_route().finditer(text):
        # a route of three digits or more, or any in a sentence about the post: "went to 110
        # Kentucky 68 at half time" is a score
        route = match[0].rsplit(maxsplit=1)[-1]
        if len(route) < 3 and POSTAL_WORDS.search(text, *sentence_of(text, match.start())) is None:
            continue
        found.append(
            Detection(match.start(), match.end(), "STREET_ADDRESS", 0.5, "address:state_route")
        )
    return found


def sentence_of(text: str, at: int) -> tuple[int, int]:
    for match in SENTENCE.finditer(text):
        if match.start() <= at < max(match.end(), match.start() + 1):
            return match.span()
    return at, len(text)
