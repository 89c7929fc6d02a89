"""Whether a title-case word opening a sentence is its subject, and so a person's surname.

A surname of the lexicon (or no English word) that is no everyday word and only a noun in
English, opening a sentence before a verb, a comma or the possessive ("Hughes told the court…",
"Kowalski ( 11-3 ) pitched…"); a surname that is a verb too only before a past tense ("Rafter
missed"). A word that reads as an English plural ("Sales", "Edwards") needs a singular verb
("was", "has", "takes"): "Sales rose" stays. Whatever English has the word for, before ", who"
("Woods , who turned pro") or an aside between commas and a finite verb ("Seles , runner-up
to … , is seeded"; not an adverb, adjective or plural: "Obviously , we …").

Each test looks at the word and a few tokens after it: linear in the text.
"""

from __future__ import annotations

from pipeline.detection.names.edges import plain_word
from pipeline.detection.names.lexicon import NameLexicon, fold
from pipeline.detection.names.shapes import IRREGULAR_PAST, REPORTING, Doc

__all__ = ["after_aside", "english_plural", "subject", "verb_form", "who_follows"]

# Verb forms that agree only with a singular subject: after a word that reads as a plural they
# tell a name ("Woods was"), where "Sales rose" does not.
_SINGULAR = frozenset(["is", "was", "has", "does", "says", "'s", "’s"])
# Auxiliaries and modals that follow a subject.
_AUXILIARIES = frozenset(
    [
        "is",
        "was",
        "has",
        "had",
        "did",
        "does",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "must",
        "should",
    ]
)
# The words of an aside between commas after a subject, at most, and what ends a sentence.
_ASIDE = 24
_ASIDE_ENDS = frozenset([",", ".", ";", ":", "!", "?", '"', "(", ")"])
# Adverbs written between a subject and its verb ("Marlow also said"), besides the -ly ones.
_ADVERBS = frozenset(["also", "then", "later", "again", "still", "never", "already", "once"])


def who_follows(doc: Doc, i: int) -> bool:
    """Whether ", who" or ", whose" follows doc[i] (after a bracketed score): a person's
    relative clause ("Woods , who turned pro", "Hill ( 14-7 ) , who"); "which" follows a thing."""
    k = after_aside(doc, i + 1)
    return k + 1 < len(doc) and doc[k].text == "," and doc[k + 1].lower_ in ("who", "whose")


def english_plural(key: str, lexicon: NameLexicon) -> bool:
    """Whether the folded word reads as an English plural ("officials", "witnesses", "women",
    "gunmen")."""
    if key.endswith("men"):
        return lexicon.is_english(key[:-3] + "man")
    return key.endswith("s") and (
        lexicon.is_english(key[:-1]) or (key.endswith("es") and lexicon.is_english(key[:-2]))
    )


def subject(doc: Doc, i: int, lexicon: NameLexicon) -> bool:
    """Whether the title-case doc[i], opening a sentence, is its subject (module docstring)."""
    text = doc[i].text
    if plain_word(text, lexicon, places=False) or (
        text.endswith("men") and english_plural(fold(text), lexicon)
    ):
        return False
    if who_follows(doc, i):
        return True  # whatever else English has the word for, a place too ("Sheffield , who")
    if lexicon.is_place(text):
        return False
    if _appositive_subject(doc, i, lexicon):
        return True
    # a surname (a given name alone is more often a word: "Telly was junk"), or no English word
    if not (lexicon.is_last(text) or not lexicon.is_english(text)):
        return False
    k = after_aside(doc, i + 1)
    if k >= len(doc):
        return False
    nxt = doc[k]
    word = nxt.text
    if lexicon.is_english(text) and not lexicon.is_noun_only(text):
        # "Brown", "Sterling", "Foster": also an adjective or a verb; a surname that is a verb
        # too only before a past tense ("Rafter missed"; not "Poll shows", "Winter is")
        return (
            lexicon.is_last(text) and fold(text) not in lexicon.modifiers and _past(word, lexicon)
        )
    plural = text.endswith("s") and lexicon.is_english(text[:-1])
    if plural:  # "Sales", "Edwards": a singular verb or nothing
        return word in _SINGULAR or (word.endswith("s") and verb_form(word, lexicon))
    if word in (",", "'s", "’s") or word in _AUXILIARIES or word in REPORTING:
        return True
    # an -s or -ed form or an irregular past: a verb's base form after a capitalised word is
    # more often a noun phrase or a plural subject ("Beer time starts")
    return (word.endswith(("s", "ed")) and verb_form(word, lexicon)) or word in IRREGULAR_PAST


def _past(word: str, lexicon: NameLexicon) -> bool:
    """A verb's past tense: an -ed form or an irregular one ("missed", "ran")."""
    return word in IRREGULAR_PAST or (word.endswith("ed") and verb_form(word, lexicon))


def _appositive_subject(doc: Doc, i: int, lexicon: NameLexicon) -> bool:
    """ "Seles , runner-up to … , is seeded", "Weld , speaking on … , said": a word that is no
    everyday word, adjective, adverb or plural, then an aside between commas, then a finite verb
    (an auxiliary, a report, a past or -s form)."""
    text = doc[i].text
    key = fold(text)
    n = len(doc)
    if not (i + 2 < n and doc[i + 1].text == ",") or key in lexicon.modifiers:
        return False
    if text.endswith(("ly", "ing")) or english_plural(key, lexicon):
        return False
    j = i + 2
    while j < n and j - i <= _ASIDE and doc[j].text not in _ASIDE_ENDS:
        j += 1
    if not (j + 1 < n and j - i <= _ASIDE and doc[j].text == "," and j > i + 2):
        return False
    k = after_aside(doc, j + 1)
    if k >= n:
        return False
    word = doc[k].text
    return (
        word in _AUXILIARIES
        or word in REPORTING
        or word in IRREGULAR_PAST
        or (word.endswith(("s", "ed")) and verb_form(word, lexicon))
    )


def verb_form(word: str, lexicon: NameLexicon) -> bool:
    """A lower-case verb, or its -s / -ed form (WordNet's index holds lemmas and irregular forms:
    "took", not "pitched")."""
    if not (word.isalpha() and word.islower()):
        return False
    if lexicon.is_verb(word):
        return True
    stems: tuple[str, ...]
    if word.endswith("ed"):
        stems = (word[:-2], word[:-1], word[:-3])  # allowed, scored, stopped
    elif word.endswith("s"):
        stems = (word[:-1], word[:-2])  # takes, pitches
    else:
        return False
    return any(len(s) > 2 and lexicon.is_verb(s) for s in stems)


def after_aside(doc: Doc, k: int) -> int:
    """The token after a score in brackets ("Hill ( 14-7 ) allowed") and an adverb."""
    n = len(doc)
    if k < n and doc[k].text == "(":
        j = k + 1
        while j < n and j - k <= 6 and (doc[j].text.isdigit() or doc[j].text == "-"):
            j += 1
        if j < n and j > k + 1 and doc[j].text == ")":
            k = j + 1
    if k < n and doc[k].text.islower() and (doc[k].text.endswith("ly") or doc[k].text in _ADVERBS):
        k += 1
    return k
