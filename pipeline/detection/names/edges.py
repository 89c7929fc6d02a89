"""The edges of a person's name found only in part, told by the shape of the text around it.

NER and the lexicon rules often find one word of a name and leave its neighbour: a given name
that is also an English word ("Dally", "Norm") or a surname that is one ("Such", "Fine"), a
particle between two parts ("Kengo wa Dondo"), initials ("D.A."), a regnal number ("III"). A
found PERSON span grows over them:

- Particles: a lower-case particle between the span and a capitalised word ("<PERSON> wa Dondo"),
  a title-case particle or a run of initials right before the span ("Van <PERSON>", "D.A.
  <PERSON>"; not "U.S."), initials and a lower-case particle ("F.W. de <PERSON>").
- A regnal number or a generational suffix after the span ("<PERSON> III", "<PERSON> Jr").
- The word after a lone given name (or a word of no lexicon): a title-case word that is no date,
  place, title, office or organisation word, followed by punctuation, the end, or a lower-case
  word. An everyday word there ("Fine", "Such") only before punctuation, the end or a verb
  ("<PERSON> Such gave"; not "<PERSON> For everyone", nor a verb itself: "<PERSON> Will come").
- The word before a lone surname (or a word of no lexicon): a title-case noun that is no
  everyday word, adjective or adverb ("Hen <PERSON>", "Norm <PERSON>"; not "Australian
  <PERSON>", "Dutchman <PERSON>"); within a sentence also a verb's base form ("beat Dally
  <PERSON>"; before a word of no lexicon even an everyday one: "assistant Win <PERSON>"), which
  opening a sentence reads as the verb. A religious title before any found name ("Sister
  <PERSON>", "Mother <PERSON>").
- After a word of no lexicon, a function word that is no connective before a comma
  ("<PERSON> Than , a member").

Each rule looks a few characters either side of a detection: linear in the text. No name or
word of any evaluation set is listed here; the word classes come from the lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.detection.names.lexicon import NameLexicon, fold
from pipeline.detection.names.shapes import OFFICES, PARTICLES, REPORTING, TITLES
from pipeline.detection.names.vocabulary import CALENDAR, DEMONYM_ENDS, NOT_NAME_ENDS
from pipeline.detection.spans import Detection

__all__ = ["NOT_INITIALS", "NO_NAME_PART", "grow_edges", "plain_word"]

# Particles of names of other languages than name_words' European ones ("Kengo wa Dondo",
# "Cesare dal Maso", "bin", "ibn").
_MORE_PARTICLES = frozenset(["wa", "dal", "dei", "ibn", "el", "ben", "af", "zu", "y"])
_LOWER_PARTICLES = PARTICLES | _MORE_PARTICLES
# Words of organisations and places that follow or precede a name as part of another entity
# ("Nelson Mandela Foundation", "Ford Motor", "Georgia Tech", "Victoria Station").
_INSTITUTION_WORDS = """inc corp co ltd plc llc group bank club party foundation institute university college
    school hospital airlines airways motors motor tech station street road avenue square park
    bridge hall house center centre stadium cup trophy award prize league united city county
    state republic fund trust council committee airport island islands river valley"""
_INSTITUTION = frozenset(_INSTITUTION_WORDS.split())
# Roles written after a body's name, like offices before a name ("Parliament Speaker").
_ROLES_WORDS = """speaker patriarch administrator chairman chairwoman director manager spokesman
    spokeswoman editor chief head leader governor president secretary"""
_ROLES = frozenset(_ROLES_WORDS.split())
# date words, titles, offices, institutions and roles: never a part of a person's name
NO_NAME_PART = CALENDAR | TITLES | OFFICES | _INSTITUTION | _ROLES
# Abbreviations that read as initials but name a country or a body ("U.S. <President ...>").
NOT_INITIALS = frozenset(["U.S.", "U.K.", "U.N.", "E.U.", "U.S.A."])
# Pronouns, conjunctions and prepositions: capitalised after a name they open the next words
# ("thanks <PERSON> For everything"), never a surname.
_CONNECTIVES_WORDS = """i you he she we they it me him her us them my your his our their its and or but nor so
    yet if for to of in on at by with from about as into onto than then not no yes also too
    the a an this that these those all any each every some"""
_CONNECTIVES = frozenset(_CONNECTIVES_WORDS.split())
_CONNECTIVES_KEEP = frozenset(["than"])  # a surname too, and no connective after a name
# Religious and courtesy titles that CoNLL-style news writes with the name ("Sister Emmanuelle").
_RELIGIOUS = frozenset(["mother", "sister", "brother"])

_TITLE_WORD = r"[A-Z][a-z][\w'’-]*"
_AFTER_PARTICLE = re.compile(r" ([a-z]{1,4}) (" + _TITLE_WORD + r")(?![\w'’-])")
_BEFORE_PARTICLE = re.compile(r"(?:^|(?<=[\s(\"“]))([A-Z][a-z]{1,3}) $")
_BEFORE_INITIALS = re.compile(r"(?:^|(?<=[\s(\"“]))((?:[A-Z]\.){2}) $")
# Initials and a lower-case particle before a surname ("F.W. de <PERSON>").
_BEFORE_INITIALS_PARTICLE = re.compile(r"(?:^|(?<=[\s(\"“]))((?:[A-Z]\.){1,2}) ([a-z]{1,3}) $")
_REGNAL = re.compile(r" (II|III|IV|VI|VII|VIII|IX|XI|XII|XIII|XIV|XV|XVI|Jr\.?|Sr\.?)(?![\w'’-])")
_AFTER_WORD = re.compile(r" (" + _TITLE_WORD + r")(?![\w'’-])")
_BEFORE_WORD = re.compile(r"(?:^|(?<=[\s(\"“]))(" + _TITLE_WORD + r") $")
_NEXT = re.compile(r" *([^\s]+)?")
_SENTENCE_END = '.!?:;\n"“”()[]'
# What follows a sentence's subject: the possessive, an auxiliary or a modal.
_SUBJECT_NEXT_WORDS = (
    """'s ’s is was has had will would can could may might must should said says"""
)
_SUBJECT_NEXT = frozenset(_SUBJECT_NEXT_WORDS.split())


