"""A person told by what the possessive gives them: kin, a body, a career.

Only people have a wife, a left knee or a career ("Kestrel 's wife", "Osprey 's Newcastle team
mate", "an injury to Curlew 's left hamstring"), and a disease named by the possessive is named
after a person ("Kestrel 's disease"). The possessor is a person even when English has the word
for something else:

- A title-case word, then "'s", at most two words (an adjective, a capitalised word, "team"),
  then a word of kin, of the body or of a person's life that is no compound's first part
  ("Kestrel 's hand-picked successor" stays).
- The word is no everyday, function, date, title, office, institution or role word, no place
  and no people's word ("Australian 's"): a body's or a country's possessions ("Britain 's
  partners", "the Commission 's head") are not these words.

The test looks at a few tokens after a word followed by "'s": linear in the text. No name or
word of any evaluation set is listed here.
"""

from __future__ import annotations

from pipeline.detection.names.edges import NO_NAME_PART, demonym_modifier, plain_word
from pipeline.detection.names.lexicon import NameLexicon, fold
from pipeline.detection.names.shapes import Doc

__all__ = ["possessor"]

# Kin and team-mates (no "partner", "friend", "neighbour": countries and companies have them).
_KIN = """wife husband widow widower son sons daughter daughters mother father brother brothers
    sister sisters parents children fiancee fiancée girlfriend boyfriend mate teammate
    team-mate compatriot"""
# The body and a person's life.
_BODY = """knee knees ankle ankles wrist elbow shoulder hamstring groin thigh calf hip leg legs
    arm hand foot career debut retirement birthday funeral autobiography memoirs disease
    syndrome"""
_OWNED = frozenset(_KIN.split()) | frozenset(_BODY.split())
_POSSESSIVE = frozenset(["'s", "’s"])
_BETWEEN = 2


def possessor(doc: Doc, i: int, lexicon: NameLexicon) -> bool:
    """Whether the title-case doc[i] before "'s" owns kin, a body or a life (module docstring)."""
    n = len(doc)
    if not (i + 2 < n and doc[i + 1].text in _POSSESSIVE):
        return False
    for j in range(i + 2, min(n, i + 3 + _BETWEEN)):
        low = doc[j].lower_
        if low in _OWNED:
            if j + 1 < n and doc[j + 1].text == "-":
                return False  # a compound's first part ("Kestrel 's hand-picked successor")
            return _name_word(doc[i].text, lexicon)
        if not low.isalpha():
            return False
    return False


def _name_word(text: str, lexicon: NameLexicon) -> bool:
    key = fold(text)
    return not (plain_word(text, lexicon) or key in NO_NAME_PART or demonym_modifier(text, lexicon))
