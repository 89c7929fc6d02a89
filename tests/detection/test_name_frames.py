"""Person names told by the frame of a report or an age (pipeline/detection/names/frames.py) and
the subject of a sentence (pipeline/detection/names/subjects.py, through news_names).

Every sentence here was written for this test (none comes from an evaluation set). The names are
surnames that are English words or that WordNet lists, which the lexicon rules hold back on.
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.names.frames import frame_names
from pipeline.detection.names.news import news_names
from pipeline.detection.words import tokenize

# (text, the name the rule finds, its recognizer)
FRAMES = [
    # a speaker before a reporting verb: opening a sentence no everyday word ...
    ("Pollock said the pitch was slow .", "Pollock", "frames:speaker"),
    ("Darwin told the committee he would resign .", "Darwin", "frames:speaker"),
    # ... within one even an everyday word, after a comma or a quote
    ("We were late , Black said .", "Black", "frames:speaker"),
    ('" It was a long day , " Hope added .', "Hope", "frames:speaker"),
    ("It is over , Shakespeare quickly conceded .", "Shakespeare", "frames:speaker"),
    # a quoted speaker after ", said"
    ('" We lost , " said Marlowe .', "Marlowe", "frames:quoted"),
    ('" We lost , " said Crane , smiling .', "Crane", "frames:quoted"),
    # an age between commas, "N-year-old"
    ("Dickens , 41 , was released on Friday .", "Dickens", "frames:age"),
    ("the 29-year-old Keats was recalled .", "Keats", "frames:age"),
    # after a lower-case role noun or a rank: a name, an everyday word or no English word
    ("a late goal from midfielder Fine in the cup .", "Fine", "frames:role"),
    ("His compatriot Stone reached the final .", "Stone", "frames:role"),
    ("he lost to the 70th-ranked Rafter on Tuesday .", "Rafter", "frames:role"),
    ("the unseeded Zorvakin won in straight sets .", "Zorvakin", "frames:role"),
    ("the third try came from fly-half Okonkwo .", "Okonkwo", "frames:role"),
    # the speaker's partner before "and I" / "and me"
    ('" Zorvakin and I are finished , " he said .', "Zorvakin", "frames:with_speaker"),
    ("he invited Doris and me to the final .", "Doris", "frames:with_speaker"),
]


@pytest.mark.parametrize(("text", "name", "recognizer"), FRAMES)
def test_each_frame_finds_its_name(detector: Any, text: str, name: str, recognizer: str) -> None:
    found = {
        (text[d.start : d.end], d.recognizer) for d in frame_names(tokenize(text), detector.lexicon)
    }
    assert (name, recognizer) in found


# Sentences of the same frames whose capitalised word is no person: nothing is found.
FRAMES_PLAIN = [
    "Police said the road was closed .",  # an everyday word opening a sentence
    "- Government asks the envoy to leave .",  # ... or a clause after a dash
    "Witnesses said the car drove off .",  # a plural
    "Officials told reporters the plan was ready .",
    "Leading scores after the first round :",  # an -ing form
    "Unsecured claims will be paid in full .",  # a participle
    "the Commission said it would appeal .",  # after a determiner
    "the Foreign Ministry said on Monday .",  # a run of capitals
    "an official in Baghdad said the talks ended .",  # after a preposition: a place
    "Monday said nothing of the kind .",  # a date word
    "Canada said it would send aid .",  # a place
    '" We won , " said President .',  # an office
    "Australian , 26 , and British , 31 , riders",  # a people's word
    "the 29-year-old Australian was recalled .",
    "the 29-year-old Australian scored twice .",
    # a role or a rank before a word that is no surname
    "The unseeded Swede struck quickly .",  # a people's noun of no lexicon
    "the fifth-seeded Olympic champion won .",  # an adjective
    "a deal with fifth-seeded Wimbledon champion ended .",  # a noun after it: a modifier
    "the veteran Marxist leader spoke .",
    "the striker Monday scored .",  # a date word
    "a goal from the striker Alan Brooke .",  # a capitalised word after: a full name's
    "he met his wife In the garden .",
    # before "and I": a word that is no name, a run of capitals
    '" Science and I never got on , " he said .',  # an English word of no name lexicon
    "he and Monday and I met .",  # a date word
    "the bank Salomon Barney and I agreed .",  # a capitalised word before it
    "he met Doris and Anne .",  # no "I" after "and"
]


@pytest.mark.parametrize("text", FRAMES_PLAIN)
def test_frames_keep_words_that_are_no_name(detector: Any, text: str) -> None:
    assert frame_names(tokenize(text), detector.lexicon) == []


# The subject of a sentence (news:subject): an aside between commas, an irregular past, a
# surname that is a verb too before a past tense.
SUBJECTS = [
    ("Darwin , runner-up to Hale last year , is seeded third .", "Darwin"),
    ("Crane , speaking on the radio on Monday , said he would stay .", "Crane"),
    ("Kowalski ran off the next four games .", "Kowalski"),
    ("Fischer won the second set easily .", "Fischer"),
    ("Rafter missed six weeks with a wrist injury .", "Rafter"),
]
SUBJECTS_PLAIN = [
    "Obviously , we cannot make up the loss , he said .",  # an adverb
    "Earlier , police declined to comment .",
    "Silver , basis the September contract , was expected to rise .",  # an adjective too
    "Women 's 400 metres hurdles",  # a plural
    "Gunmen seized the hostages on Monday .",
    "Winter is in the air .",  # a surname that is a verb too, before no past tense
    "Poll shows lead widening .",
]


@pytest.mark.parametrize(("text", "name"), SUBJECTS)
def test_a_sentences_subject_is_a_name(detector: Any, text: str, name: str) -> None:
    found = {
        text[d.start : d.end]
        for d in news_names(tokenize(text), detector.lexicon)
        if d.recognizer == "news:subject"
    }
    assert name in found


@pytest.mark.parametrize("text", SUBJECTS_PLAIN)
def test_a_sentences_subject_that_is_no_name_stays(detector: Any, text: str) -> None:
    assert list(news_names(tokenize(text), detector.lexicon)) == []
