"""Names in capitals headlines: the subject after a comma (news_names) and the names listed
beside a found one (pipeline/detection/names/headlines.py).

Every headline here was written for this test (none comes from an evaluation set).
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.names.headlines import headline_list_names
from pipeline.detection.names.news import news_names
from pipeline.detection.spans import Detection
from pipeline.detection.words import tokenize
from pipeline.transforms.redact import redact


def _person(text: str, value: str) -> Detection:
    start = text.index(value)
    return Detection(start, start + len(value), "PERSON", 0.85, "test")


# (headline, the found PERSON, the names listed beside it)
LISTED = [
    ("TENNIS - KOWALSKI , O'HALLORAN SPRING TWIN UPSETS .", "KOWALSKI", ["O'HALLORAN"]),
    ("SOCCER - FISCHER AND OKONKWO OUT OF SQUAD .", "OKONKWO", ["FISCHER"]),
    ("GOLF - HALLORAN & NAKAMURA SHARE LEAD .", "HALLORAN", ["NAKAMURA"]),
    # everyday, date and place words stay
    ("CRICKET - KOWALSKI AND RAIN STOP PLAY .", "KOWALSKI", []),
    ("TENNIS - KOWALSKI , MONDAY MATCH OFF .", "KOWALSKI", []),
    ("SOCCER - FISCHER AND GERMANY AGREE .", "FISCHER", []),
    # a found name in title case: no capitals headline
    ("Kowalski , OKONKWO and others", "Kowalski", []),
]


@pytest.mark.parametrize(("text", "found", "listed"), LISTED)
def test_names_listed_beside_a_found_name_in_a_headline(
    detector: Any, text: str, found: str, listed: list[str]
) -> None:
    out = headline_list_names(text, [_person(text, found)], detector.lexicon)
    assert [text[d.start : d.end] for d in out] == listed


# The subject rule after a comma, as after a dash: a noun-only surname before a singular verb.
SUBJECTS = [
    ("GOLF - HALLORAN LEADS IN OHIO , FISCHER MAKES PRO DEBUT .", "FISCHER"),
    ("TENNIS - SELES WINS , KOWALSKI TAKES SECOND .", "KOWALSKI"),
    # a word that is no everyday word (WordNet's famous people), after a dash or a role word
    ("POETRY - TENNYSON WINS PRIZE .", "TENNYSON"),
    ("SOCCER - CAPTAIN MARLOWE QUITS .", "MARLOWE"),
]
# Capitals headlines whose subject is no person: abstract and agent nouns, a hyphen.
NO_HEADLINE_PERSON = [
    "MARKETS - INFLATION RISES IN JULY .",
    "ECONOMY - UNEMPLOYMENT FALLS AGAIN .",
    "MARKETS - PRODUCER PRICES UP IN JUNE .",
    "SOCCER - RESULTS OF PRO-SOCCER GAMES .",
]
NO_SUBJECT = [
    "MARKETS - YEN FIRM , GOLD RISES ON DOLLAR .",  # also an adjective
    "SOCCER - CUP DRAW MADE , STOCKS FALL .",  # a plural
    "CRICKET - PLAY ENDS EARLY , RAIN RETURNS .",  # also a verb
]


@pytest.mark.parametrize(("text", "name"), SUBJECTS)
def test_a_headline_subject_after_a_comma(detector: Any, text: str, name: str) -> None:
    found = {text[d.start : d.end] for d in news_names(tokenize(text), detector.lexicon)}
    assert name in found


@pytest.mark.parametrize("text", NO_SUBJECT)
def test_no_headline_subject_after_a_comma_for_everyday_words(detector: Any, text: str) -> None:
    found = [d for d in news_names(tokenize(text), detector.lexicon) if "," in text[: d.start]]
    assert found == []


@pytest.mark.parametrize("text", NO_HEADLINE_PERSON)
def test_no_headline_person_for_abstract_and_agent_nouns(detector: Any, text: str) -> None:
    assert list(news_names(tokenize(text), detector.lexicon)) == []


def test_a_headline_list_is_redacted_through_the_detector(detector: Any) -> None:
    text = "TENNIS - KOWALSKI , O'HALLORAN SPRING TWIN UPSETS ."
    out = redact(text, detector.detect(text))
    assert "O'HALLORAN" not in out
    assert "SPRING TWIN UPSETS" in out
