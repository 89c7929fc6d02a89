"""Person names in news prose and results, told by the grammar around a word.

News writes a person by surname alone once introduced ("Cooke will provide…"), puts an initial
before a surname in results ("T. Okafor 88"), and writes given names and surnames that are also
English words ("Marcus Fine", "Tiger Nakamura"). The lexicon rules in `names` hold back on words
that WordNet lists (it lists famous people too) unless a cue says more; these rules take that cue
from the sentence's grammar and from a name already found beside the word:

- Subject of a clause (name_subjects): a name of the lexicon, or no English word, that is no
  everyday word and only a noun in English, opening a sentence before a verb, a comma or the
  possessive ("Hughes told the court…", "Gallagher , who signed…", "Kowalski ( 11-3 )
  pitched…"), or before an aside and a verb ("Seles , runner-up to … , is seeded"). A word
  that reads as an English plural ("Sales", "Edwards") needs a singular verb ("was", "has",
  "takes"): "Sales rose" stays.
- A subject that a later pronoun refers to (pronoun_subject): "Seles easily won both her
  singles", "Domingos redeemed himself"; an English noun too.
- The possessor of kin, a body or a career (possessives.py): "Kestrel 's wife", "Osprey 's
  Newcastle team mate", "Curlew 's left knee".
- A post given with "as" (roles.py): "BALL RESIGNS AS CITY MANAGER", "named Kestrel as coach";
  a person's noun after "is a" / "was the": "Kestrel is the first Australian minister to …".
- The frames of a report or an age (name_frames): "… , Black said .", ', " said Roe .',
  "Reeve , 43 ,", "the 32-year-old Bonds".
- The same in a capitals headline, after its start, a dash or a comma: "TENNIS - KOWALSKI WINS
  …", "…, WOODS MAKES PRO DEBUT".
- A title-case particle and a surname within a sentence: "which De Wilde tipped over".
- A title-case word before ", who" or ", whose", opening a sentence or within one after no
  determiner or capitalised word: "Woods , who turned pro …", "said Hale , who …".
- Initial and surname: "T. Okafor", after a boundary, a preposition or a scorecard letter
  ("by J. Halloway", "b H. Petrakis"); never an everyday word ("group B. Police said"). Two or
  three initials and a name of the lexicon ("J.S. Bach"; not "U.S. Navy", "A.G. Edwards Inc").
- Joined by "and" to a found one-word name (coordinated_names): "<PERSON> and Kestrel".
- The object of a sports verb (objects.py): "bowled by Kestrel", "<PERSON> beat Osprey".
- Beside a found name: the title-case word just after a found given name ("Marcus Fine"), or
  just before a found surname that is no given name, when that word is a noun and no adjective
  ("Tiger <Nakamura>"; not "Australian <Nakamura>").

Each rule looks at a token and its few neighbours: linear in the text. No name or word of any
evaluation set is listed here; the word classes come from the lexicon (Faker's locales, WordNet).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.detection.names.coordinated import coordinated_names
from pipeline.detection.names.edges import NO_NAME_PART, NOT_INITIALS, grow_edges, plain_word
from pipeline.detection.names.frames import frame_names
from pipeline.detection.names.headlines import headline_list_names
from pipeline.detection.names.lexicon import NameLexicon, fold
from pipeline.detection.names.objects import sports_objects
from pipeline.detection.names.possessives import possessor
from pipeline.detection.names.pronouns import pronoun_subject
from pipeline.detection.names.roles import as_role_object, as_role_subject, predicate_subject
from pipeline.detection.names.shapes import (
    DETERMINERS,
    PARTICLES,
    Doc,
    sentence_initial,
)
from pipeline.detection.names.subjects import subject, verb_form, who_follows
from pipeline.detection.spans import Detection

__all__ = ["grow_beside_names", "news_names"]

_SCORE = 0.5
# Particles that are articles too: "La Paz", "Le Mans" open the names of places more than people's.
_ARTICLES = frozenset(["la", "le"])
# Endings of English abstract nouns.
_ABSTRACT_ENDS = ("tion", "sion", "ment", "ness", "ity", "ism", "ence", "ance", "ure", "ship")
# Roles written before a surname in a capitals headline ("JOCKEY MARLOWE BANNED").
_HEADLINE_ROLES_WORDS = (
    "captain jockey coach trainer manager skipper striker goalkeeper champion prince"
)
_HEADLINE_ROLES = frozenset(_HEADLINE_ROLES_WORDS.split())
# Initials of the compass points, which abbreviate a place's first word ("N. Ireland").
_COMPASS = frozenset("NSEW")
# Words after which an initial starts a name ("by J. Halloway", "and T. Okafor").
_BEFORE_INITIAL = frozenset(
    ["by", "and", "or", "to", "from", "with", "for", "said", "says", "of", "v", "vs", "told", "as"]
)


def _initial_subject(doc: Doc, i: int, lexicon: NameLexicon) -> str | None:
    """The rule that makes a sentence's title-case first word doc[i] a person's surname: its
    verb ("news:subject") or a later pronoun that refers to it ("news:pronoun")."""
    if subject(doc, i, lexicon):
        return "news:subject"
    if pronoun_subject(doc, i, lexicon):
        return "news:pronoun"
    return None


def news_names(doc: Doc, lexicon: NameLexicon) -> list[Detection]:
    """Surnames as a sentence's subject and initialled surnames (see the module docstring)."""
    found: list[Detection] = []
    n = len(doc)
    for i, token in enumerate(doc):
        text = token.text
        title = len(text) > 2 and text[0].isupper() and text[1:].islower() and text.isalpha()
        if len(text) == 2 and text[1] == "." and text[0].isupper() and i + 1 < n:
            det = _initialled(doc, i, lexicon)
            if det is not None:
                found.append(det)
        elif title and sentence_initial(doc, i) and (rule := _initial_subject(doc, i, lexicon)):
            found.append(Detection(token.idx, token.idx + len(text), "PERSON", _SCORE, rule))
        elif (
            title
            and i > 0
            and doc[i - 1].lower_ not in DETERMINERS
            and not doc[i - 1].text[:1].isupper()
            and who_follows(doc, i)
            and not plain_word(text, lexicon, places=False)
        ):
            found.append(Detection(token.idx, token.idx + len(text), "PERSON", _SCORE, "news:who"))
        elif (
            text[:1].isupper()
            and text[1:].islower()
            and text.lower() in PARTICLES
            and text.lower() not in _ARTICLES
            and i + 1 < n
            and not sentence_initial(doc, i)
        ):
            det = _particle_led(doc, i, lexicon)
            if det is not None:
                found.append(det)
        elif (
            len(text) > 3
            and text.isalpha()
            and text.isupper()
            and _headline_slot(doc, i)
            and _headline_subject(doc, i, lexicon)
        ):
            found.append(
                Detection(token.idx, token.idx + len(text), "PERSON", _SCORE, "news:headline")
            )
        elif (
            len(text) > 2
            and text[0].isupper()
            and text[1:].islower()
            and text.isalpha()
            and possessor(doc, i, lexicon)
        ):
            found.append(
                Detection(token.idx, token.idx + len(text), "PERSON", _SCORE, "news:possessor")
            )
        elif (rule := _as_role(doc, i, text, lexicon)) is not None:
            found.append(Detection(token.idx, token.idx + len(text), "PERSON", _SCORE, rule))
    found.extend(frame_names(doc, lexicon))
    return found


