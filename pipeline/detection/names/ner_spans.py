"""Cleaning spaCy's PERSON/LOCATION spans before they are trusted.

The small English model, on social text, labels "RT @name", "Good Morning", short links
("http://dlvr.it/5Rh4w") and the word "the" before a place as entities. A span is cut back
to its first and last words that could be part of a name; URLs and spans of nothing but
everyday words are dropped.
"""

from __future__ import annotations

from pipeline.detection.names.lexicon import NameLexicon, fold
from pipeline.detection.names.vocabulary import CALENDAR
from pipeline.detection.words import Tok, tokenize

_NEVER_EDGES = frozenset(
    [
        *("rt", "via", "cc", "'s", "’s", "de", "al", "da", "la", "le", "el"),
        # greetings and politeness around a name ("hello Maria", "thanks Ann")
        *("hello", "hi", "hey", "dear", "thanks", "thank", "please", "welcome", "goodbye"),
        *("bye", "ok", "okay", "yes", "no", "sorry", "good", "happy", "merry"),
    ]
)


def _not_name_part(token: Tok, lexicon: NameLexicon, person: bool) -> bool:
    text = token.text
    if sum(c.isalpha() for c in text) < 2:
        return True
    if text.lower() in _NEVER_EDGES or text.lower() == "the":
        return True
    # places are often everyday words ("Empire State Building", "Central Park"): kept whole
    return person and lexicon.is_common(text) and not lexicon.is_name(text)


def _surname_of(words: list[Tok], lexicon: NameLexicon) -> bool:
    """A title-case everyday word after a popular given name, the two a PERSON span ("John
    Head"): a surname (not "Good Morning": no given name; "Mark my" is no title-case pair)."""
    if len(words) != 2:
        return False
    first, last = words[0].text, words[1].text
    return (
        lexicon.is_popular(first)
        and len(last) > 2
        and last[0].isupper()
        and last[1:].islower()
        and last.isalpha()
        and not lexicon.is_stop(last)
        and fold(last) not in CALENDAR
        and last.lower() not in _NEVER_EDGES
    )


def trim_ner_span(
    text: str, start: int, end: int, lexicon: NameLexicon, entity: str = "PERSON"
) -> tuple[int, int] | None:
    """The part of text[start:end] that may be a name or place, or None when nothing is left."""
    person = entity == "PERSON"
    span = text[start:end]
    if "://" in span or "www." in span.lower():
        return None
    words = [t for t in tokenize(span) if any(c.isalnum() for c in t.text)]
    while words and _not_name_part(words[0], lexicon, person):
        words = words[1:]
    surname = person and _surname_of(words, lexicon)
    while words and _not_name_part(words[-1], lexicon, person) and not surname:
        words = words[:-1]
    if (
        person
        and len(words) >= 2
        and fold(words[-1].text) == "day"
        and not (len(words) == 2 and lexicon.is_first(words[0].text))
    ):
        words = words[:-1]  # "Martin Luther King Jr Day": an occasion named after someone
    if not words or all(fold(t.text) in CALENDAR for t in words):
        return None
    return start + words[0].idx, start + words[-1].idx + len(words[-1].text)
