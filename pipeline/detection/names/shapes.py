"""What a name looks like: capitalisation, sentence starts, titles, cue words, particles."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.detection.names.lexicon import NameLexicon, fold
from pipeline.detection.words import Tok

Doc = Sequence[Tok]
Token = Tok

TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "sir",
        "madam",
        "madame",
        "mme",
        "mlle",
        "herr",
        "frau",
        "sr",
        "sra",
        "srta",
        "dott",
        "sig",
        "signor",
        "signora",
        "dhr",
        "mevr",
        # stage and sports roles written before a name ("DJ Elements", "dj finese", "Coach Ryan")
        "dj",
        "vj",
        "mc",
        "coach",
    ]
)
# Offices, ranks and family roles written before a name ("Pope Benedict", "Coach Ryan", "Uncle
# Bob"). With the courtesy titles they go with the name they precede: "Mr <PERSON>" still tells
# the gender, "Bishop <PERSON>" the office of one of few people.
_OFFICES = """president senator governor mayor judge justice sergeant sgt constable inspector
    detective commissioner captain capt coach chancellor premier minister secretary treasurer
    professor lord lady dame king queen prince princess pope bishop archbishop cardinal reverend
    rev father pastor rabbi imam sheikh colonel col lieutenant lt corporal admiral commander
    general gen officer deputy sheriff ambassador uncle aunt auntie grandma grandpa nana prime
    vice
"""
OFFICES = frozenset(_OFFICES.split())
# Words after which the next capitalised word(s) are very likely a person's name.
CUES = frozenset(
    [
        "dear",
        "hi",
        "hello",
        "hey",
        "hallo",
        "hola",
        "ciao",
        "bonjour",
        "thanks",
        "thank",
        "name",
        "named",
        "is",
        "am",
        "this",
        "call",
        "called",
        "calling",
        "ask",
        "speak",
        "spoke",
        "contact",
        "for",
        "with",
        "from",
        "by",
        "agent",
        "customer",
        "caller",
        "cc",
        "attn",
        "sincerely",
        "regards",
        "cheers",
        "love",
        "met",
        "meet",
        "tell",
        "text",
        "email",
        "emailed",
        "paged",
        "page",
    ]
)
PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "do",
        "dos",
        "das",
        "du",
        "le",
        "la",
        "bin",
        "al",
        "ter",
    ]
)
_SENTENCE_END = frozenset(".!?:;\n\"'()[]<>|")


@dataclass(frozen=True)
class NameScores:
    pair: float = 0.85  # first name + surname, both capitalised
    titled: float = 0.85  # "Mr Smith"
    cued: float = 0.7  # "my name is Xander"
    single: float = 0.6  # a lone known name that is not an English word
    lower_pair: float = 0.6  # "john smith" in lower case
    lower_single: float = 0.4  # "nicole here", a known given name that is no everyday word


DEFAULT_SCORES = NameScores()


def wordlike(token: Token) -> bool:
    text = token.text
    return len(text) > 1 and text.replace("'", "").replace("-", "").replace("’", "").isalpha()


def is_capitalised(token: Token) -> bool:
    """Title-case (or all-caps longer than 3) alphabetic word."""
    text = token.text
    return (
        wordlike(token)
        and text[0].isupper()
        and (
            text[1:].islower()
            or any(mark in text for mark in "-'’")
            or (text.isupper() and len(text) > 3)
            or INNER_CAPITAL.fullmatch(text) is not None  # McCooey, MacLeod, DeShawn
        )
    )


def sentence_initial(doc: Doc, i: int) -> bool:
    """Whether token i starts a sentence (approximated from punctuation; no parser is loaded)."""
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 0:
        return True
    prev = doc[j].text
    return prev[-1] in _SENTENCE_END or "\n" in doc[j].whitespace_ or "\n" in prev


INNER_CAPITAL = re.compile(r"[A-Z][a-z]{1,3}[A-Z][a-z]+")


def previous_word(doc: Doc, i: int) -> str:
    j = i - 1
    while j >= 0 and (doc[j].is_space or doc[j].text in {",", ".", ":"}):
        if doc[j].text == ".":  # "Mr." keeps its title role
            j -= 1
            continue
        j -= 1
    return fold(doc[j].text.rstrip(".")) if j >= 0 else ""


def numeric_at(doc: Doc, k: int) -> bool:
    return 0 <= k < len(doc) and doc[k].text[:1].isdigit()


# Verbs that follow a person as the subject of a report: "Harris starts us off", "Okafor said".
_REPORTING = """says said tells told asks asked adds added dies died writes wrote tweets tweeted announces
    announced explains explained insists insisted faces faced starts started scores scored joins
    joined signs signed returns returned admits admitted denies denied claims claimed thinks
    confirms confirmed warns warned reveals revealed urges urged speaks spoke replied replies
"""
REPORTING = frozenset(_REPORTING.split())
# Irregular past tenses of common verbs (WordNet's index holds them, but as verbs of no tense).
_IRREGULAR_PAST = """won ran shot took made came went gave got left led lost beat broke threw hit
    set put kept held found fell drew struck saw began became brought thought felt rode sold
    spent stood flew chose drove fought caught taught sent built paid met swam overcame withdrew