def _as_role(doc: Doc, i: int, text: str, lexicon: NameLexicon) -> str | None:
    """ "BALL RESIGNS AS CITY MANAGER", "named Kestrel as coach", "Kestrel is the first
    minister" (roles.py): the subject at a sentence's or a capitals headline's start, or the
    object of the verb."""
    if not (len(text) > 2 and text[0].isupper() and text.isalpha()):
        return None
    if text.isupper():
        slot = _headline_slot(doc, i)
    elif text[1:].islower():
        slot = sentence_initial(doc, i)
        if slot and predicate_subject(doc, i, lexicon):
            return "news:predicate"
    else:
        return None
    if (slot and as_role_subject(doc, i, lexicon)) or as_role_object(doc, i, lexicon):
        return "news:as_role"
    return None


def _particle_led(doc: Doc, i: int, lexicon: NameLexicon) -> Detection | None:
    """ "which De Wilde tipped over": within a sentence, a title-case particle and a title-case
    word that is no everyday word, place or date word."""
    word = doc[i + 1]
    text = word.text
    if not (len(text) > 2 and text[0].isupper() and text[1:].islower() and text.isalpha()):
        return None
    if plain_word(text, lexicon) or not doc[i].whitespace_:
        return None
    return Detection(doc[i].idx, word.idx + len(text), "PERSON", _SCORE, "news:particle")


