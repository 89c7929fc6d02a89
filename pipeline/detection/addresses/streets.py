"""Street addresses in free text, in the formats of the countries we serve.

Stock Presidio has no street-address recognizer for English text. The street words are in
`street_words`, the shapes written with them in `address_patterns`; this module runs the shapes
a text can hold and keeps the matches that are streets (not a score, a count or a doctor).
"""

from __future__ import annotations

import re

from pipeline.detection.addresses import lines as address_lines
from pipeline.detection.addresses import patterns as address_patterns
from pipeline.detection.addresses import street_words
from pipeline.detection.numbers.tables import no_street_number
from pipeline.detection.spans import Detection

_WORD = re.compile(r"[^\W\d_][\w'./]*")
# the house numbers the spelled-number line writes out (lines.py)
_SPELLED = frozenset(word.lower() for word in street_words.SPELLED_NUMBERS)


def preload_addresses() -> None:
    """Build the patterns now (Faker's address providers of every locale are imported: ~1 s)."""
    address_patterns.patterns()
    street_words.vocabulary_words()


def find_addresses(text: str) -> list[Detection]:
    """Street addresses (and UK postcodes) in `text`."""
    has_digit = any(ch.isdigit() for ch in text)
    words = {w.rstrip(".").lower() for w in _WORD.findall(text)}
    suffixes, prefixes = street_words.vocabulary_words()
    wanted = (
        has_digit and not (words.isdisjoint(suffixes) and words.isdisjoint(prefixes)),
        not (words.isdisjoint(suffixes) and words.isdisjoint(prefixes)),
        has_digit,
        has_digit,
        has_digit,
        has_digit,
        has_digit and not (words.isdisjoint(suffixes) and words.isdisjoint(prefixes)),
        has_digit,
        has_digit,
        has_digit,
        has_digit,
    )
    found: list[Detection] = []
    for name, score, pattern, want in zip(
        address_patterns.PATTERN_NAMES,
        address_patterns.PATTERN_SCORES,
        address_patterns.patterns(),
        wanted,
        strict=True,
    ):
        if not want:
            continue
        for match in pattern.finditer(text):
            span = match.group(0).rstrip(" ,.\n")
            if not span or (name == "type_first" and not _type_first_street(span)):
                continue
            if name == "number_first" and not any(ch.isupper() for ch in span):
                continue  # "Nov 2, top spot": a number and a lower-case type word alone
            if name == "grid" and _LATITUDE_LONGITUDE.match(span):
                continue  # "37 North 122 West": a position, no grid address
            if name == "compound" and _ING.search(span):
                continue  # "expiring 2031", "in spring 2019": an English word ending in "ring"
            start = match.start()
            if no_street_number(text, start, start + len(span)) or _is_zip(text, start):
                continue  # "Port Vale 4 1 2 1 4 4 5", "77 basis points": a score or a count
            found.append(
                Detection(start, start + len(span), "STREET_ADDRESS", score, f"address:{name}")
            )
    if has_digit:
        found.extend(
            d
            for d in address_lines.find_lines(text)
            if not no_street_number(text, d.start, d.end) and not _is_zip(text, d.start)
        )
    elif not words.isdisjoint(_SPELLED) and not words.isdisjoint(suffixes):
        # no digit: a house number written out before a street word ("One Kestrel Plaza")
        found.extend(address_lines.find_spelled_streets(text))
    return address_lines.extend(text, found)


_LATITUDE_LONGITUDE = re.compile(
    r"(?:[0-8]?\d|90)\s+(?i:n|s|north|south)\.?\s+(?:1[0-7]\d|180|\d\d)\s+(?i:e|w|east|west)\b"
)
_ING = re.compile(r"^[a-z][\w'-]*ing\s+\d")
_STATE_BEFORE = re.compile(r"(?<![\w.])([A-Za-z]{2})\.?,?\s$")


def _is_zip(text: str, start: int) -> bool:
    """A five-digit number after a state code is a ZIP, no house number ("IL 60601 came")."""
    if not re.match(r"\d{5}\b", text[start : start + 6]):
        return False
    state = _STATE_BEFORE.search(text, max(0, start - 5), start)
    return state is not None and state.group(1).upper() in address_lines.REGION_CODES


def _type_first_street(span: str) -> bool:
    words = span.split()
    if len(words) < 2:
        return False
    if any(ch.isdigit() for ch in span):
        return True
    prefix = words[0]
    return (
        prefix.lower() in street_words.NUMBERLESS_PREFIXES
        and prefix[0].isupper()
        and not prefix.isupper()
    )
