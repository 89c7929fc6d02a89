"""Person names in news prose and results: a surname as a sentence's subject, an initial before a
surname, the other half of a found name (pipeline/detection/names/news.py).

Every sentence here was written for this test (none comes from an evaluation set).
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.names.news import grow_beside_names, news_names
from pipeline.detection.spans import Detection
from pipeline.detection.words import tokenize
from pipeline.transforms.redact import redact

# (text, the name the rule finds, its recognizer)
RULES = [
    # a surname of the lexicon (or no English word) opening a sentence, then a verb, a comma
    # or the possessive
    ("Hughes told the court the loan was never repaid .", "Hughes", "news:subject"),
    ("Gallagher , who signed in June , scored twice .", "Gallagher", "news:subject"),
    ("Morrison 's second goal came late .", "Morrison", "news:subject"),
    ("Kowalski ( 11-3 ) pitched seven innings .", "Kowalski", "news:subject"),
    ("Fischer quietly resigned from the board .", "Fischer", "news:subject"),
    # a word that reads as a plural needs a singular verb
    ("Edwards was named captain on Monday .", "Edwards", "news:subject"),
    # an adverb between the subject and its verb
    ("Fischer also noted the cost of the delay .", "Fischer", "news:subject"),
    # in a capitals headline, after its start or a dash, before a singular verb
    ("TENNIS - KOWALSKI WINS IN THREE SETS .", "KOWALSKI", "news:headline"),
    ("GOLF - FISCHER TAKES LEAD .", "FISCHER", "news:headline"),
    # an initial and a surname, at a boundary, after a preposition or a scorecard letter
    ("Kent 301 ( T. Okafor 88 , L. Brandt 41 )", "T. Okafor", "news:initial"),
    ("the report by J. Halloway was read", "J. Halloway", "news:initial"),
    ("caught c Ross b H. Petrakis 12", "H. Petrakis", "news:initial"),
    # a city's name after an initial is a surname
    ("caught c Ross b P. Leeds 4", "P. Leeds", "news:initial"),
    # a title-case word before ", who": opening a sentence whatever English has it for, or
    # within one after no determiner
    ("Marlow , who signed in June , scored twice .", "Marlow", "news:subject"),
    ("Stone ( 9-4 ) , who was rested , pitched .", "Stone", "news:subject"),
    ("Leeds , who was rested on Monday , pitched .", "Leeds", "news:subject"),  # a city too
    ("after the game , Hawking , whose knee was hurt , sat out .", "Hawking", "news:who"),
    # a title-case particle and a surname within a sentence
    ("a shot by Okafor which De Wilde tipped over .", "De Wilde", "news:particle"),
    ("two goals for Van Oosterwijk on Sunday", "Van Oosterwijk", "news:particle"),
]


@pytest.mark.parametrize(("text", "name", "recognizer"), RULES)
def test_each_news_rule_finds_its_name(
    detector: Any, text: str, name: str, recognizer: str
) -> None:
    found = {
        (text[d.start : d.end], d.recognizer) for d in news_names(tokenize(text), detector.lexicon)
    }
    assert (name, recognizer) in found


# Sentences of the same shapes whose capitalised word is no person: the rules find nothing.
PLAIN = [
    "Sales rose 5 percent in the third quarter .",  # a plural with a verb of either number
    "Shares were lower in early trade .",  # no name of the lexicon
    "Inflation was steady in July .",
    "Brown , green and red are the colours .",  # also an adjective
    "Monday was a holiday .",  # a date word
    "However , the talks went on .",
    "They play in group B. Police said the match went ahead .",  # the letter ends a sentence
    "prices in the U.S. Treasury market",  # an abbreviation, no initial
    "Plan B. The vote is next week .",
    "MARKETS - GOLD RISES ON DOLLAR .",  # also an adjective
    "MARKETS - STOCKS FALL .",
    "SOCCER - BROWN WINS CAP .",
    "DOLLAR EDGES HIGHER .",
    "the race at Le Mans ended early .",  # an article as a particle: a place's
    "they flew to La Paz on Monday .",
    "Sales , which rose , helped .",  # "which" follows a thing
    "the Giants , who won , lead the division .",  # after a determiner: a team
    "Monday , who knows , may be fine .",  # a date word
    # a country, capital or big city of the gazetteer opening a sentence
    "Kiev 's mayor spoke on Monday .",
    "Paris has a new mayor .",
    "Genoa said the talks would go on .",
    "they flew from N. Ireland on Monday .",  # a compass point's initial: a place
]


@pytest.mark.parametrize("text", PLAIN)
def test_everyday_words_of_news_shapes_stay(detector: Any, text: str) -> None:
    assert news_names(tokenize(text), detector.lexicon) == []


# (text, found PERSON value, the value it grows to)
GROWN = [
    # after a found given name, a surname or no English word
    ("Marcus Okafor scored twice", "Marcus", "Marcus Okafor"),
    ("a century from Peter Kowalski on Friday", "Peter", "Peter Kowalski"),
    # before a found surname of the lexicon, a noun that is no adjective or verb
    ("Tiger Fischer shot a 68", "Fischer", "Tiger Fischer"),
]
NOT_GROWN = [
    ("Australian Nakamura took six wickets", "Nakamura"),  # a nationality: an adjective
    ("they met Peter Monday", "Peter"),  # a date word
    ("call Sam Out of office today", "Sam"),  # a function word
    ("our Jenna Will Be There", "Jenna"),
    ("Vegan Zorvakin pastries", "Zorvakin"),  # a noun before a word of no lexicon
    ("the Marcus", "Marcus"),  # nothing beside it
]


@pytest.mark.parametrize(("text", "value", "grown"), GROWN)
def test_a_found_name_takes_its_other_half(
    detector: Any, text: str, value: str, grown: str
) -> None:
    start = text.index(value)
    det = Detection(start, start + len(value), "PERSON", 0.85, "test")
    (out,) = grow_beside_names(text, [det], detector.lexicon)
    assert text[out.start : out.end] == grown


@pytest.mark.parametrize(("text", "value"), NOT_GROWN)
def test_a_found_name_keeps_its_neighbours_that_are_no_name(
    detector: Any, text: str, value: str
) -> None:
    start = text.index(value)
    det = Detection(start, start + len(value), "PERSON", 0.85, "test")
    (out,) = grow_beside_names(text, [det], detector.lexicon)
    assert (out.start, out.end) == (det.start, det.end)


def test_other_entities_are_not_grown(detector: Any) -> None:
    text = "Marcus Fine"
    det = Detection(0, 6, "LOCATION", 0.85, "test")
    assert grow_beside_names(text, [det], detector.lexicon) == [det]


# Through the whole detector: the name goes, the rest of the sentence stays (each of these
# names stayed in clear before the rules).
REDACTED = [
    ("Woodward ( 9-4 ) allowed three hits .", "Woodward", "allowed three hits"),
    ("Hawkins 's second goal came late .", "Hawkins", "second goal came late"),
    ("Kent 301 ( T. Okafor 88 , L. Brandt 41 )", "Brandt", "41 )"),
    ("Tiger Fischer shot a 68 on the last day .", "Tiger", "shot a 68"),
]


@pytest.mark.parametrize(("text", "secret", "kept"), REDACTED)
def test_news_names_are_redacted(detector: Any, text: str, secret: str, kept: str) -> None:
    out = redact(text, detector.detect(text))
    assert secret not in out
    assert kept in out


# A results list: an item in the slot of a found name is a name too, never an everyday word.
SLOTS = [
    ("Bowling : Hartley 9-1-36-2 , Marlow 4-0-21-1", "Hartley", ["Marlow"]),
    ("Hartley ( Kenya ) , Marlow ( Chile ) 20.14 seconds", "Hartley", ["Marlow"]),
    ("Bowling : Hartley 9-1-36-2 , Law 4-0-21-1", "Hartley", []),  # an everyday word
    ("Hartley 9-1-36-2 , Surrey 429-7 all out", "Hartley", []),  # another slot
]


@pytest.mark.parametrize(("text", "found", "items"), SLOTS)
def test_results_list_items_in_a_names_slot(
    detector: Any, text: str, found: str, items: list[str]
) -> None:
    start = text.index(found)
    dets = [Detection(start, start + len(found), "PERSON", 0.85, "test")]
    for place in ("Kenya", "Chile"):
        if place in text:
            k = text.index(place)
            dets.append(Detection(k, k + len(place), "LOCATION", 0.85, "test"))
    out = grow_beside_names(text, dets, detector.lexicon)
    added = [text[d.start : d.end] for d in out if d.recognizer == "news:list_slot"]
    assert added == items


# (text, the name two or three initials and a name of the lexicon make)
INITIALS = [
    ("his recordings of M.R. Nowak 's sonatas", "M.R. Nowak"),
    ("the verdict of Justice P.N. Fischer on Monday", "P.N. Fischer"),
    ("a biography of A.J.P. Okonkwo appeared", "A.J.P. Okonkwo"),
    # (a word of no lexicon after initials may be a body's: "F.C. Zorvakin" stays)
]
INITIALS_PLAIN = [
    "the U.S. Fischer case",  # an abbreviation
    "shares of A.G. Fischer Inc rose",  # a capitalised word after: a body's or a heading's
    "the D.C. Council voted",  # no name
    "they beat F.C. Porto 2-0",  # a place
    "a run of B.B. Monday",  # a date word
    "they beat F.C. Zorvakin 2-0",  # no name of the lexicon
]


@pytest.mark.parametrize(("text", "name"), INITIALS)
def test_initials_and_a_name_are_a_person(detector: Any, text: str, name: str) -> None:
    out = grow_beside_names(text, [], detector.lexicon)
    assert [(text[d.start : d.end], d.recognizer) for d in out] == [(name, "news:initials")]


@pytest.mark.parametrize("text", INITIALS_PLAIN)
def test_initials_before_no_name_stay(detector: Any, text: str) -> None:
    assert grow_beside_names(text, [], detector.lexicon) == []


def test_initials_inside_a_found_name_add_nothing(detector: Any) -> None:
    text = "his recordings of M.R. Nowak 's sonatas"
    found = Detection(text.index("M.R."), text.index(" 's"), "PERSON", 0.85, "test")
    assert grow_beside_names(text, [found], detector.lexicon) == [found]
