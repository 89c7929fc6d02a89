"""A sentence's first word that English has only as a rare noun goes to NER; other English words
opening a sentence do not (pipeline/detection/names/unexplained.py).

Every sentence here was written for this test (none comes from an evaluation set).
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.names.unexplained import unexplained_capitals
from pipeline.detection.words import tokenize

# A rare noun before a verb's form, a singular noun, the possessive or "and" and a capitalised
# word: NER judges it.
JUDGED = [
    "Kestrel takes the captaincy on Monday .",
    "Osprey 's plans were called old .",
    "Curlew team seeking a debate .",
    "Crane takes the lead .",  # a known surname that is a verb too
    "Kestrel and Osprey were the only seeds left .",  # paired with a capitalised word
]
# An everyday word, an abstract noun, a plural, an agent noun, a noun before a plural noun or a
# compound, a function word: no name to judge.
LEFT = [
    "Police said the road was shut .",
    "Inflation was steady .",
    "Officials said the talks would go on .",
    "Qualifier vs. the second seed",
    "Garlic pills do n't lower cholesterol .",
    "Revenue freight-tonne kilometres rose .",
    "However , the talks went on .",
    "Kestrel .",  # nothing after it
    "Brown leaves fell .",  # a surname that is an adjective too
    "Garlic and onions were sold out .",  # "and" before a lower-case word
]


def _first_judged(detector: Any, text: str) -> bool:
    doc = tokenize(text)
    out = unexplained_capitals(doc, [], detector.lexicon, frozenset())
    return any(t.i == 0 for t in out)


@pytest.mark.parametrize("text", JUDGED)
def test_a_rare_noun_opening_a_sentence_goes_to_ner(detector: Any, text: str) -> None:
    assert _first_judged(detector, text)


@pytest.mark.parametrize("text", LEFT)
def test_other_english_words_opening_a_sentence_stay(detector: Any, text: str) -> None:
    assert not _first_judged(detector, text)
