"""A word joined by "and" / "or" to a found one-word name is a surname, an English noun too
(pipeline/detection/names/coordinated.py).

Every sentence here was written for this test (none comes from an evaluation set); the surnames
are English nouns of no name lexicon ("Kestrel", "Osprey").
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.names.coordinated import coordinated_names
from pipeline.detection.spans import Detection

# (text, the found name, the word joined to it)
JOINED = [
    ("the participation of Hartley and Kestrel was known", "Hartley", "Kestrel"),
    ("they replace Osprey and Hartley in the side", "Hartley", "Osprey"),
    ("Hartley or Curlew will bowl first", "Hartley", "Curlew"),
    ("Kestrel and Hartley , who both signed", "Hartley", "Kestrel"),  # opening the text
    ("a stand between Hartley and Fredericks", "Hartley", "Fredericks"),  # a given name's plural
]
# (text, the found name): the joined word is no surname
NOT_JOINED = [
    ("a deal between Hartley and Wesson Corp", "Hartley"),  # a capitalised word after it
    ("the Western Kestrel and Hartley", "Hartley"),  # a capitalised word before it
    ("Hartley and Inflation", "Hartley"),  # an abstract noun
    ("Hartley and Monday", "Hartley"),  # a date word
    ("Hartley and Australian", "Hartley"),  # a people's word
    ("Hartley and Kenya", "Hartley"),  # a place
    ("Hartley and Officials", "Hartley"),  # an English plural
    ("Hartley and Police", "Hartley"),  # an everyday word
    ("Peter Hartley and Kestrel", "Peter Hartley"),  # the found name is no lone surname
]


def _found(text: str, value: str) -> Detection:
    start = text.index(value)
    return Detection(start, start + len(value), "PERSON", 0.85, "test")


@pytest.mark.parametrize(("text", "found", "joined"), JOINED)
def test_a_word_joined_to_a_found_surname_is_one(
    detector: Any, text: str, found: str, joined: str
) -> None:
    out = coordinated_names(text, [_found(text, found)], detector.lexicon)
    assert [(text[d.start : d.end], d.recognizer) for d in out] == [(joined, "news:and")]


@pytest.mark.parametrize(("text", "found"), NOT_JOINED)
def test_a_word_joined_that_is_no_surname_stays(detector: Any, text: str, found: str) -> None:
    assert coordinated_names(text, [_found(text, found)], detector.lexicon) == []


def test_other_entities_are_not_joined(detector: Any) -> None:
    text = "Hartley and Kestrel"
    det = Detection(0, 7, "LOCATION", 0.85, "test")
    assert coordinated_names(text, [det], detector.lexicon) == []
