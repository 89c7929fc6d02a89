"""Which of spaCy's ORG, NORP and PRODUCT entities are a person's name.

spaCy's small model labels many foreign names ORG, and a surname alone ("Cooke will provide…",
"when Kestrel drifted…") ORG, NORP or PRODUCT. An entity is kept as a PERSON when:

- it holds a name of the lexicon that is no English word ("Krajicek", "Iliescu"), or
- it is one title-case name of the lexicon that is no everyday word ("Cooke"), or
- (ORG and PRODUCT only) it is one title-case English word in a subject's frame that a person
  fills: in the middle of a sentence, after a clause's opening (a comma, "and", "but", "when",
  "while", "if", "because"…) or an age ("the 32-year-old Kestrel"), and before a finite verb,
  after an adverb ("when Kestrel allegedly drifted", ", Osprey is seeded", "while Curlew was
  quoted"). A word that reads as an English plural needs a singular verb ("Kestrels is"); a
  verb's -s form before a finite verb is a plural noun ("Osprey fans cheered").

Not taken by the frame: an everyday word (unless a surname of the lexicon: "when White
allegedly entered"), a function, date, title or office word, a place, a word with
an abstract noun's ending, a word right after a determiner or an adjective (a team's or a
company's name: "the Braves took", "managerless Arsenal won"), a sentence's first word (its
capital tells nothing: "Mystery has surrounded…"), a word after "and" that follows a capitalised
word (a body's name: "Mercantile and Commerce did"), and a plural verb ("Everton have", "Wasps
were": British English gives a team a plural verb). Nothing but the words next to the entity is
read: linear in the text. No name or word of any evaluation set is listed here.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from pipeline.detection.names.edges import NO_NAME_PART, unlike_name_word
from pipeline.detection.names.lexicon import NameLexicon, fold
from pipeline.detection.names.shapes import IRREGULAR_PAST, REPORTING, Doc
from pipeline.detection.names.subjects import english_plural, verb_form
from pipeline.detection.words import Tok, tokenize

__all__ = ["ORG_LABELS", "EntityFrames", "held_name", "subject_frame"]

# The labels of spaCy entities that may be a person's name.
ORG_LABELS = frozenset(["ORG", "NORP", "PRODUCT"])

_FRAMED_LABELS = frozenset(["ORG", "PRODUCT"])
# What opens a clause right before its subject (no "that", "as": "said that Apple will",
# "as Reuters reported" open a company's clause as often).
_OPENINGS = frozenset(
    [",", "and", "but", "when", "while", "if", "because", "after", "before", "since", "until"]
)
_OPENINGS_TOO = frozenset(["though", "although", "whether", "where", "once"])
# Finite verbs after a subject: auxiliaries and modals that agree with a singular subject.
_AUXILIARIES = frozenset(
    ["is", "was", "has", "had", "did", "does", "will", "would", "can", "could", "may", "might"]
)
_MODALS = frozenset(["must", "should"])
_SINGULAR = frozenset(["is", "was", "has", "does"])
_ADVERBS = frozenset(["also", "then", "later", "again", "still", "never", "already", "once"])


class EntityFrames:
    """Judges spaCy's ORG, NORP and PRODUCT entities of one text (the module docstring); the
    text is tokenized once, and only when an entity needs the frame test."""

    __slots__ = ("_doc", "_lexicon", "_starts", "_text")

    def __init__(self, text: str, lexicon: NameLexicon) -> None:
        self._text = text
        self._lexicon = lexicon
        self._doc: list[Tok] = []
        self._starts: list[int] | None = None  # the tokens' offsets, once the text is tokenized

    def person(self, label: str, start: int, words: Sequence[str]) -> bool:
        """Whether the entity of `label` at `start` over `words` is a person's name."""
        lexicon = self._lexicon
        if held_name(words, lexicon):
            return True
        if label not in _FRAMED_LABELS or len(words) != 1 or not lexicon.is_english(words[0]):
            return False
        if self._starts is None:
            self._doc = tokenize(self._text)
            self._starts = [t.idx for t in self._doc]
        doc = self._doc
        i = bisect_left(self._starts, start)
        return i < len(doc) and doc[i].idx == start and subject_frame(doc, i, lexicon)


def held_name(words: Sequence[str], lexicon: NameLexicon) -> bool:
    """A name of the lexicon that is no English word, or one title-case name, no everyday word."""
    return any(lexicon.is_name(w) and not lexicon.is_english(w) for w in words) or (
        len(words) == 1
        and words[0][:1].isupper()
        and lexicon.is_name(words[0])
        and not lexicon.is_common(words[0])
    )


def subject_frame(doc: Doc, i: int, lexicon: NameLexicon) -> bool:
    """Whether the title-case English word doc[i] is a person's subject (module docstring)."""
    text = doc[i].text
    if not (len(text) > 2 and text.isalpha() and text[0].isupper() and text[1:].islower()):
        return False
    if i == 0 or _unlike_name(text, lexicon) or lexicon.is_place(text):
        return False
    if not _opening(doc, i):
        return False
    k = i + 1
    n = len(doc)
    if k < n and (doc[k].text.endswith("ly") or doc[k].text in _ADVERBS) and doc[k].text.islower():
        k += 1
    if k >= n:
        return False
    word = doc[k].text
    if _s_form(word, lexicon):
        # "Kestrel takes the lead"; not "Kestrel fans cheered" (a plural noun, then the verb)
        return not (k + 1 < n and _finite(doc[k + 1].text, lexicon))
    if english_plural(fold(text), lexicon):
        return word in _SINGULAR
    return _finite(word, lexicon)


def _finite(word: str, lexicon: NameLexicon) -> bool:
    """An auxiliary, a modal, a verb of report or a past tense."""
    return (
        word in _AUXILIARIES
        or word in _MODALS
        or word in REPORTING
        or word in IRREGULAR_PAST
        or (word.endswith("ed") and verb_form(word, lexicon))
    )


def _unlike_name(text: str, lexicon: NameLexicon) -> bool:
    """A word no frame should take for a surname; a surname of the lexicon that is an everyday
    word too ("White", "Little") only if a function, date, title, office or role word."""
    if lexicon.is_last(text) and lexicon.is_common(text):
        return lexicon.is_stop(text) or fold(text) in NO_NAME_PART
    return unlike_name_word(text, lexicon)


def _opening(doc: Doc, i: int) -> bool:
    """Whether a clause opens right before doc[i]: an opening word or an age ("32-year-old")."""
    before = doc[i - 1].text
    if before.lower() in _OPENINGS or before.lower() in _OPENINGS_TOO:
        # "Mercantile and Commerce": one body's name
        return not (before.lower() == "and" and i >= 2 and doc[i - 2].text[:1].isupper())
    # "the 32-year-old Kestrel": only people (and a few animals) are given an age
    return before == "old" and i >= 3 and doc[i - 2].text == "-" and doc[i - 3].text == "year"


def _s_form(word: str, lexicon: NameLexicon) -> bool:
    """A verb's -s form ("takes"; not "gas", "bless": the stem must be a verb)."""
    if not (word.endswith("s") and not word.endswith("ss") and word.islower()):
        return False
    return any(len(s) > 2 and lexicon.is_verb(s) for s in (word[:-1], word[:-2])) or (
        word.endswith("ies") and lexicon.is_verb(word[:-3] + "y")
    )
