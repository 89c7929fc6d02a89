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

The word is never a function, date, title, office, institution or role word, no place and no
English plural ("Officials said", "Analysts told"). Each rule looks at a token and its
neighbours: linear in the text. No name or word of any evaluation set is listed here.
"""

from __future__ import annotations

from pipeline.detection.names.edges import NO_NAME_PART
from pipeline.detection.names.lexicon import NameLexicon, fold
from pipeline.detection.names.shapes import DETERMINERS, REPORTING, Doc, sentence_initial
from pipeline.detection.names.subjects import english_plural
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
_DEMONYM_ENDS = ("an", "ese", "ish", "ian", "ean", "ite", "i")


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
    return None


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
        and text.lower().endswith(_DEMONYM_ENDS)
        and fold(text) in lexicon.modifiers
        and not lexicon.is_name(text)
    )
