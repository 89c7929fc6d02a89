"""Social spellings of English words are no names (social_spelling.py, social.py).

Every word and sentence here was written for this test (none comes from an evaluation set).
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.names.social import drop_social_words
from pipeline.detection.names.social_spelling import chat_spelling
from pipeline.detection.spans import Detection

# (word, a social spelling?)
WORDS = [
    # stretched letters, the word squeezed back no name
    ("Ssshhhhh", True),
    ("Wheeeee", True),
    ("NOOOOPE", True),
    ("Brrrrr", True),
    # stretched names stay names
    ("JUSTINNNN", False),
    ("Emmmma", False),
    # laughter
    ("Bwahaha", True),
    ("Hahahaha", True),
    ("hehehe", True),
    ("Lolz", True),
    # a dropped g on a verb's -ing form
    ("Jumpin", True),
    ("DANCIN", True),
    ("Hoppin", True),
    ("Crawlin", True),
    ("Matin", False),  # five letters: "le matin" is French
    # names ending in -in, and words that are no verb
    ("Martin", False),
    ("Kevin", False),
    ("Darin", False),
    ("Corvin", False),
    # an ordinary unknown word or name: none of the shapes
    ("Okonkwo", False),
    ("Zanele", False),
    ("Aah", False),
]


@pytest.mark.parametrize(("word", "spelling"), WORDS)
def test_social_spellings(detector: Any, word: str, spelling: bool) -> None:
    assert chat_spelling(word, detector.lexicon) is spelling


# (text, span, entity, recognizer, dropped?)
SPANS = [
    ("nap time ; Ssshhhhh do not disturb", "Ssshhhhh", "PERSON", "spacy", True),
    ("Bwahaha ! you fell for it", "Bwahaha", "PERSON", "names:unknown_proper_noun", True),
    ("DANCIN all night long", "DANCIN", "PERSON", "spacy:org_name", True),
    ("Wheeeee we won", "Wheeeee", "LOCATION", "spacy", True),
    # a name beside a spelling stays: every word of the span must be one
    ("Kevin Wheeeee is here", "Kevin Wheeeee", "PERSON", "spacy", False),
    ("JUSTINNNN is on stage", "JUSTINNNN", "PERSON", "spacy", False),
    ("Corvin waved at us", "Corvin", "PERSON", "spacy", False),
    # the lexicon's and cue rules' finds are not second-guessed
    ("hi Bwahaha", "Bwahaha", "PERSON", "names:cue", False),
]


@pytest.mark.parametrize(("text", "span", "entity", "recognizer", "dropped"), SPANS)
def test_spans_made_of_social_spellings_are_dropped(
    detector: Any, text: str, span: str, entity: str, recognizer: str, dropped: bool
) -> None:
    start = text.index(span)
    det = Detection(start, start + len(span), entity, 0.85, recognizer)
    assert (drop_social_words(text, [det], detector.lexicon) == []) is dropped
