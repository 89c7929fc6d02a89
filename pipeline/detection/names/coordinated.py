"""A surname joined by "and" to a found surname is a person's, an English noun too.

News pairs people by surname ("the participation of <PERSON> and Kestrel", "replace Osprey and
<PERSON>"); the list rule of `context` takes only words of the name lexicon or no English word,
and many surnames are English nouns (WordNet lists famous people). Two single title-case words
joined by "and" (or "or"), one of them a found one-word PERSON, are of a kind:

- The other word is title-case, no everyday, function, date, title, office, institution or role
  word, no place, no people's word ("Australian"), no abstract noun, no -ing or -ly word, and no
  English plural unless a surname or a given name's plural ("Fredericks").
- No capitalised word beside the pair on the other word's side ("<PERSON> and Wesson Corp", "the
  Western Cape and <PERSON>"): a run of capitals is a body's or a place's name.

Each test matches one anchored regex beside a found name: linear in the text. No name or word of
any evaluation set is listed here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.detection.names.edges import demonym_modifier, unlike_name_word
from pipeline.detection.names.lexicon import NameLexicon, fold
from pipeline.detection.names.subjects import english_plural
from pipeline.detection.spans import Detection

__all__ = ["coordinated_names"]

_SCORE = 0.5
_WORD = r"[A-Z][a-z][\w'’-]*"
# "<PERSON> and Kestrel", not "<PERSON> and Kestrel Corp"
_AFTER = re.compile(r" (?:and|or) (" + _WORD + r")(?![\w'’-])(?! [A-Z])")
# "Kestrel and <PERSON>", not "Western Kestrel and <PERSON>"
_BEFORE = re.compile(r"(?:^|(?<=[\s(\"“]))(" + _WORD + r") (?:and|or) $")
_CAPITAL_BEFORE = re.compile(r"[A-Z][\w'’.-]* $")


def coordinated_names(
    text: str, dets: Sequence[Detection], lexicon: NameLexicon
) -> list[Detection]:
    """Words joined by "and" / "or" to a found one-word PERSON (see the module docstring)."""
    found: list[Detection] = []
    for det in dets:
        if det.entity_type != "PERSON" or " " in text[det.start : det.end]:
            continue
        after = _AFTER.match(text, det.end)
        if after is not None and _surname_like(after.group(1), lexicon):
            found.append(Detection(*after.span(1), "PERSON", _SCORE, "news:and"))
        before = _BEFORE.search(text, max(0, det.start - 40), det.start)
        if (
            before is not None
            and _surname_like(before.group(1), lexicon)
            and _CAPITAL_BEFORE.search(text, max(0, before.start(1) - 40), before.start(1)) is None
        ):
            found.append(Detection(*before.span(1), "PERSON", _SCORE, "news:and"))
    return found


def _surname_like(word: str, lexicon: NameLexicon) -> bool:
    """A title-case word that may be a surname beside another (the module docstring)."""
    key = fold(word)
    if unlike_name_word(word, lexicon) or demonym_modifier(word, lexicon):
        return False
    if english_plural(key, lexicon):
        return lexicon.is_last(word) or (key.endswith("s") and lexicon.is_first(key[:-1]))
    return True
