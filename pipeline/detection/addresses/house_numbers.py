"""A house number before a name: streets written without a street word ("48 Willow Bend").

US addresses often drop the street type ("210 East Halsted", "77 Van Buren", "3120 N
Whitfield"). The name part is found anyway (NER or the name lexicon labels it a person or a
place), but the house number before it stays in clear, and with it the address. After NER, a
number of 2-6 digits directly before a person or place (a directional or one letter between
them allowed, or a place name's first word: "Old", "Fort") is taken with the name as a street, unless the number is a year, a count or a
table's: a score line's team before it ("Leeds 2 West Ham 1"), a count word before it ("the
40 Welsh seats", "about 300 Air Canada staff"), a plural noun after the name ("20 NY
classics") or a name in the plural ("30 Mosques in 30 Days"), numbers after it ("281 Tom
Lehman 70 71"), or, at a sentence's start, no clause after it (a golf leader board: "66 Tom
Kite", "67 Nick Price , Ian Baker-Finch").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.detection.spans import Detection

_NAMES = frozenset({"PERSON", "LOCATION"})
# the house number, then perhaps a directional, one letter or a place name's first word
# ("210 East Halsted", "3120 R Whitfield", "88 Old Danbury")
_NUMBER_BEFORE = re.compile(
    r"(?<![\w.,:/#$£€-])(?P<num>[1-9]\d{1,5}[A-Za-z]?)\s(?:(?:North|South|East|West|NORTH|SOUTH|"
    r"EAST|WEST|[NS][EW]|[A-Z]|So|SO|Old|OLD|Mount|Mt|Fort|Ft|Lake|Saint|St)\.?\s)?$"
)
_YEAR = re.compile(r"1[89]\d\d|20\d\d")
# a word before the number that makes it a count, a rank or a date's ("the 72 …", "top 10 …")
_COUNT_WORD = re.compile(
    r"(?i:the|a|an|about|around|some|over|under|than|only|nearly|almost|approximately|top|"
    r"number|no|nos|of|by|last|first|next|all|these|those|another|other|every|each|and|or|per|"
    r"x|at least|up to|more than|less than|fewer than|just|another|with|killed|won|lost|scored)"
)
_WORD_BEFORE = re.compile(r"(?:^|(?<=\s))([A-Za-z][\w'’-]*)[,:]?\s+$")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)$")
# one or two title-case words after the name are the street's too ("6102 Lakeview Overlook")
_TITLE_AFTER = re.compile(r"(?:\s[A-Z][a-z][\w'’-]*){1,2}")
_LOWER_WORD_AFTER = re.compile(r"\s+([a-z][\w'’-]*)")
_DIGITS_AFTER = re.compile(r"\s*[(,]?\s*\d")
_END_AFTER = re.compile(r"\s*(?:$|[.;!?)\]\"'])")
_PLURAL = re.compile(r"[a-z]{3,}[^s]s")
_SCORE = 0.6
_LOOK_BACK = 40


def numbered_names(text: str, dets: Sequence[Detection]) -> list[Detection]:
    """Streets made of a house number and a person or place found in `text`."""
    found: list[Detection] = []
    for det in dets:
        if det.entity_type not in _NAMES:
            continue
        name = text[det.start : det.end]
        if any(ch.isdigit() for ch in name) or (name.isupper() and len(name) <= 3):
            continue  # "20 NY classics": a state's code, a team's initials
        before = _NUMBER_BEFORE.search(text, max(0, det.start - _LOOK_BACK), det.start)
        if before is None or _YEAR.fullmatch(before.group("num")):
            continue
        start = before.start()
        end = det.end
        title = _TITLE_AFTER.match(text, end)
        if title is not None and not _DIGITS_AFTER.match(text, title.end()):
            end = title.end()
        last = text[start:end].split()[-1]
        if _PLURAL.fullmatch(last.lower()) or _counted(text, start):
            continue  # "30 Mosques in 30 Days": a count of things named in the plural
        if not _clause_goes_on(text, start, end):
            continue
        found.append(Detection(start, end, "STREET_ADDRESS", _SCORE, "address:numbered_name"))
    return found


def _sentence_start(text: str, start: int) -> bool:
    return _SENTENCE_START.search(text, max(0, start - 3), start) is not None


def _counted(text: str, start: int) -> bool:
    """Whether the word before the number makes it no house number: a capitalised word (a
    team's name in a result line, a month), or a count word."""
    if _sentence_start(text, start):
        return False
    word = _WORD_BEFORE.search(text, max(0, start - _LOOK_BACK), start)
    if word is None:
        return True  # a symbol or a number before it: a table's cell
    word_text = word.group(1)
    if word_text[0].isupper():
        return True
    return _COUNT_WORD.fullmatch(word_text) is not None


def _clause_goes_on(text: str, start: int, end: int) -> bool:
    """Whether the text after the street reads as a sentence going on, not a table row."""
    if _DIGITS_AFTER.match(text, end):
        return False  # "287 Ian Woosnam 70 76 71 70"
    lower = _LOWER_WORD_AFTER.match(text, end)
    if lower is not None:
        return _PLURAL.fullmatch(lower.group(1)) is None  # "17 Kurdish rebels": a count
    if _sentence_start(text, start):
        return False  # "62 Nolan Henke", "65 Billy Andrade , Duffy Waldorf": a leader board
    return _END_AFTER.match(text, end) is not None or text[end : end + 1] == ","
