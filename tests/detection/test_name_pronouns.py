"""A sentence's subject that a later gendered pronoun refers to is a person, an English noun too
(pipeline/detection/names/pronouns.py, through news_names).

Every sentence here was written for this test (none comes from an evaluation set); the surnames
are English nouns of no name lexicon ("Kestrel", "Osprey"), which the subject rule leaves.
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.names.news import news_names
from pipeline.detection.names.pronouns import pronoun_subject
from pipeline.detection.words import tokenize
from pipeline.transforms.redact import redact

# (text, the subject a pronoun refers to)
REFERRED = [
    ("Kestrel easily won both her matches on Tuesday .", "Kestrel"),
    ("Osprey 's remarks raised doubts about whether he would stand .", "Osprey"),
    ("Juniper will reprise his role in the sequel .", "Juniper"),
    ("Curlew redeemed himself with a late goal .", "Curlew"),  # a reflexive after the verb
    ("Walrus has been limited by a strain of his hamstring .", "Walrus"),  # a singular verb
    ("Mandrake ( 9-4 ) pitched well before he tired .", "Mandrake"),  # a score between
    ("Bittern also signed a deal that keeps him at the club .", "Bittern"),  # an adverb between
]
# The same shapes with no person: a mass noun, a plural, a role, another antecedent, a speaker.
NOT_REFERRED = [
    "Turnover was thin , he said .",  # he is the speaker
    "Cobalt rose in early trade , she added .",
    "Officials said his car was found .",  # a plural
    "Women 's seed Ana Kestrel pulled out because of her wrist .",  # a plural in -men
    "Collector fills his house with radios .",  # a verb's agent noun
    "Inflation was his main worry .",  # an abstract noun
    "Quince talks with Marlow ended before his flight .",  # another title-case antecedent
    "Basalt in the wall , from the quarry , was cut .",  # no finite verb after it
    "Hemlock grows in the wood .",  # no pronoun
    "Mackerel was landed . His boat was late .",  # the pronoun is in the next sentence
    'Larch was " his best horse " , he said .',  # a quotation ends the search
    "Security was tight before his visit .",  # an everyday word
    "Australian stocks rose after his speech .",  # a people's word
    "God bless her .",  # a base form, no finite verb
]


@pytest.mark.parametrize(("text", "name"), REFERRED)
def test_a_subject_a_pronoun_refers_to_is_a_person(detector: Any, text: str, name: str) -> None:
    found = {
        (text[d.start : d.end], d.recognizer) for d in news_names(tokenize(text), detector.lexicon)
    }
    assert (name, "news:pronoun") in found


@pytest.mark.parametrize("text", NOT_REFERRED)
def test_no_pronoun_of_its_own_leaves_the_word(detector: Any, text: str) -> None:
    doc = tokenize(text)
    assert not pronoun_subject(doc, 0, detector.lexicon)


def test_the_name_is_redacted_and_the_sentence_stays(detector: Any) -> None:
    text = "Kestrel easily won both her matches on Tuesday ."
    out = redact(text, detector.detect(text))
    assert "Kestrel" not in out
    assert "easily won both her matches" in out
