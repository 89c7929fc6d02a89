"""Names told by their shape and the words beside them: dictionary surnames alone, shouted given
names, lower-case names English has only as nouns, families, titles, nicknames, hashtags.

Every sentence here was written for this test (none comes from an evaluation set).
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.names.context import refine_names
from pipeline.detection.names.finder import find_names
from pipeline.detection.spans import Detection
from pipeline.detection.words import tokenize
from pipeline.transforms.redact import redact


def _redacted(detector: Any, text: str) -> str:
    return redact(text, detector.detect(text))


# (text, a name that must go, words that must stay)
FOUND = [
    # a surname of several locales, alone mid-sentence, that English has only as a noun
    ("we asked Hughes about the invoice", "Hughes", "we asked"),
    ("Great set tonight , MAN Dawson played for two hours", "Dawson", "played for two hours"),
    # in shouted text, a given name English has only as a noun
    ("WE ALL THOUGHT DYLAN WOULD WIN THE WHOLE THING", "DYLAN", "WOULD WIN THE WHOLE THING"),
    # lower case: a given name that is a surname of several locales too, and only a noun
    ("honestly harvey from the office was hilarious", "harvey", "from the office"),
    # after a title even an everyday word is the name
    ("HAVE YOU SEEN DJ ENERGY AT THE CLUB", "ENERGY", "AT THE CLUB"),
    ("tonight MC Success plays the main stage", "Success", "plays the main stage"),
    # a surname before "family", "twins"
    ("then the hughes family barbecue all afternoon", "hughes", "family barbecue"),
    ("the Fisher family moved next door", "Fisher", "family moved next door"),
    # a quoted nickname after a name goes with it
    ('Marcus " Big Ears " Holloway was born in 1931', "Big Ears", "was born in 1931"),
    ("party with Tasha &quot; Queen Bee &quot; tonight", "Queen Bee", "tonight"),
    # a given name and a surname glued in a hashtag
    ("can't stop watching #danielawright highlights", "danielawright", "highlights"),
]


@pytest.mark.parametrize(("text", "secret", "kept"), FOUND)
def test_names_told_by_their_shape_are_found(
    detector: Any, text: str, secret: str, kept: str
) -> None:
    out = _redacted(detector, text)
    assert secret not in out
    assert kept in out


# The same sentences, the rule alone (spaCy finds some of them too): the lexicon rule's span.
RULES = [
    ("we asked Hughes about the invoice", "Hughes", "names:surname"),
    ("Great set tonight , MAN Dawson played for two hours", "Dawson", "names:surname"),
    ("WE ALL THOUGHT DYLAN WOULD WIN THE WHOLE THING", "DYLAN", "names:given"),
    ("honestly harvey from the office was hilarious", "harvey", "names:lower_given"),
    ("HAVE YOU SEEN DJ ENERGY AT THE CLUB", "ENERGY", "names:title"),
    ("tonight MC Success plays the main stage", "Success", "names:title"),
    ("then the hughes family barbecue all afternoon", "hughes", "names:lower_family"),
    ("the Fisher family moved next door", "Fisher", "names:family"),
    ("can't stop watching #danielawright highlights", "danielawright", "names:hashtag"),
]


@pytest.mark.parametrize(("text", "secret", "recognizer"), RULES)
def test_each_shape_rule_finds_its_name(
    detector: Any, text: str, secret: str, recognizer: str
) -> None:
    found = find_names(tokenize(text), detector.lexicon, frozenset())
    assert [(text[d.start : d.end], d.recognizer) for d in found] == [(secret, recognizer)]


def test_a_quoted_nickname_grows_the_name_before_it(detector: Any) -> None:
    text = 'Marcus " Big Ears " Holloway was born in 1931'
    (det,) = refine_names(text, [Detection(0, 6, "PERSON", 0.85, "test")], detector.lexicon)
    assert text[det.start : det.end] == 'Marcus " Big Ears "'


# Everyday words in the same shapes stay.
CLEAN = [
    "the King opened the session",  # after a determiner: a title or a thing
    "we met in Hall 3 near the stage",  # a place after a preposition
    "I WILL MARK THE DATE AND MAY COME",  # shouted verbs that are given names
    "WE WILL MISS HOME SO MUCH",  # "Miss" before an everyday word is the verb
    "the royal family and my whole family",
    "a young family moved in",
    "our deer hunter friends",  # a noun after a noun
    'he said "We Can Do It" and left',  # a quote after no name
    "#rosegold #newyork #goodmorning #throwbackthursday",
]


@pytest.mark.parametrize("text", CLEAN)
def test_everyday_words_of_the_same_shapes_stay(detector: Any, text: str) -> None:
    assert _redacted(detector, text) == text


# Surnames that are street words, verbs, or after a preposition: no name rule takes them (spaCy
# may, on its own judgement).
@pytest.mark.parametrize(
    "text",
    [
        "take the train to Wells tomorrow",
        "meet me on Lane after lunch",
        "off Plaza now",
        "they toured one Castle near the coast",  # also a verb: more often the word
    ],
)
def test_street_words_alone_are_no_surnames(detector: Any, text: str) -> None:
    assert find_names(tokenize(text), detector.lexicon, frozenset()) == []


def test_a_nickname_goes_only_with_a_name_before_it(detector: Any) -> None:
    text = 'Marcus " Big Ears " Holloway and " Big Ears " alone'
    out = _redacted(detector, text)
    assert out.count("Big Ears") == 1
    assert out.endswith('" Big Ears " alone')
