"""The object of a cricket dismissal or of a found person's win or loss is a person's surname,
an English noun too (pipeline/detection/names/objects.py).

Every sentence here was written for this test (none comes from an evaluation set); the surnames
are English nouns of no name lexicon ("Kestrel", "Osprey").
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.names.objects import sports_objects
from pipeline.detection.spans import Detection

# (text, the found name or None, the object taken)
OBJECTS = [
    ("Hartley , on 48 , was bowled by Kestrel as he stepped back", None, "Kestrel"),
    ("the opener was caught by Osprey at slip", None, "Osprey"),
    ("Hartley was stumped by Curlew for 12", None, "Curlew"),
    ("Hartley beat Kestrel 6-3 6-2 in the final", "Hartley", "Kestrel"),
    ("Peter Hartley lost to Osprey in straight sets", "Peter Hartley", "Osprey"),
    ("Hartley defeated Curlew , the fifth seed", "Hartley", "Curlew"),
]
# (text, the found name or None): the word in the slot is no person's
NOT_OBJECTS = [
    ("Hartley beat Manchester United 2-1", "Hartley"),  # a capitalised word after it
    ("Hartley beat Dutch rival Kestrel", "Hartley"),  # a people's word
    ("Hartley beat Leeds at home", "Hartley"),  # a place
    ("Hartley beat Australia by five wickets", "Hartley"),  # a place
    ("Hartley beat Rangers on Saturday", "Hartley"),  # an English plural
    ("Hartley beat Shield 120-103", "Hartley"),  # an English verb too (a team's word)
    ("the batsman was caught by Warwickshire 's keeper", None),  # a county
    ("the ball was caught by Police outside", None),  # an everyday word
    ("the tie was beaten by Monday", None),  # a date word, no dismissal verb
    ("Kenya beat Kestrel in the final", None),  # no found person before the verb
    ("Hartley , who beat Kestrel", "Hartley"),  # the verb is not right after the name
    ("a report by Kestrel says", None),  # "by" after no dismissal verb
]


def _found(text: str, value: str | None) -> list[Detection]:
    if value is None:
        return []
    start = text.index(value)
    return [Detection(start, start + len(value), "PERSON", 0.85, "test")]


@pytest.mark.parametrize(("text", "found", "taken"), OBJECTS)
def test_a_sports_object_is_a_person(
    detector: Any, text: str, found: str | None, taken: str
) -> None:
    out = sports_objects(text, _found(text, found), detector.lexicon)
    assert [text[d.start : d.end] for d in out] == [taken]
    assert all(d.entity_type == "PERSON" for d in out)


@pytest.mark.parametrize(("text", "found"), NOT_OBJECTS)
def test_a_word_in_the_slot_that_is_no_person_stays(
    detector: Any, text: str, found: str | None
) -> None:
    assert sports_objects(text, _found(text, found), detector.lexicon) == []


def test_a_word_already_found_is_not_taken_again(detector: Any) -> None:
    text = "Hartley was bowled by Kestrel"
    det = Detection(text.index("Kestrel"), len(text), "ORGANIZATION", 0.85, "test")
    assert sports_objects(text, [det], detector.lexicon) == []


def test_other_entities_open_no_slot(detector: Any) -> None:
    text = "Hartley beat Kestrel"
    assert sports_objects(text, [Detection(0, 7, "LOCATION", 0.85, "test")], detector.lexicon) == []
