"""Person names told by the frame of a report: who said, who is aged, who is N years old.

News names a person by surname alone once introduced, and many surnames are English words or
WordNet's famous people ("Dole", "Black", "Hope", "Pollock"). The lexicon rules hold back on
them; a frame that only a person fills tells them apart:

- Speaker: a title-case word right before a reporting verb ("… , Black said .", "Dole told an
  outdoor crowd", "Arafat quoted …"), after an adverb too ("Hope later added"). Opening a
  sentence the word must be no everyday word ("Police said" stays); within one, after no
  determiner, possessive or capitalised word ("the Commission said", "Foreign Ministry said").
- Quoted speaker: a title-case word after ", said" / '" said' before the sentence's punctuation
  (', " said Roe .', "said Muster , only partly joking").
- Age: a title-case word before a comma, an age of two digits and a comma ("Reeve , 43 , was
  …"); or after "N-year-old" ("the 32-year-old Bonds").
- The speaker's partner: a title-case word right before "and I" / "and me" ('" Butch and I are
  finished'), a name of the lexicon or no English word, after no capitalised word.
- Role: a title-case word after a lower-case role noun or a rank ("midfielder Fine scored",
  "his compatriot Stone", "the 70th-ranked Rafter", "unseeded Tarango"): a name of the
  lexicon, an everyday word or no English word (not "the unseeded Swede"), no other adjective
  ("fifth-seeded Olympic"), and no noun after it ("Wimbledon champion"), nor a capitalised
  word (a full name is the other rules').

The word is never a function, date, title, office, institution or role word, no place and no
English plural ("Officials said", "Analysts told"). Each rule looks at a token and its
neighbours: linear in the text. No name or word of any evaluation set is listed here.
"""

from __future__ import annotations

from pipeline.detection.names.edges import NO_NAME_PART
from pipeline.detection.names.lexicon import NameLexicon, fold
from pipeline.detection.names.shapes import DETERMINERS, REPORTING, Doc, sentence_initial
from pipeline.detection.names.subjects import english_plural, verb_form
from pipeline.detection.names.vocabulary import DEMONYM_ENDS
from pipeline.detection.spans import Detection

__all__ = ["frame_names"]

_SCORE = 0.5
# Verbs of report and reply after a speaker, beyond name_words' REPORTING.
_MORE_REPORTING = """quoted conceded recalled agreed argued noted stressed acknowledged predicted
    recalls agrees argues notes stresses acknowledges predicts quipped"""
_SPEAKER_VERBS = REPORTING | frozenset(_MORE_REPORTING.split())
# After these the speaker follows: ", said Roe ."
_SAID = frozenset(["said", "says", "added", "adds", "asked", "wrote"])
_QUOTES = frozenset(['"', "''", "'", "“", "”", ","])
_QUOTE_MARKS = frozenset(['"', "''", "”", "'"])
_CLOSE = frozenset([".", ",", ";", ":", "!", "?", '"', "''"])
_ADVERBS = frozenset(["also", "then", "later", "again", "still", "never", "once", "quickly"])
# Prepositions after which a capitalised word is a place or a body ("an official in Baghdad
# said", "the embassy of Chile said").
_BEFORE_PLACE = frozenset(["in", "of", "at", "from", "to", "near", "for", "with", "on", "into"])
# Roles in sport and the news written in lower case right before a surname.
_ROLE_WORDS = """striker midfielder defender goalkeeper keeper winger forward full-back fullback
    sweeper playmaker fly-half scrum-half flanker batsman bowler spinner seamer paceman
    all-rounder wicketkeeper opener pitcher reliever starter catcher shortstop outfielder
    infielder fielder pinch-hitter quarterback linebacker jockey trainer rider driver cyclist
    sprinter champion titleholder seed veteran compatriot teammate team-mate counterpart rival
    skipper spokesman spokeswoman spokesperson leader analyst envoy dissident lawyer attorney
    actor actress singer writer author novelist poet economist wife husband son daughter"""
_ROLES = frozenset(_ROLE_WORDS.split())
_RANKED = frozenset(["seeded", "ranked"])  # "fifth-seeded", "70th-ranked"


def frame_names(doc: Doc, lexicon: NameLexicon) -> list[Detection]:
    """Speakers before and after a reporting verb and people by their age (module docstring)."""
    found: list[Detection] = []
    n = len(doc)
    for i, token in enumerate(doc):
        text = token.text
        if not (len(text) > 1 and text[0].isupper() and text[1:].islower() and text.isalpha()):
            continue
        rule = _frame(doc, i, n, lexicon)
        if rule is not None:
            found.append(Detection(token.idx, token.idx + len(text), "PERSON", _SCORE, rule))
    return found


def _frame(doc: Doc, i: int, n: int, lexicon: NameLexicon) -> str | None:
    k = i + 1
    if (k < n and doc[k].text in _ADVERBS) or (k < n and doc[k].text.endswith("ly")):
        k += 1
    if k < n and doc[k].text in _SPEAKER_VERBS and _speaker(doc, i, lexicon):
        return "frames:speaker"
    if (
        i >= 2
        and i + 1 < n
        and doc[i - 1].text in _SAID
        and doc[i - 2].text in _QUOTES
        and doc[i + 1].text in _CLOSE
        and _name_word(doc[i].text, lexicon, common=False)
    ):
        return "frames:quoted"
    if (
        i + 3 < n
        and doc[i + 1].text == ","
        and doc[i + 3].text == ","
        and _age(doc[i + 2].text)
        and _name_word(doc[i].text, lexicon, common=False)
        and not _demonym(doc[i].text, lexicon)
    ):
        return "frames:age"
    if (
        _year_old(doc, i)
        and _name_word(doc[i].text, lexicon, common=False)
        and not _demonym(doc[i].text, lexicon)
    ):
        return "frames:age"
    if _with_speaker(doc, i, n, lexicon):
        return "frames:with_speaker"
    if _after_role(doc, i) and _role_filler(doc, i, n, lexicon):
        return "frames:role"
    return None


