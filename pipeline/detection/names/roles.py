"""A person told by the role a sentence gives them with "as": "X resigns as manager".

Only people hold a post, so the subject of a verb followed by "as" and a role ("SOCCER - BALL
RESIGNS AS CITY MANAGER", "Kestrel was named as England captain", "HOCKEY - OSPREY TAKES OVER
AS COACH") and the object of such a verb ("the club named Kestrel as coach") are people, even
when English has the word for something else (everyday words too: "Ball", "Hill"):

- Subject: the word, then at most two auxiliaries ("was", "has been"), a verb's -s or -ed form
  or an irregular past, at most one particle ("over", "back"), "as", then a role word within
  four words that are no verb, before the end, punctuation or a lower-case word.
- Object: a verb's -s or -ed form or irregular past, the word, "as" and a role the same way.
- The word is title-case or in capitals, no function, date, title, office, institution or
  role word, no place, people's word ("Australian"), English plural, -ing or -ly word.

The caller gives the slot (a sentence's or a headline's start); the test looks at a few tokens
after the word: linear in the text. No name or word of any evaluation set is listed here.
"""

from __future__ import annotations

from pipeline.detection.names.edges import NO_NAME_PART, demonym_modifier
from pipeline.detection.names.lexicon import NameLexicon, fold
from pipeline.detection.names.shapes import IRREGULAR_PAST, Doc
from pipeline.detection.names.subjects import english_plural, verb_form
from pipeline.detection.names.vocabulary import CALENDAR

__all__ = ["as_role_object", "as_role_subject", "predicate_subject"]

_AUXILIARIES = frozenset(["is", "was", "has", "had", "have", "been", "be", "will", "would"])
_PARTICLES = frozenset(["over", "back", "on", "down", "up", "in", "off", "out", "again"])
# Posts that a person holds, written after "as".
_ROLE_WORDS = """captain coach manager chairman chairwoman chair president director minister
    secretary leader skipper trainer chief head governor ambassador envoy spokesman spokeswoman
    commissioner editor executive premier chancellor mayor judge referee umpire goalkeeper
    keeper striker player deputy successor replacement candidate nominee adviser advisor"""
_ROLES = frozenset(_ROLE_WORDS.split())
# People a copula's predicate names ("X is the first Australian minister to visit", "X is a
# skilled bushman"), besides the posts above and nouns in -man / -woman.
_PEOPLE_WORDS = """minister veteran champion player actor actress singer writer author novelist
    poet lawyer father mother son daughter wife husband brother sister widow rider jockey
    batsman bowler pitcher striker midfielder defender goalkeeper winger forward quarterback"""
_PEOPLE = frozenset(_PEOPLE_WORDS.split()) | _ROLES
_COPULAS = frozenset(["is", "was"])
_PREPOSITIONS = frozenset(
    ["for", "of", "in", "at", "to", "by", "with", "from", "on", "than", "as", "and", "or"]
)
_ARTICLES = frozenset(["a", "an", "the"])
_NP_WORDS = 4


def as_role_subject(doc: Doc, i: int, lexicon: NameLexicon) -> bool:
    """Whether doc[i] is the subject of a verb and "as" a role (the module docstring)."""
    if not _name_word(doc[i].text, lexicon):
        return False
    n = len(doc)
    k = i + 1
    while k < n and k - i <= 2 and doc[k].lower_ in _AUXILIARIES:
        k += 1
    if not (k < n and _finite(doc[k].lower_, lexicon)):
        return False
    k += 1
    if k < n and doc[k].lower_ in _PARTICLES:
        k += 1
    return _as_role(doc, k, lexicon)


def as_role_object(doc: Doc, i: int, lexicon: NameLexicon) -> bool:
    """Whether doc[i] is the object of a verb, then "as" a role ("named Kestrel as coach")."""
    return (
        0 < i < len(doc) - 1
        and doc[i + 1].lower_ == "as"
        and _finite(doc[i - 1].lower_, lexicon)
        and _name_word(doc[i].text, lexicon)
        and _as_role(doc, i + 1, lexicon)
    )


def predicate_subject(doc: Doc, i: int, lexicon: NameLexicon) -> bool:
    """Whether doc[i] is the subject of "is" / "was" and an article's noun phrase ending on a
    person's noun within four words ("Kestrel is the first Australian minister to visit …",
    "Kestrel was a skilled bushman"), no preposition before the noun ("Turnover was a record
    for the chairman"); an everyday word, or a possessor's noun, aside ("Security was the
    minister 's worry")."""
    n = len(doc)
    if not (i + 3 < n and doc[i + 1].lower_ in _COPULAS and doc[i + 2].lower_ in _ARTICLES):
        return False
    if lexicon.is_common(doc[i].text) or not _name_word(doc[i].text, lexicon):
        return False
    for j in range(i + 3, min(n, i + 3 + _NP_WORDS)):
        low = doc[j].lower_
        if (not low.isalpha() and low != "-") or low in _PREPOSITIONS:
            return False  # the noun phrase ends ("a record for the chairman")
        if low in _PEOPLE or (low.endswith(("man", "woman")) and len(low) > 5):
            nxt = doc[j + 1].text if j + 1 < n else ""
            return nxt not in ("'s", "’s", "-")
        if _finite(low, lexicon):
            return False
    return False


def _as_role(doc: Doc, k: int, lexicon: NameLexicon) -> bool:
    """Whether "as" and a role within a few words begin at doc[k]."""
    n = len(doc)
    if not (k < n and doc[k].lower_ == "as"):
        return False
    for j in range(k + 1, min(n, k + 2 + _NP_WORDS)):
        low = doc[j].lower_
        if not low[:1].isalpha() and low not in ("'s", "’s", "-"):
            return False  # punctuation ends the noun phrase
        if low in _ROLES:
            nxt = doc[j + 1].text if j + 1 < n else ""
            return not nxt[:1].isalpha() or nxt.islower()
        if low != "as" and _finite(low, lexicon) and doc[j].text.islower():
            return False  # a clause, no noun phrase ("as prices rose")
    return False


def _finite(word: str, lexicon: NameLexicon) -> bool:
    """A verb's -s or -ed form or an irregular past, in lower case."""
    if word in IRREGULAR_PAST:
        return True
    return word.endswith(("s", "ed")) and not word.endswith("ss") and verb_form(word, lexicon)


def _name_word(text: str, lexicon: NameLexicon) -> bool:
    """A title-case or capitals word that may be a person's (the module docstring)."""
    if not (len(text) > 1 and text.isalpha() and text[0].isupper()):
        return False
    if not (text[1:].islower() or text.isupper()):
        return False
    key = fold(text)
    return not (
        key in NO_NAME_PART
        or key in CALENDAR
        or key in _ROLES
        or lexicon.is_stop(text)
        or lexicon.is_place(text)
        or key.endswith(("ly", "ing"))
        or demonym_modifier(text, lexicon)
        or (english_plural(key, lexicon) and not lexicon.is_last(text))
    )