"""
IRREGULAR_PAST = frozenset(_IRREGULAR_PAST.split())


# Words that follow a verb as its object: after them a given name that is also a verb is the verb
# ("Love it", "Hope you are well", "Mark the date", "may the year bring").
_OBJECTS = """it you u ya your ur yours her him them me us my this that these those how what
    everyone everybody everything all the
"""
OBJECTS = frozenset(_OBJECTS.split())


# After a determiner a lower-case word is a noun: "a mark", "the rose", "my will".
DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "my",
        "your",
        "his",
        "her",
        "its",
        "our",
        "their",
        "this",
        "that",
        "these",
        "those",
        "some",
        "any",
        "no",
        "every",
        "each",
    ]
)
# Titles that are more often a verb or a noun ("i miss john", "coach said"): no title alone.
VERB_TITLES = frozenset(["miss", "coach", "madam"])
# Words after which a lower-case word is a verb, not a name: "i love", "to mark", "we will".
BEFORE_VERBS = frozenset(
    [
        "i",
        "we",
        "you",
        "they",
        "he",
        "she",
        "it",
        "to",
        "will",
        "would",
        "can",
        "could",
        "should",
        "must",
        "may",
        "might",
        "don't",
        "dont",
        "never",
        "always",
        "also",
        "just",
    ]
)


def verb_with_object(doc: Doc, i: int, lexicon: NameLexicon) -> bool:
    """Whether doc[i] is an English verb with an object after it, at the start of a sentence or
    after a subject or modal ("Love you", "i just love it"; not "i told mark you were")."""
    return (
        i + 1 < len(doc)
        and doc[i + 1].lower_ in OBJECTS
        and lexicon.is_verb(doc[i].text)
        and (sentence_initial(doc, i) or previous_word(doc, i) in BEFORE_VERBS)
    )


# What follows a verb more than a name: a number, a preposition or an article ("output rose to
# 4,378 tonnes", "spending rose 0.2 percent", "observances mark 9/11").
_COMPLEMENTS = frozenset(["to", "by", "in", "on", "a", "an", "the", "only", "up"])


def verb_with_complement(doc: Doc, i: int, lexicon: NameLexicon) -> bool:
    """Whether the lower-case doc[i] is an English verb form followed by a number, a
    preposition, an article or an -ly adverb: "rose to", "mark 9/11", "rose sharply"; not
    after a cue that introduces a name ("this is mark on the phone")."""
    if i + 1 >= len(doc) or not lexicon.is_verb(doc[i].text) or previous_word(doc, i) in CUES:
        return False
    after = doc[i + 1].text
    return (
        after[:1].isdigit()
        or after.lower() in _COMPLEMENTS
        or (after.islower() and after.endswith("ly") and lexicon.is_english(after))
    )


# Groups named by a family's surname: "the Sanchez family", "sanchez family reunion".
FAMILY = frozenset(["family", "families", "household", "clan", "twins", "brothers", "sisters"])


def names_a_family(doc: Doc, i: int, lexicon: NameLexicon) -> bool:
    """Whether doc[i] is a surname right before "family" (or "household", "twins", …)."""
    text = doc[i].text
    return (
        i + 1 < len(doc)
        and doc[i + 1].lower_ in FAMILY
        and len(text) >= 3
        and lexicon.is_last(text)
        and not lexicon.is_common(text)
        and not lexicon.is_stop(text)
        and (not text.islower() or lexicon.is_noun_only(text))  # "young family"
    )


# A relation after a possessive names the person who follows it: "my friend Castle", "her son
# Hunter", "my best friend Wake". The word after is a name even when English has it as a word.
_KIN = """friend friends bestie bff buddy mate pal bro brother brothers sister sisters sis mom mum
    mommy mummy mother dad daddy father son sons daughter daughters wife husband hubby boyfriend
    girlfriend bf gf cousin niece nephew grandson granddaughter boss colleague coworker neighbour
    neighbor roommate roomie flatmate housemate partner fiance fiancé fiancee fiancée homie
    stepson stepdaughter stepmom stepdad bestfriend classmate teammate
"""
KIN = frozenset(_KIN.split())
_POSSESSIVES = frozenset(["my", "his", "her", "our", "their", "your", "ur", "yr"])
_KIN_ADJECTIVES = frozenset(["best", "little", "lil", "big", "baby", "older", "younger", "twin"])


def after_kin(doc: Doc, i: int) -> bool:
    """Whether doc[i] follows a possessive and a relation ("my friend", "our little sister")."""
    j = i - 1
    while j >= 0 and (doc[j].is_space or doc[j].text == ","):
        j -= 1
    if j < 1 or doc[j].lower_ not in KIN:
        return False
    before = previous_word(doc, j)
    if before in _KIN_ADJECTIVES:
        k = j - 1
        while k >= 0 and doc[k].is_space:
            k -= 1
        before = previous_word(doc, k) if k >= 1 else ""
    return before in _POSSESSIVES
