"""Names told by their context: speaker labels, grown spans, list items, subjects of reports.

Every sentence here was written for this test (none comes from an evaluation set).
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.names.context import refine_names
from pipeline.detection.names.ner_spans import trim_ner_span
from pipeline.detection.propagate import propagate
from pipeline.detection.spans import Detection
from pipeline.transforms.redact import redact


def _person(text: str, value: str) -> Detection:
    start = text.index(value)
    return Detection(start, start + len(value), "PERSON", 0.85, "test")


# (text, the PERSON span found by another rule, the span refine_names makes of it)
GROWN = [
    ("Walter N . Pemberton , band director", "Walter", "Walter N . Pemberton"),
    ("Walter N. Pemberton spoke", "Walter", "Walter N. Pemberton"),
    ("tonight DJ Marcus L in the house", "Marcus", "DJ Marcus L"),
    ("oldskool night with dj finesse", "finesse", "dj finesse"),
    ("a film with Tommy Wiszniewski tonight", "Tommy", "Tommy Wiszniewski"),
    ("a film with Tommy Wiszniewski tonight", "Wiszniewski", "Tommy Wiszniewski"),
    ("watching zendaya coleman tonight", "coleman", "zendaya coleman"),
    ("odds on Ed Okonkwo shortened", "Okonkwo", "Ed Okonkwo"),
    ("watching rebecca okafor tonight", "rebecca", "rebecca okafor"),
    # titles and offices go with the name: alone they tell gender or office
    ("Senator Walter voted against", "Walter", "Senator Walter"),
    ("said Ms Okafor today", "Okafor", "Ms Okafor"),
    ("Dr Okafor said", "Okafor", "Dr Okafor"),
    ("Coach Walter said so", "Walter", "Coach Walter"),
    ("we met Mr . Pemberton there", "Pemberton", "Mr . Pemberton"),
    ("Pope Anselm XIV visits today", "Anselm XIV", "Pope Anselm XIV"),
    ("put me through to mr banik", "banik", "mr banik"),
    # a lower-case surname of several locales after a lower-case name, even an everyday word
    ("met rebecca young at the gym", "rebecca", "rebecca young"),
]


@pytest.mark.parametrize(("text", "found", "grown"), GROWN)
def test_found_names_grow_over_initials_and_unknown_parts(
    detector: Any, text: str, found: str, grown: str
) -> None:
    (det,) = refine_names(text, [_person(text, found)], detector.lexicon)
    assert text[det.start : det.end] == grown


# (text, found span): the neighbours are titles, everyday words or other sentences' words
NOT_GROWN = [
    ("i miss walter so", "walter"),  # lower-case, "miss" and "coach" are verbs
    ("we coach walter now", "walter"),
    ("the president Walter named", "Walter"),  # a lower-case office is a description
    ("Walter Is Here", "Walter"),  # an English word after a name
    ("Yesterday Walter came", "Walter"),
    ("went In Walter's car", "Walter"),  # a two-letter function word
    ("Oh Walter, come on", "Walter"),
    ("walter went home", "walter"),  # an everyday word after a lower-case name
    ("call walter tomorrow", "walter"),
    ("walter may come later", "walter"),  # a function word or a verb after the name
    ("walter long ago", "walter"),
]


@pytest.mark.parametrize(("text", "found"), NOT_GROWN)
def test_found_names_do_not_grow_over_other_words(detector: Any, text: str, found: str) -> None:
    (det,) = refine_names(text, [_person(text, found)], detector.lexicon)
    assert text[det.start : det.end] == found


# (text, a name that must go, a word that must stay)
FOUND = [
    # speaker labels: a name, or any non-everyday word before a quote
    ('Okonkwo : " we will win " said the coach', "Okonkwo", "said the coach"),
    ('Whitlock : " you should "', "Whitlock", "you should"),
    ("NADIA: hi there", "NADIA", "hi there"),
    ("jdoe88 asked : where are you", "jdoe88", "where are you"),
    ('He left. Brannigan: "not today"', "Brannigan", "He left."),
    # list items next to a found name
    ("Dinner with oluwadamilare , Rebecca , and priyanka !", "priyanka", "Dinner with"),
    ("Dinner with oluwadamilare , Rebecca , and priyanka !", "oluwadamilare", "Dinner with"),
    # the subject of a report
    ("Harris starts us off with a 3", "Harris", "starts us off with a 3"),
    ("okonkwo says hi", "okonkwo", "says hi"),
    ("i know mcgroarty told me", "mcgroarty", "told me"),
    # a three-letter given name in capitals starts a name
    ("Managed to get a pic of EVA MENDOZA today", "EVA", "Managed to get a pic of"),
    # stage and sports roles cue the name after them
    ("oldskool night with dj finesse", "finesse", "oldskool night with"),
    ("tonight DJ Elements plays", "Elements", "plays"),
    # after a title, a particle alone is the surname
    ("we met Mrs . Van at the shop", "Van", "at the shop"),
]


@pytest.mark.parametrize(("text", "secret", "kept"), FOUND)
def test_names_told_by_context_are_found(detector: Any, text: str, secret: str, kept: str) -> None:
    out = redact(text, detector.detect(text))
    assert secret not in out
    assert kept in out


# An office before a name: the name goes, and the office with it.
ROLE_CASES = [
    ("Prime Minister Kestrel Okafor said the talks would go on", "Okafor", "said the talks"),
    ("Foreign Minister Alessandro Vukovic arrived today", "Vukovic", "arrived today"),
    ("Senator MARISOL QUINTANILLA voted against.", "QUINTANILLA", "voted against."),
]


@pytest.mark.parametrize(("text", "secret", "kept"), ROLE_CASES)
def test_the_name_after_an_office_goes(detector: Any, text: str, secret: str, kept: str) -> None:
    out = redact(text, detector.detect(text))
    assert secret not in out
    assert kept in out


def test_an_office_redacted_with_a_name_is_not_looked_for_elsewhere() -> None:
    text = "President Okonkwo spoke. The president of the club and his deputy agreed."
    start = text.index("President Okonkwo")
    dets = propagate(text, [Detection(start, start + 17, "PERSON", 0.85, "test")], frozenset())
    assert redact(text, dets) == (
        "<PERSON> spoke. The president of the club and his deputy agreed."
    )


# No personal data: every word stays.
CLEAN = [
    "the fire front was 20 kilometres long and 25 per cent contained",
    "Note: the office is closed",
    "Update: all good here",
    "Warning: slippery floor",
    "Q: when is it? A: now",
    "Tonight: live music",
    "Mood : excited",
    "Meeting at 10:30 today",
    "see http://example.com/a for more",
    "Pick up milk, eggs, and bread",
    "Police said the road was closed",
    "the report said nothing new",
    "Sales grew, costs fell and profits doubled",
    "THE END OF THE DAY FOR ALL OF US",
]


@pytest.mark.parametrize("text", CLEAN)
def test_labels_lists_and_reports_without_names_stay(detector: Any, text: str) -> None:
    assert redact(text, detector.detect(text)) == text


def test_list_items_stop_at_everyday_words(detector: Any) -> None:
    text = "Rebecca , apples , pears and plums"
    dets = refine_names(text, [_person(text, "Rebecca")], detector.lexicon)
    assert [text[d.start : d.end] for d in dets] == ["Rebecca"]


# A given name that is also a verb, with an object after it at the start of a sentence or
# after a subject: the verb stays. Elsewhere the name goes.
VERB_CASES = [
    ("Love it . See you soon", "Love it"),
    ("so tired today . Hope you all slept well", "Hope you all"),
    ("i just love you guys", "love you guys"),
    ("Mark the date : 4 June", "Mark the date"),
]


@pytest.mark.parametrize(("text", "kept"), VERB_CASES)
def test_a_given_name_used_as_a_verb_stays(detector: Any, text: str, kept: str) -> None:
    assert kept in redact(text, detector.detect(text))


@pytest.mark.parametrize(
    ("text", "secret"),
    [("Mark from accounting asked", "Mark"), ("i told mark you were here", "mark")],
)
def test_a_given_name_that_is_also_a_verb_still_goes(detector: Any, text: str, secret: str) -> None:
    assert secret not in redact(text, detector.detect(text))


# Two capitals after a greeting or "with"/"for" are a person's initials, unless a country code,
# a chat word or the head of a noun phrase.
@pytest.mark.parametrize(
    ("text", "secret"),
    [("Shopping day with JD - so excited", "JD"), ("so excited for RK and his band", "RK")],
)
def test_initials_after_a_cue_go(detector: Any, text: str, secret: str) -> None:
    assert secret not in redact(text, detector.detect(text))


@pytest.mark.parametrize(
    "text", ["cheap flights for NZ", "tests for QA", "fun with VR headsets", "a gift for BF"]
)
def test_two_capitals_that_are_no_initials_stay(detector: Any, text: str) -> None:
    assert redact(text, detector.detect(text)) == text


# "Day" after a name or a word is an occasion; after a lone given name it is the surname.
@pytest.mark.parametrize(
    ("text", "secret", "kept"),
    [
        ("tomorrow is Walter Pemberton Day , no school", "Pemberton", "Day , no school"),
        ("old films with Doris Day tonight", "Day", "old films with"),
    ],
)
def test_an_occasion_named_after_someone_keeps_day(
    detector: Any, text: str, secret: str, kept: str
) -> None:
    out = redact(text, detector.detect(text))
    assert secret not in out
    assert kept in out


@pytest.mark.parametrize("text", ["Happy Recognition Day to all", "cards for Fathers Day"])
def test_occasions_are_no_names(detector: Any, text: str) -> None:
    assert redact(text, detector.detect(text)) == text


# spaCy PERSON spans are cut back to what may be a name: greetings and occasions are not.
@pytest.mark.parametrize(
    ("span", "kept"),
    [
        ("Good Walter", "Walter"),
        ("Happy Okonkwo", "Okonkwo"),
        ("Walter Pemberton Day", "Walter Pemberton"),
        ("Doris Day", "Doris Day"),
        # an everyday title-case word after a popular given name is its surname
        ("John Head", "John Head"),
        ("Okonkwo Head", "Okonkwo"),  # no given name before it
        ("John Monday", "John"),  # a date word
        ("Anna Head Office", "Anna"),  # three words: the edges as before
    ],
)
def test_ner_spans_lose_greetings_and_occasions(detector: Any, span: str, kept: str) -> None:
    text = f"so {span} again"
    cut = trim_ner_span(text, 3, 3 + len(span), detector.lexicon)
    assert cut is not None
    assert text[cut[0] : cut[1]] == kept