def grow_edges(text: str, dets: Sequence[Detection], lexicon: NameLexicon) -> list[Detection]:
    """`dets` with each PERSON span grown over the parts of its name around it."""
    starts = {d.start for d in dets if d.entity_type == "PERSON"}
    return [_grow(text, d, starts, lexicon) if d.entity_type == "PERSON" else d for d in dets]


def _grow(text: str, det: Detection, starts: set[int], lexicon: NameLexicon) -> Detection:
    start, end = det.start, det.end
    words = text[start:end].split()
    if not words or not words[0][:1].isupper():
        return det
    titled = fold(words[0].rstrip(".")) in TITLES or fold(words[0]) in OFFICES
    end = _after(text, end, words[-1] if len(words) == 1 else None, starts, lexicon)
    start = _before(text, start, end, len(words) == 1 and not titled, lexicon, titled)
    if (start, end) == (det.start, det.end):
        return det
    return Detection(start, end, det.entity_type, det.score, det.recognizer)


def _after(text: str, end: int, last: str | None, starts: set[int], lexicon: NameLexicon) -> int:
    """Where the span ends once grown to the right; `last` is its word when it has one."""
    particle = _AFTER_PARTICLE.match(text, end)
    if particle is not None and particle.group(1) in _LOWER_PARTICLES:
        word = particle.group(2)
        if particle.start(2) in starts or not (
            plain_word(word, lexicon) or lexicon.is_english(word)
        ):
            end = particle.end()  # "<PERSON> wa Dondo", "<PERSON> dal <PERSON>"
    regnal = _REGNAL.match(text, end)
    if regnal is not None:
        return regnal.end()  # "<PERSON> III", "<PERSON> Jr."
    if last is None:
        return end
    if not last[1:].islower() or plain_word(last, lexicon):
        return end  # a word in capitals ("LIVESTRONG"): its neighbours are a heading's
    given = lexicon.is_first(last)
    if lexicon.is_english(last) and not given:
        return end  # a lone surname or word takes no surname after it
    after = _AFTER_WORD.match(text, end)
    if after is None:
        return end
    word = after.group(1)
    # after a word of no lexicon, a surname, another word of none, or a word before a comma that
    # is no everyday word ("<PERSON> Than ,": a function word that is no connective)
    if (
        given
        or lexicon.is_last(word)
        or not lexicon.is_english(word)
        or (
            _before_comma(text, after.end())
            and (not lexicon.is_common(word) or lexicon.is_stop(word))
        )
    ) and _surname_slot(text, after, lexicon):
        end = after.end()
    return end


