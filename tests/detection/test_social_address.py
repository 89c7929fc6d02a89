"""Someone addressed or celebrated in lower-case social text (social_address.py).

Every sentence here was written for this test (none comes from an evaluation set).
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.names.lower_case import lower_name_at
from pipeline.detection.names.shapes import NameScores
from pipeline.detection.words import tokenize


def _social_names(detector: Any, text: str) -> list[str]:
    doc = tokenize(text)
    out: list[str] = []
    i = 0
    while i < len(doc):
        det = None
        if doc[i].is_lower:
            det, i = lower_name_at(doc, i, detector.lexicon, NameScores())
        else:
            i += 1
        if det is not None and det.recognizer == "names:social_address":
            out.append(text[det.start : det.end])
    return out


# (text, the names the social slots take)
ROWS = [
    # after a wish or a farewell
    ("happy birthday hope ! have fun", ["hope"]),
    ("congrats zanele on the new job", ["zanele"]),
    ("rip grace , gone too soon", ["grace"]),
    # after "to" following a wish or thanks
    ("shoutout to mike for the pics", ["mike"]),
    ("thanks to jenny for the ride", ["jenny"]),
    # a vocative after "love you", "miss u"
    ("love you mark !", ["mark"]),
    ("miss u jenny", ["jenny"]),
    # not taken: an everyday word not ending the clause, no name, a place, a function word
    ("congrats summer camp kids", []),
    ("happy birthday party tonight", []),
    ("rip london , you were fun", []),
    ("happy birthday to you", []),
    # not taken: no vocative (the clause goes on), people but no name, no wish before "to"
    ("love you mark my words", []),
    ("miss u tweeps", []),
    ("found thanks to tipoffs from readers", []),
    ("i want to mark the date", []),
    ("we went to jenny", []),
]


@pytest.mark.parametrize(("text", "names"), ROWS)
def test_names_in_social_slots(detector: Any, text: str, names: list[str]) -> None:
    assert _social_names(detector, text) == names
