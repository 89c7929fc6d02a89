"""Someone addressed or celebrated in social text: "happy birthday hope", "shoutout to mike",
"love you mark", "congrats zanele".

Wishes, thanks and farewells are said to people; the word right after them is a name even when
it is an English word that is also a given name ("hope", "mark", "summer"), which the lexicon
rules leave alone elsewhere ("i hope", "mark the date"). Three slots are read:

- after a wish or a farewell: "congrats", "congratulations", "birthday", "bday", "hbd", "rip",
  "shoutout", "props" ("happy birthday hope !", "rip kobe");
- after "to" that follows one of them, or "thanks"/"hello", a given name ("shoutout to mike",
  "thanks to jenny", "happy birthday to grace"; not "thanks to tipoffs");
- a vocative after "you" that follows "love", "miss", "thank" ("love you mark", "miss u
  jenny"), a given name ending the clause ("love you mark my words" is no vocative, "miss u
  tweeps" no name).

Only the word before (or the two before) and the punctuation after are looked at.
"""

from __future__ import annotations

from pipeline.detection.names.lexicon import NameLexicon
from pipeline.detection.names.shapes import Doc, previous_word

WISHES = frozenset(
    [
        "congrats",
        "congratulations",
        "birthday",
        "bday",
        "hbd",
        "rip",
        "shoutout",
        "shoutouts",
        "props",
    ]
)
_TO_AFTER = WISHES | frozenset(["thanks", "hello", "hi"])
_YOU = frozenset(["you", "u", "ya"])
_FEELINGS = frozenset(["love", "luv", "miss", "thank", "ily"])


def addressed(doc: Doc, i: int) -> bool:
    """Whether doc[i] stands in one of the module's slots (its words only, not the name)."""
    prev = previous_word(doc, i)
    if prev in WISHES:
        return True
    j = _before(doc, i)
    if j < 0:
        return False
    if prev == "to":
        return previous_word(doc, j) in _TO_AFTER
    if prev in _YOU:
        return previous_word(doc, j) in _FEELINGS and ends_clause(doc, i)
    return False


def addressed_name(doc: Doc, i: int, lexicon: NameLexicon) -> bool:
    """A lower-case word in one of the slots that is a given name ("mark") or no English word
    ("zanele"), no place or function word; an everyday word ("hope") only ending the clause."""
    word = doc[i].text
    if len(word) < 3 or lexicon.is_stop(word) or lexicon.is_place(word):
        return False
    if not (lexicon.is_first(word) or not lexicon.is_english(word)):
        return False
    if previous_word(doc, i) in _YOU | {"to"} and not lexicon.is_first(word):
        return False  # "miss u tweeps", "thanks to tipoffs": no name
    if lexicon.is_common(word) and not ends_clause(doc, i):
        return False  # "happy birthday hope !", not "congrats summer camp"
    return addressed(doc, i)


def _before(doc: Doc, i: int) -> int:
    """Index of the word previous_word(doc, i) read."""
    j = i - 1
    while j >= 0 and (doc[j].is_space or doc[j].text in {",", ".", ":"}):
        j -= 1
    return j


def ends_clause(doc: Doc, i: int) -> bool:
    """Whether doc[i] is the last word of its clause: punctuation or the text's end after it."""
    k = i + 1
    while k < len(doc) and doc[k].is_space:
        k += 1
    return k >= len(doc) or not any(c.isalnum() for c in doc[k].text)
