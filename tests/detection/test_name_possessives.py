"""The possessor of kin, a body or a career is a person, an English noun too
(pipeline/detection/names/possessives.py, through news_names).

Every sentence here was written for this test (none comes from an evaluation set); the surnames
are English nouns of no name lexicon ("Kestrel", "Osprey").
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.names.news import news_names
from pipeline.detection.words import tokenize

# (text, the possessor)
OWNERS = [
    ("Kestrel 's wife said the family would move .", "Kestrel"),
    ("he was replaced by Osprey 's Newcastle team mate .", "Osprey"),  # two words between
    ("an injury to Curlew 's left hamstring kept him out .", "Curlew"),
    ("a year after Juniper 's retirement , the club won .", "Juniper"),
    ("the risk of Mandrake 's disease is higher .", "Mandrake"),  # a disease named after one
]
# The same shapes whose possessor is no person, or whose possession is no person's.
NOT_OWNERS = [
    "Britain 's partners met on Monday .",  # a place, and no kin word
    "the Commission 's head spoke .",  # an institution's
    "Kestrel 's hand-picked successor spoke .",  # a compound's first part
    "Australian 's wife spoke .",  # a people's word
    "Monday 's debut was delayed .",  # a date word
    "Kestrel 's shares rose .",  # no kin, body or life word
    "Kestrel 's new and very old car .",  # too far
]


@pytest.mark.parametrize(("text", "name"), OWNERS)
def test_the_possessor_of_a_person_s_things_is_a_person(
    detector: Any, text: str, name: str
) -> None:
    found = {
        (text[d.start : d.end], d.recognizer) for d in news_names(tokenize(text), detector.lexicon)
    }
    assert (name, "news:possessor") in found


@pytest.mark.parametrize("text", NOT_OWNERS)
def test_other_possessions_leave_the_word(detector: Any, text: str) -> None:
    found = [
        d for d in news_names(tokenize(text), detector.lexicon) if d.recognizer == "news:possessor"
    ]
    assert found == []
