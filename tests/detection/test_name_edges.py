"""The edges of a name found only in part: particles, initials, regnal numbers and the other
half of a lone given name or surname (pipeline/detection/names/edges.py).

Every sentence here was written for this test (none comes from an evaluation set).
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.names.edges import grow_edges
from pipeline.detection.spans import Detection
from pipeline.transforms.redact import redact


def _person(text: str, value: str) -> Detection:
    start = text.index(value)
    return Detection(start, start + len(value), "PERSON", 0.85, "test")


# (text, the found PERSON values, the value the first one grows to)
GROWN = [
    # a lower-case particle between the span and another found part or a word of no lexicon
    (
        "Deputy Minister Odongo wa Kirimbe said on Monday",
        ["Minister Odongo", "Kirimbe"],
        "Minister Odongo wa Kirimbe",
    ),
    ("the lawyer Marco dal Pirozzo told reporters", ["Marco"], "Marco dal Pirozzo"),
    # a title-case particle or two initials right before the span
    ("a header from Van Oosterwijk gave them the lead", ["Oosterwijk"], "Van Oosterwijk"),
    ("Lyon 2 ( Dos Ferreirinha 38th )", ["Ferreirinha"], "Dos Ferreirinha"),
    ("71 R.T. Halloway , 72 Tim Marsh", ["Halloway"], "R.T. Halloway"),
    # initials and a lower-case particle before the span
    ("said former president K.W. de Villiersen on Monday", ["Villiersen"], "K.W. de Villiersen"),
    ("a goal by J. van Oosterwijk", ["Oosterwijk"], "J. van Oosterwijk"),
    # a regnal number or a generational suffix after the span
    ("the reign of Casimir IV ended in 1492", ["Casimir"], "Casimir IV"),
    ("said Willard Pennock Jr. on Monday", ["Willard Pennock"], "Willard Pennock Jr."),
    # after a lone given name: a title-case word before punctuation, the end or a lower-case
    # word; an everyday word only before a verb
    ("Marcus Fine", ["Marcus"], "Marcus Fine"),
    ("after Peter Such gave them a lead", ["Peter"], "Peter Such"),
    ("said Dmitry Vosk , a spokesman", ["Dmitry"], "Dmitry Vosk"),
    # before a lone surname: a noun that is no everyday word or adjective; within a sentence
    # also a verb
    ("Hen Orvakian , a former editor , was freed", ["Orvakian"], "Hen Orvakian"),
    ("an amnesty for Hen Orvakian and two others", ["Orvakian"], "Hen Orvakian"),
    ("she beat Dally Ostrowicz in straight sets", ["Ostrowicz"], "Dally Ostrowicz"),
    # an everyday word within a sentence before a word of no lexicon: a verb's base form
    ("including his assistant Win Htaungyi .", ["Htaungyi"], "Win Htaungyi"),
    # a religious title before the name
    ("a message to Mother Adaeze on Sunday", ["Adaeze"], "Mother Adaeze"),
    ("the nuns of Sister Okonkwo said", ["Okonkwo"], "Sister Okonkwo"),
    # after a word of no lexicon, a function word that is no connective before a comma
    ("Kyaw Than , a member of parliament , died", ["Kyaw"], "Kyaw Than"),
]


@pytest.mark.parametrize(("text", "values", "grown"), GROWN)
def test_a_name_found_in_part_takes_its_other_parts(
    detector: Any, text: str, values: list[str], grown: str
) -> None:
    dets = [_person(text, v) for v in values]
    out = grow_edges(text, dets, detector.lexicon)
    assert text[out[0].start : out[0].end] == grown


# (text, the found PERSON value): its neighbours are no part of the name
NOT_GROWN = [
    ("met Peter Monday morning", "Peter"),  # a date word
    ("thanks Sarah For everything", "Sarah"),  # a preposition
    ("our Jenna Will come too", "Jenna"),  # a verb, after a given name
    ("call Sam Out of hours", "Sam"),  # an everyday word before no verb
    ("Ana Parrots , and more", "Ana"),  # an English plural
    ("the Nelson Foundation gave", "Nelson"),  # an organisation's word
    ("Georgia Tech won again", "Georgia"),
    ("Australian Nakamura took six wickets", "Nakamura"),  # an adjective (a nationality)
    ("Dutchman Oosterwijk won the stage", "Oosterwijk"),  # a nationality's noun
    ("Beat Orvakian in two sets", "Orvakian"),  # a verb opening a sentence
    ("Homemade Vegan Zorvakin pastries", "Zorvakin"),  # a run of capitalised words
    ("Vegan Zorvakin pastries are sold out", "Zorvakin"),  # a noun phrase, no subject
    ("the U.S. Halloway case", "Halloway"),  # an abbreviation, no initials
    ("the U.S. de Halloway case", "Halloway"),
    ("the A.K.A. Halloway tour", "Halloway"),  # three letters: an abbreviation
    ("a pass to del Halloway", "Halloway"),  # a particle without initials: other rules'
    ("Parliament Speaker Orvakian said", "Orvakian"),  # a role before a name
    ("Odongo di Pane", "Odongo"),  # a particle before an English word that is no found name
    ("LIVESTRONG Week is here", "LIVESTRONG"),  # a word in capitals
    ("Smith Fine and Co", "Smith"),  # a lone surname takes no surname after it
    ("Kyaw Than the others", "Kyaw"),  # an everyday word after a word of no lexicon, no comma
    ("Happy Zorblat Birthday !", "Zorblat"),
    ("Win Htaungyi said so", "Htaungyi"),  # an everyday word opening a sentence: the verb
    ("his Beloved Htaungyi came", "Htaungyi"),  # an adjective
]


@pytest.mark.parametrize(("text", "value"), NOT_GROWN)
def test_words_beside_a_name_that_are_no_part_of_it_stay(
    detector: Any, text: str, value: str
) -> None:
    det = _person(text, value)
    (out,) = grow_edges(text, [det], detector.lexicon)
    assert (out.start, out.end) == (det.start, det.end), text[out.start : out.end]


def test_other_entities_are_not_grown(detector: Any) -> None:
    text = "Marcus Fine"
    det = Detection(0, 6, "LOCATION", 0.85, "test")
    assert grow_edges(text, [det], detector.lexicon) == [det]


# Through the whole detector: the whole name goes, the rest of the sentence stays.
REDACTED = [
    ("after Marcus Hollins and Peter Such gave them a lead .", "Such", "gave them a lead"),
    ("He succeeded his father Casimir IV in 1492 .", "IV", "in 1492"),
    ("Marcus Fine", "Fine", ""),
]


@pytest.mark.parametrize(("text", "secret", "kept"), REDACTED)
def test_whole_names_are_redacted(detector: Any, text: str, secret: str, kept: str) -> None:
    out = redact(text, detector.detect(text))
    assert secret not in out
    assert kept in out