def _before_comma(text: str, at: int) -> bool:
    """Whether a comma follows: an apposition or a list ("<PERSON> Than , a member")."""
    return text.startswith(" ,", at)


def _surname_slot(text: str, after: re.Match[str], lexicon: NameLexicon) -> bool:
    """Whether the title-case word after a lone given name is its surname (module docstring)."""
    word = after.group(1)
    key = fold(word)
    if (
        key in NO_NAME_PART
        or lexicon.is_place(word)
        or (key in _CONNECTIVES and key not in _CONNECTIVES_KEEP)
        or key in REPORTING
    ):
        return False
    nxt = _NEXT.match(text, after.end())
    following = nxt.group(1) if nxt is not None else None
    if key.endswith("s") and lexicon.is_english(key[:-1]) and not lexicon.is_last(word):
        return False  # an English plural ("Parrots")
    if following is None or not following[0].isalnum():
        return len(word) > 2 or not lexicon.is_english(word)  # punctuation or the end
    if following[:1].isupper() or following[0].isdigit():
        return False  # a run of capitals is a title or another entity, not this rule's
    if not (lexicon.is_common(word) or lexicon.is_stop(word)):
        return True
    # an everyday word: before a verb only, and no verb itself ("Will come", "May go")
    return (
        not lexicon.is_verb(word)
        and not following.endswith("ing")
        and (lexicon.is_verb(following) or following in REPORTING)
    )


def _before(text: str, start: int, end: int, lone: bool, lexicon: NameLexicon, titled: bool) -> int:
    if titled:
        return start
    window = max(0, start - 24)
    religious = _BEFORE_WORD.search(text, window, start)
    if religious is not None and fold(religious.group(1)) in _RELIGIOUS:
        return religious.start(1)  # "Sister <PERSON>"
    particle = _BEFORE_PARTICLE.search(text, window, start)
    if particle is not None and fold(particle.group(1)) in _LOWER_PARTICLES:
        start = particle.start(1)  # "Van <PERSON>", "Dos <PERSON>"
        lone = False
    initials = _BEFORE_INITIALS.search(text, max(0, start - 12), start)
    if initials is not None and initials.group(1) not in NOT_INITIALS:
        return initials.start(1)  # "D.A. <PERSON>", "F.W. De <PERSON>"
    initials = _BEFORE_INITIALS_PARTICLE.search(text, max(0, start - 16), start)
    if (
        initials is not None
        and initials.group(1) not in NOT_INITIALS
        and initials.group(2) in _LOWER_PARTICLES
    ):
        return initials.start(1)  # "F.W. de <PERSON>", "J. van <PERSON>"
    if not lone:
        return start
    first = text[start:end].split(maxsplit=1)[0]
    if (lexicon.is_english(first) and not lexicon.is_last(first)) or plain_word(first, lexicon):
        return start  # a lone given name or word takes no given name before it
    before = _BEFORE_WORD.search(text, window, start)
    if before is None or not _given_slot(text, before.group(1), before.start(1), first, lexicon):
        return start
    at = before.start(1)
    if _opens(text, at):
        # opening a sentence: the name is its subject ("Hen <PERSON> , former editor"; not
        # "Vegan <PERSON> pastries")
        nxt = _NEXT.match(text, end)
        following = nxt.group(1) if nxt is not None else None
        if not (
            following is None
            or not following[0].isalnum()
            or following in _SUBJECT_NEXT
            or following in REPORTING
            or (following.endswith(("s", "ed")) and lexicon.is_verb(following.rstrip("sd")))
        ):
            return start
    elif _capitalised_before(text, at):
        return start  # a run of capitalised words ("Homemade Vegan <PERSON>"): a heading's
    return at


