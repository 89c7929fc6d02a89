"""A found name's next word, written the same way, before a verb or the clause's end
(social_pairs.py).

Every sentence here was written for this test (none comes from an evaluation set).
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.names.social_pairs import grow_pairs
from pipeline.detection.spans import Detection

# (text, the name found, the span after growing)
ROWS = [
    # a verb follows: the word between is the surname, even an English word
    ("omg marla sharp scored again", "marla", "marla sharp"),
    ("DEXTER STONE WON", "DEXTER", "DEXTER STONE"),
    ("then Kevin Hartwell says hi", "Kevin", "Kevin Hartwell"),
    # the clause ends: a known surname or no English word
    ("me and jenny okafor !", "jenny", "jenny okafor"),
    ("we met Marla Zukowski .", "Marla", "Marla Zukowski"),
    # not grown: an English word ending the clause, a verb of the name, an -ly adverb
    ("we ate Waldorf Salad .", "Waldorf", "Waldorf"),
    ("then justin smiled .", "justin", "justin"),
    ("marla smiled says nothing", "marla", "marla"),
    ("marla quickly ran home", "marla", "marla"),
    # not grown: another case, an everyday or function word, a social spelling, no verb after
    ("marla Sharp scored", "marla", "marla"),
    ("marla today scored", "marla", "marla"),
    ("marla will go", "marla", "marla"),
    ("we said hi to marla van", "marla", "marla"),  # a particle ends no name
    ("KEVIN GUYSSS !", "KEVIN", "KEVIN"),
    ("marla sharp knives", "marla", "marla"),
    ("KDXR BLEM Update : sales fell", "KDXR", "KDXR"),  # a verb in another case
]


@pytest.mark.parametrize(("text", "name", "grown"), ROWS)
def test_a_surname_written_the_same_way_joins_the_name(
    detector: Any, text: str, name: str, grown: str
) -> None:
    start = text.index(name)
    det = Detection(start, start + len(name), "PERSON", 0.7, "names:lower_given")
    (out,) = grow_pairs(text, [det], detector.lexicon)
    assert text[out.start : out.end] == grown


def test_other_entities_are_left_alone(detector: Any) -> None:
    text = "Paris Hilton says hi"
    det = Detection(0, 5, "LOCATION", 0.7, "spacy")
    assert grow_pairs(text, [det], detector.lexicon) == [det]