def _headline_slot(doc: Doc, i: int) -> bool:
    """After a line's start, a dash, a comma or a capitals role word ("… - CAPTAIN MARLOWE
    QUITS"), before another word."""
    if i + 1 >= len(doc):
        return False
    if i == 0 or "\n" in doc[i - 1].whitespace_ or "\n" in doc[i - 1].text:
        return True
    return doc[i - 1].text == "," or _after_dash_or_role(doc, i)


def _after_dash_or_role(doc: Doc, i: int) -> bool:
    if i == 0:
        return False
    prev = doc[i - 1].text
    if prev in ("-", "–", "—"):
        return bool(doc[i - 1].whitespace_)  # a dash, not a hyphen ("PRO-SOCCER GAMES")
    return prev.isupper() and prev.lower() in _HEADLINE_ROLES


def _headline_subject(doc: Doc, i: int, lexicon: NameLexicon) -> bool:
    """ "TENNIS - KOWALSKI WINS …": in a capitals headline, after its start, a dash or a comma
    ("…, WOODS MAKES PRO DEBUT"), a surname of the lexicon, or a word that is no everyday word
    (WordNet's famous people: "DARWIN"), before a verb's -s or -ed form. Only a word that is a
    noun alone in English ("GOLD RISES", "BROWN WINS" stay) and a singular verb ("STOCKS FALL")."""
    text = doc[i].text
    if plain_word(text, lexicon) or lexicon.is_place(text):
        return False
    # WordNet's word that is no surname: after a dash or a role word only ("DOLLAR EDGES
    # HIGHER" opening a line stays)
    if (
        lexicon.is_english(text)
        and not lexicon.is_last(text)
        and (not _after_dash_or_role(doc, i) or _everyday(text.lower(), lexicon))
    ):
        return False
    if lexicon.is_english(text) and not lexicon.is_noun_only(text):
        return False
    word = doc[i + 1].text
    if not (word.isalpha() and word.isupper() and word.endswith(("S", "ED"))):
        return False
    if text.endswith("S") and not word.endswith("S"):
        return False  # a plural with a verb of either number
    return verb_form(word.lower(), lexicon)


def _everyday(word: str, lexicon: NameLexicon) -> bool:
    """An everyday word, an abstract noun ("INFLATION", "VIOLENCE") or an agent noun of a verb
    ("PRODUCER"): no famous person's name."""
    if lexicon.is_common(word) or word.endswith(_ABSTRACT_ENDS):
        return True
    return word.endswith("er") and (verb_form(word[:-1], lexicon) or verb_form(word[:-2], lexicon))


def _initialled(doc: Doc, i: int, lexicon: NameLexicon) -> Detection | None:
    """ "T. Okafor": an initial after a boundary or a preposition, then a title-case surname."""
    if i > 0:
        prev = doc[i - 1]
        if not prev.whitespace_:
            return None  # "U.S." and "D.A." are one unit
        low = prev.text
        if len(low) > 1 and low.isalpha() and low.islower() and low not in _BEFORE_INITIAL:
            # "group B. Police said": the letter ends a sentence ("b H. Petrakis" stays)
            return None
    word = doc[i + 1]
    text = word.text
    if not (len(text) > 1 and text[0].isupper() and text[1:].islower() and text.isalpha()):
        return None
    # a place after an initial is a surname ("I. Salisbury"), but for a compass point's
    # ("N. Ireland", "S. Africa")
    if plain_word(text, lexicon, places=doc[i].text[0] in _COMPASS):
        return None
    start = doc[i].idx
    return Detection(start, word.idx + len(text), "PERSON", _SCORE, "news:initial")


# A title-case word right before or right after a span, one space apart.
_BEFORE = re.compile(r"(?:^|(?<=[\s(\"“]))([A-Z][a-z]+) $")
_AFTER = re.compile(r" ([A-Z][a-z]+)(?![\w'’-])")


def grow_beside_names(
    text: str, dets: Sequence[Detection], lexicon: NameLexicon
) -> list[Detection]:
    """PERSON spans grown over the other half of a name, plus the items of a results list in the
    slot of a found name (see the module docstring)."""
    out = [_grow(text, d, lexicon) if d.entity_type == "PERSON" else d for d in dets]
    out = grow_edges(text, out, lexicon)
    if " , " in text or " AND " in text or " & " in text:
        out.extend(headline_list_names(text, out, lexicon))
    if " and " in text or " or " in text:
        out.extend(coordinated_names(text, out, lexicon))
    out.extend(sports_objects(text, out, lexicon))
    if "(" in text or "-" in text:
        out.extend(_parallel_items(text, out, lexicon))
    if "." in text:
        out.extend(_initials_names(text, out, lexicon))
    return out


