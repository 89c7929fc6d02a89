"""Names in social text, and the words of social and news text that are no names.

Every sentence here was written for this test (none comes from an evaluation set).
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.names.lower_case import lower_name_at
from pipeline.detection.names.shapes import NameScores
from pipeline.detection.names.social import drop_social_words, other_language
from pipeline.detection.spans import Detection
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


def _dropped(detector: Any, text: str, span: str, recognizer: str) -> bool:
    """Whether drop_social_words drops a PERSON detection of `span` made by `recognizer`."""
    start = text.index(span)
    det = Detection(start, start + len(span), "PERSON", 0.85, recognizer)
    return drop_social_words(text, [det], detector.lexicon) == []


# (text, span, recognizer, dropped?): shouted everyday words are no names, shouted names are
SHOUTED = [
    ("meet me at the MALL after work", "MALL", "spacy:org_name", True),
    ("GOOD LUCK MEETING them tomorrow", "GOOD LUCK MEETING", "spacy", True),
    ("we were FEATURED on the radio", "FEATURED", "spacy", True),
    ("me and JAKE drove home", "JAKE", "spacy", False),
    ("TAYLOR sang all night", "TAYLOR", "spacy", False),
    ("we watched EDWARDS win the final", "EDWARDS", "spacy:org_name", False),
    ("a film about JFK tonight", "JFK", "spacy", False),
    # an unknown shouted word without a vowel is an acronym; with vowels it may be a name
    ("the HDCP scheme was cracked", "HDCP", "names:unknown_proper_noun", True),
    ("then TARANDO served an ace", "TARANDO", "names:unknown_proper_noun", False),
    # mixed case is not shouting: left to the other rules
    ("meet me at the Mall after work", "Mall", "spacy", False),
]

# (text, span, recognizer, dropped?): topic hashtags are no names, name hashtags are
HASHTAGS = [
    ("so true #ZodiacFacts", "ZodiacFacts", "spacy", True),
    ("#MuchLove to all of you", "#MuchLove", "spacy", True),
    ("#JerkChicken tonight at the club", "JerkChicken", "names:unknown_proper_noun", True),
    ("love her #JenniferAniston", "JenniferAniston", "spacy", False),
    ("go team #gonzalez today", "gonzalez", "spacy", False),
    ("#marksanchez for president", "marksanchez", "names:hashtag", False),
    ("shout out #BIGBEN", "BIGBEN", "names:unknown_proper_noun", False),
]

# (text, span, recognizer, dropped?): in another language lower-case spans are words
LANGUAGES = [
    ("ik kan niet wachten tot de nieuwe film uitkomt", "wachten", "spacy", True),
    (
        "kung totoong may gusto siya sayo hindi na siya magtatanong",
        "siya",
        "names:lower_given",
        True,
    ),
    ("Hidup itu ujian jadi jangan berpikir untuk lari", "Hidup", "names:unknown_proper_noun", True),
    # a given name of many locales stays, in any language
    ("jetzt kann ich schon von justin singen und tanzen", "von justin", "names:lower", False),
    # English text: the lower-case name rules keep their finds
    ("been listening to trey all week and i love it", "trey", "names:lower_given", False),
]


@pytest.mark.parametrize(("text", "span", "recognizer", "dropped"), SHOUTED + HASHTAGS + LANGUAGES)
def test_social_words_are_no_names(
    detector: Any, text: str, span: str, recognizer: str, dropped: bool
) -> None:
    assert _dropped(detector, text, span, recognizer) is dropped


def test_other_language_needs_most_lower_case_words_unknown(detector: Any) -> None:
    lexicon = detector.lexicon
    assert other_language("ik kan niet wachten tot morgen", lexicon)
    assert not other_language("i can not wait until tomorrow", lexicon)
    assert not other_language("Ik Kan", lexicon)  # too few lower-case words to judge


# (text, the lower-case names taken): a title, "is" or "to" before a lower-case word
CUED = [
    ("put me through to mr. banik please", ["banik"]),
    ("tonight we dance with dj okoro", ["okoro"]),  # the title joins later (context.py)
    ("this is okonkwo from accounts", ["okonkwo"]),
    ("hello , my name is zanele", ["zanele"]),
    ("can i speak to dayamai please", ["dayamai"]),
    # a title after a determiner is the noun; after a title an English word that is no name
    ("the dj played us a song", []),
    ("i will miss seeing you", []),
    # "is" that introduces no one, "to" before an English word, a social spelling
    ("the new song is smexy !", []),
    ("the winner is zorvath kell again", ["zorvath kell"]),  # not the clause's end
    ("you have to talk to press first", []),
    ("im chasin my dreams", []),
]


@pytest.mark.parametrize(("text", "names"), CUED)
def test_lower_case_names_after_cues(detector: Any, text: str, names: list[str]) -> None:
    assert _lower_names(detector, text) == names