def _given_slot(text: str, word: str, at: int, surname: str, lexicon: NameLexicon) -> bool:
    """Whether the title-case word before a lone surname is its given name (module docstring)."""
    key = fold(word)
    if (
        key in NO_NAME_PART
        or key in _CONNECTIVES
        or key in lexicon.modifiers
        or lexicon.is_place(word)
        or lexicon.is_stop(word)
        or key.endswith(("man", "men", "ese", "ian", "ish"))  # "Dutchman", "Chinese", "Kenyan"
    ):
        return False
    inflected = key.endswith(("ed", "ing", "ised", "ized", "s"))  # "Optimised"
    if lexicon.is_common(word):
        # an everyday word before a word of no lexicon, within a sentence: a verb's base form
        # ("to Win <PERSON>")
        return not lexicon.is_english(surname) and not _opens(text, at) and not inflected
    if not lexicon.is_english(word) or lexicon.is_name(word):
        return True
    if lexicon.is_noun_only(word):
        return True  # "Hen <PERSON>"
    # a verb within a sentence ("beat Dally <PERSON>"), in its base form
    return not _opens(text, at) and not inflected


def _opens(text: str, at: int) -> bool:
    """Whether the word at `at` opens a sentence or the text."""
    j = at - 1
    while j >= 0 and at - j < 64 and text[j] in " \t":
        j -= 1
    return j < 0 or text[j] in _SENTENCE_END


def plain_word(word: str, lexicon: NameLexicon, *, places: bool = True) -> bool:
    """An everyday word, a function word, a date word, a place (unless `places` is False: a
    grammar cue that only a person fits), a title or an office."""
    key = fold(word)
    return (
        lexicon.is_common(word)
        or lexicon.is_stop(word)
        or (places and lexicon.is_place(word))
        or key in CALENDAR
        or key in TITLES
        or key in OFFICES
    )


def _capitalised_before(text: str, at: int) -> bool:
    """Whether the word before `at` is capitalised (a run of capitalised words)."""
    j = at - 1
    while j >= 0 and at - j < 64 and text[j] in " \t":
        j -= 1
    k = j
    while k >= 0 and j - k < 64 and not text[k].isspace():
        k -= 1
    return j >= 0 and text[k + 1 : j + 1][:1].isupper()


def unlike_name_word(
    word: str, lexicon: NameLexicon, ends: tuple[str, ...] = NOT_NAME_ENDS
) -> bool:
    """A word no frame should take for a surname: a plain English word, a word that is never a
    name's part, or one with an adverb's, gerund's or abstract noun's ending."""
    return plain_word(word, lexicon) or fold(word) in NO_NAME_PART or fold(word).endswith(ends)


def demonym_modifier(word: str, lexicon: NameLexicon) -> bool:
    """A people's adjective ("Australian", "Chinese") that the lexicon does not know as a name."""
    key = fold(word)
    return key.endswith(DEMONYM_ENDS) and key in lexicon.modifiers and not lexicon.is_name(word)