# Two or three initials and a title-case word ("J.S. Bach", "K.T. Thomas").
_INITIALS_NAME = re.compile(r"(?<![\w.])((?:[A-Z]\.){2,3}) ([A-Z][a-z]+)(?![\w'’-])( [A-Z])?")


def _initials_names(text: str, dets: Sequence[Detection], lexicon: NameLexicon) -> list[Detection]:
    """ "J.S. Bach 's works": two or three initials, then a name of the lexicon that is no
    place, date, title, office or institution word, and no capitalised word after it
    ("A.G. Edwards Inc"). Not an abbreviation ("U.S. Navy"), nothing already found there."""
    found: list[Detection] = []
    for m in _INITIALS_NAME.finditer(text):
        word = m.group(2)
        if m.group(1) in NOT_INITIALS or not lexicon.is_name(word) or plain_word(word, lexicon):
            continue
        if fold(word) in NO_NAME_PART or m.group(3) is not None:
            continue  # a run of capitalised words: a heading's or a body's ("A.G. Edwards Inc")
        start, end = m.start(1), m.end(2)
        if any(d.start < end and start < d.end for d in dets):
            continue
        found.append(Detection(start, end, "PERSON", _SCORE, "news:initials"))
    return found


# A bowling analysis or a line of figures: three or more numbers joined by hyphens ("9-1-36-2").
_FIGURES = re.compile(r" \d+(?:\.\d+)?(?:-\d+(?:\.\d+)?){2,}(?![\w-])")
# A title-case word opening a list item, then a space.
_ITEM = re.compile(r"(?:^|(?<=[,;:(] ))([A-Z][a-z][\w'’-]+)(?= )")


def _slot(text: str, end: int, places: dict[int, int]) -> str | None:
    """What follows a list item: figures ("9-1-36-2") or a place in brackets ("( Kenya )")."""
    if _FIGURES.match(text, end):
        return "figures"
    if text.startswith(" ( ", end):
        stop = places.get(end + 3)
        if stop is not None and text.startswith(" )", stop):
            return "place"
    return None


def _parallel_items(text: str, dets: Sequence[Detection], lexicon: NameLexicon) -> list[Detection]:
    """Items of a results list that hold the same slot as a found name ("<PERSON> 9-1-36-2 ,
    Marlow 4-0-21-1"; "<PERSON> ( Kenya ) , Marlow ( Chile )"): names even when English has
    them as words; never an everyday word."""
    places = {d.start: d.end for d in dets if d.entity_type == "LOCATION"}
    persons = [d for d in dets if d.entity_type == "PERSON"]
    slots = {_slot(text, d.end, places) for d in persons} - {None}
    if not slots:
        return []
    found: list[Detection] = []
    for m in _ITEM.finditer(text):
        start, end = m.span(1)
        if _slot(text, end, places) not in slots or plain_word(m.group(1), lexicon):
            continue
        if any(d.start <= start < d.end for d in persons):
            continue
        found.append(Detection(start, end, "PERSON", _SCORE, "news:list_slot"))
    return found


def _grow(text: str, det: Detection, lexicon: NameLexicon) -> Detection:
    start, end = det.start, det.end
    value = text[start:end]
    if " " not in value and value[:1].isupper():
        if lexicon.is_first(value):
            after = _AFTER.match(text, end)
            # "Marcus Okafor": a surname or no English word after a given name
            if after is not None and _surname_after(after.group(1), lexicon):
                end = after.end()
        else:
            before = _BEFORE.search(text, max(0, start - 24), start)
            if before is not None and _given_before(before.group(1), value, lexicon):
                start = before.start(1)
    if (start, end) == (det.start, det.end):
        return det
    return Detection(start, end, det.entity_type, det.score, det.recognizer)


def _surname_after(word: str, lexicon: NameLexicon) -> bool:
    """A word after a given name that may be its surname: a surname or no English word, never an
    everyday or function word ("Will Be Released", "Max Out")."""
    if plain_word(word, lexicon):
        return False
    return lexicon.is_last(word) or not lexicon.is_english(word)


def _given_before(word: str, surname: str, lexicon: NameLexicon) -> bool:
    """A word before a surname that may be its given name, and no adjective or verb: a name or no
    English word ("Australian <Nakamura>" stays); a noun only before a surname of the lexicon
    ("Tiger <Nakamura>", not "Vegan <Soyrizo>")."""
    if plain_word(word, lexicon) or not lexicon.is_noun_only(word):
        return False
    return lexicon.is_name(word) or not lexicon.is_english(word) or lexicon.is_last(surname)
