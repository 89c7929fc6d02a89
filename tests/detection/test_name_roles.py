"""A person told by the post a sentence gives them with "as" (pipeline/detection/names/roles.py,
through news_names).

Every sentence here was written for this test (none comes from an evaluation set).
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.names.news import news_names
from pipeline.detection.names.roles import as_role_object, as_role_subject, predicate_subject
from pipeline.detection.words import tokenize

# (text, the person the post is given to)
POSTED = [
    ("SOCCER - STONE RESIGNS AS CITY MANAGER .", "STONE"),  # a capitals headline
    ("HOCKEY - FROST TAKES OVER AS NATIONAL COACH .", "FROST"),  # a particle
    ("RUGBY - HILL NAMED AS CAPTAIN .", "HILL"),  # an everyday word
    ("Kestrel was named as England captain on Monday .", "Kestrel"),  # auxiliaries
    ("Curlew has been appointed as head coach .", "Curlew"),
    ("The club named Osprey as coach on Monday .", "Osprey"),  # the object
    ("The board appointed Juniper as its chairman .", "Juniper"),
]
# The same shapes with no person after the word, or no post after "as".
NOT_POSTED = [
    "MARKETS - GOLD RISES AS DOLLAR FALLS .",  # no role
    "Prices rose as demand fell .",
    "Sterling rose as the central bank chief spoke .",  # a clause after "as"
    "SOCCER - ENGLAND NAMED AS HOSTS .",  # a place, no role
    "Officials named as advisers met on Monday .",  # a plural
    "Monday was named as the date .",  # a date word
    "Kestrel rose as high as the captain .",  # no role right after the words
    "The club named Osprey , as coach .",  # punctuation
    "Australian named as coach .",  # a people's word
]


@pytest.mark.parametrize(("text", "name"), POSTED)
def test_the_holder_of_a_post_is_a_person(detector: Any, text: str, name: str) -> None:
    found = {
        (text[d.start : d.end], d.recognizer) for d in news_names(tokenize(text), detector.lexicon)
    }
    assert (name, "news:as_role") in found


@pytest.mark.parametrize("text", NOT_POSTED)
def test_no_post_leaves_the_word(detector: Any, text: str) -> None:
    found = [
        d for d in news_names(tokenize(text), detector.lexicon) if d.recognizer == "news:as_role"
    ]
    assert found == []


@pytest.mark.parametrize(
    "text", ["SOCCER - KESTREL RESIGNS AS CITY MANAGER .", "The club named Osprey as coach ."]
)
def test_subject_and_object_slots(detector: Any, text: str) -> None:
    doc = tokenize(text)
    words = [t.text for t in doc]
    i = next(k for k, w in enumerate(words) if w in ("KESTREL", "Osprey"))
    subject = as_role_subject(doc, i, detector.lexicon)
    assert subject == (words[i] == "KESTREL")
    assert as_role_object(doc, i, detector.lexicon) != subject


# (text, the subject a copula's predicate names a person)
PREDICATED = [
    ("Kestrel is the first Australian minister to visit .", "Kestrel"),
    ("Osprey is a skilled bushman who knows the area .", "Osprey"),  # a noun in -man
    ("Curlew was a veteran of two wars .", "Curlew"),
]
NOT_PREDICATED = [
    "Turnover was a record for the chairman .",  # a preposition ends the noun phrase
    "Security was the minister 's worry .",  # an everyday word; a possessor's noun
    "Cobalt is the best investment .",  # no person's noun
    "Kestrel is chairman .",  # no article
    "Inflation was a big worry .",
]


@pytest.mark.parametrize(("text", "name"), PREDICATED)
def test_a_predicate_naming_a_person(detector: Any, text: str, name: str) -> None:
    found = {
        (text[d.start : d.end], d.recognizer) for d in news_names(tokenize(text), detector.lexicon)
    }
    assert (name, "news:predicate") in found


@pytest.mark.parametrize("text", NOT_PREDICATED)
def test_no_person_s_predicate_leaves_the_word(detector: Any, text: str) -> None:
    assert not predicate_subject(tokenize(text), 0, detector.lexicon)
