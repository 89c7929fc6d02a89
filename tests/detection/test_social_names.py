"""Names in social text, and the words of social and news text that are no names.

Every sentence here was written for this test (none comes from an evaluation set).
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.lower_names import lower_name_at
from pipeline.detection.name_words import NameScores
from pipeline.detection.words import tokenize


def _lower_names(detector: Any, text: str) -> list[str]:
    """What the lower-case name rules alone take in `text`."""
    doc = tokenize(text)
    out: list[str] = []
    i = 0
    while i < len(doc):
        det = None
        if doc[i].is_lower:
            det, i = lower_name_at(doc, i, detector.lexicon, NameScores())
        else:
            i += 1
        if det is not None:
            out.append(text[det.start : det.end])
    return out


# A lower-case given name that is an English verb, before a number, a preposition, an article
# or an -ly adverb, is the verb.
VERBS = [
    "quarterly output rose to 310 tonnes",
    "the yen rose 1.5 percent against the euro",
    "sales rose sharply in the spring",
    "parades mark 4th of july in every town",
]


@pytest.mark.parametrize("text", VERBS)
def test_a_given_name_used_as_a_verb_is_no_name(detector: Any, text: str) -> None:
    assert _lower_names(detector, text) == []


# The same names where nothing verb-like follows: still names.
GIVEN = [
    ("blame rose , not me", "rose"),
    ("who 's rose ? no idea", "rose"),
    ("mark says hi", "mark"),
]


@pytest.mark.parametrize(("text", "name"), GIVEN)
def test_the_same_given_names_as_names_are_still_found(detector: Any, text: str, name: str) -> None:
    assert name in _lower_names(detector, text)