def _with_speaker(doc: Doc, i: int, n: int, lexicon: NameLexicon) -> bool:
    """Whether doc[i] comes right before "and I" / "and me" and may be a name (module docstring)."""
    if not (i + 2 < n and doc[i + 1].text == "and" and doc[i + 2].text in ("I", "me")):
        return False
    text = doc[i].text
    if i > 0 and not sentence_initial(doc, i) and doc[i - 1].text[:1].isupper():
        return False  # "Smith Barney and I": a run of capitals
    named = lexicon.is_name(text) or not lexicon.is_english(text)
    return named and _name_word(text, lexicon, common=False) and not _demonym(text, lexicon)


def _after_role(doc: Doc, i: int) -> bool:
    """Whether a lower-case role noun or a rank ("fifth-seeded", "unseeded") is right before."""
    if i == 0:
        return False
    prev = doc[i - 1].text
    if prev in _ROLES or prev == "unseeded":
        return True
    if not (i >= 3 and doc[i - 2].text == "-"):
        return False
    # hyphenated: "fifth - seeded", "fly - half" are three tokens
    return prev in _RANKED or f"{doc[i - 3].text}-{prev}" in _ROLES


def _role_filler(doc: Doc, i: int, n: int, lexicon: NameLexicon) -> bool:
    """Whether doc[i] after a role may be a surname (the module docstring)."""
    text = doc[i].text
    named = lexicon.is_name(text) or lexicon.is_common(text)
    if lexicon.is_english(text) and not named:
        return False  # "the unseeded Swede", "veteran Marxist"
    if (fold(text) in lexicon.modifiers and not named) or _demonym(text, lexicon):
        return False  # "fifth-seeded Olympic champion"
    if i + 1 < n:
        nxt = doc[i + 1].text
        if nxt[:1].isupper():
            return False
        if (
            nxt.isalpha()
            and nxt.islower()
            and lexicon.is_english(nxt)
            and lexicon.is_noun_only(nxt)
            and not lexicon.is_stop(nxt)
            and not verb_form(nxt, lexicon)
        ):
            return False  # a noun after it: the word is its modifier ("Wimbledon champion")
    return _name_word(text, lexicon, common=True)


def _speaker(doc: Doc, i: int, lexicon: NameLexicon) -> bool:
    """Whether doc[i] before a reporting verb is a person (see the module docstring)."""
    text = doc[i].text
    if text.endswith(("ing", "ly")) or _demonym(text, lexicon):
        return False  # "Leading scores", "Separately said", "old Australian scored"
    if (sentence_initial(doc, i) or doc[i - 1].text in ("-", "--")) and not _after_quote(doc, i):
        # no everyday word, participle or plural ("Police said", "Unsecured claims", "Sales")
        return (
            _name_word(text, lexicon, common=False)
            and not text.endswith("ed")
            and not english_plural(fold(text), lexicon)
        )
    prev = doc[i - 1].lower_
    if prev[:1] != doc[i - 1].text[:1] or prev in DETERMINERS or prev in _BEFORE_PLACE:
        return False  # a run of capitals, "the Commission", "in Baghdad said"
    return prev not in ("'s", "’s", "'", "’") and _name_word(text, lexicon, common=True)


def _after_quote(doc: Doc, i: int) -> bool:
    """Whether doc[i] follows a closing quote (', " Hope added'): the report goes on."""
    return i >= 2 and doc[i - 1].text in _QUOTE_MARKS and doc[i - 2].text in _CLOSE


def _name_word(text: str, lexicon: NameLexicon, common: bool) -> bool:
    """A title-case word that may be a surname: no function, date, title, office, institution or
    role word, no place, no English plural; an everyday word only when `common`."""
    key = fold(text)
    if (
        key in NO_NAME_PART
        or key in _SPEAKER_VERBS
        or lexicon.is_stop(text)
        or lexicon.is_place(text)
        or (not common and lexicon.is_common(text))
    ):
        return False
    return not (english_plural(key, lexicon) and not lexicon.is_last(text))


def _year_old(doc: Doc, i: int) -> bool:
    """Whether "N-year-old" (tokens "N", "-", "year", "-", "old") comes right before doc[i]."""
    return (
        i >= 5
        and doc[i - 1].text == "old"
        and doc[i - 2].text == "-"
        and doc[i - 3].lower_ == "year"
        and doc[i - 4].text == "-"
    )


def _age(text: str) -> bool:
    return len(text) == 2 and text.isdigit() and text[0] != "0"


def _demonym(text: str, lexicon: NameLexicon) -> bool:
    """A people's word ("Australian", "Chinese", "Israeli"): an English adjective of a demonym's
    ending that is no name ("Morgan", "Jordan" stay; "Lohan" is a noun)."""
    return (
        len(text) > 4
        and text.lower().endswith(DEMONYM_ENDS)
        and fold(text) in lexicon.modifiers
        and not lexicon.is_name(text)
    )
