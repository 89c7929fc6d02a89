"""Which of spaCy's ORG, NORP and PRODUCT entities are a person's name
(pipeline/detection/names/org_surnames.py).

Every sentence here was written for this test (none comes from an evaluation set); the surnames
are English nouns of no name lexicon ("Kestrel", "Osprey", "Curlew").
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.names.org_surnames import EntityFrames, held_name, subject_frame
from pipeline.detection.words import tokenize

# (text, the word spaCy took for an ORG or a PRODUCT): a person's subject
SUBJECTS = [
    ("If he wins , Kestrel is seeded to meet the champion", "Kestrel"),
    ("The 29-year-old Osprey is batting .301 this season", "Osprey"),
    ("He was out for six when Curlew drifted a ball past his legs", "Curlew"),
    ("The minister spoke , while Kestrel was quoted as saying", "Kestrel"),
    ("The defence pressed and Osprey hit the post", "Osprey"),
    ("The detective said that when Curlew allegedly entered the house", "Curlew"),
    ("Rain fell , but Kestrel takes the lead", "Kestrel"),
    ("The 31-year-old Kestrels is out injured", "Kestrels"),  # a plural's form, a singular verb
    ("Officials were told , and Osprey said nothing", "Osprey"),
    ("The girls said that when White allegedly entered the room", "White"),  # a surname too
]
# (text, word): no person's subject
NOT_SUBJECTS = [
    ("Kestrel is seeded to meet the champion", "Kestrel"),  # a sentence's first word
    ("The Kestrel is seeded", "Kestrel"),  # after a determiner
    ("Nobody thought managerless Osprey won", "Osprey"),  # after an adjective
    ("Trading in Mercantile and Curlew did not resume", "Curlew"),  # one body's name
    ("He said , Osprey have won again", "Osprey"),  # a plural verb: a team's
    ("Rain fell , and Kestrels were beaten", "Kestrels"),  # a plural and a plural verb
    ("Rain fell , and Kestrels won", "Kestrels"),  # a plural needs a singular verb
    ("He said that Curlew will close", "Curlew"),  # "that" opens a company's clause as often
    ("He left , and Osprey fans cheered", "Osprey"),  # a plural noun, then the verb
    ("He left , and Osprey players cheered", "Osprey"),  # no verb after the word
    ("Rain fell , but Brussels is dry", "Brussels"),  # a place
    ("Rain fell , but Monday was dry", "Monday"),  # a date word
    ("Rain fell , but May was dry", "May"),  # a surname too, but a date word
    ("Rain fell , but Science was slow", "Science"),  # an everyday word of no surname
    ("Rain fell , but Management was pleased", "Management"),  # an abstract noun's ending
    ("He played against Kestrel , the seed", "Kestrel"),  # no subject's frame
    ("Rain fell , but Kestrel gas prices rose", "Kestrel"),  # "gas" is no verb's -s form
]


def _at(text: str, word: str) -> tuple[Any, int]:
    doc = tokenize(text)
    return doc, next(i for i, t in enumerate(doc) if t.text == word)


@pytest.mark.parametrize(("text", "word"), SUBJECTS)
def test_a_subjects_word_is_a_person(detector: Any, text: str, word: str) -> None:
    doc, i = _at(text, word)
    assert subject_frame(doc, i, detector.lexicon)
    frames = EntityFrames(text, detector.lexicon)
    assert frames.person("ORG", text.index(word), [word])
    assert frames.person("PRODUCT", text.index(word), [word])


@pytest.mark.parametrize(("text", "word"), NOT_SUBJECTS)
def test_a_word_in_no_subjects_frame_stays(detector: Any, text: str, word: str) -> None:
    doc, i = _at(text, word)
    assert not subject_frame(doc, i, detector.lexicon)
    assert not EntityFrames(text, detector.lexicon).person("ORG", text.index(word), [word])


def test_only_org_and_product_entities_get_the_frame(detector: Any) -> None:
    text = "If he wins , Kestrel is seeded"
    frames = EntityFrames(text, detector.lexicon)
    assert not frames.person("NORP", text.index("Kestrel"), ["Kestrel"])  # a people's word
    # two words, or an offset where no token starts: no frame
    assert not frames.person("ORG", text.index("Kestrel"), ["Kestrel", "is"])
    assert not frames.person("ORG", text.index("Kestrel") + 1, ["estrel"])


# (words of the entity, kept): a name of the lexicon
HELD = [
    (["Krajicek"], True),  # a surname that is no English word
    (["Mr", "Krajicek", "Holdings"], True),  # one such word is enough
    (["Cooke"], True),  # one surname, no everyday word
    (["White"], False),  # an everyday word too
    (["Kestrel"], False),  # no name of the lexicon
    (["cooke"], False),  # not title-case
]


@pytest.mark.parametrize(("words", "kept"), HELD)
def test_a_lexicon_name_is_kept(detector: Any, words: list[str], kept: bool) -> None:
    assert held_name(words, detector.lexicon) is kept
    text = " ".join(words)
    # the lexicon's test holds for every label, NORP too
    assert EntityFrames(text, detector.lexicon).person("NORP", 0, words) is kept
