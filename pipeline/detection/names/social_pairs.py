"""A found name's next word, written the same way, before a verb or the clause's end, is its
surname: "emily blunt kicked ass", "justin biebr !".

Social text writes a whole name in lower case or in capitals, and its surname is often an
English word the lexicon cannot vouch for ("blunt", a stretched "BEAVERRRR"). A word right
after a found name, in the same case (lower after lower, capitals after capitals, a capital
first after a capital first), is taken when:

- a verb follows it ("kicked", "says", "won"): the word is then no past or -s form itself
  ("emily blunt kicked"; "mark smiled says" is no shape) and no -ly adverb ("emily quickly
  ran" stays);
- or the clause ends after it (punctuation, the text's end) and it is a known surname or no
  English word ("zendaya colemann !"; "justin smiled .", "Waldorf Salad ." stay; a stretched
  English word counts as English: "JUTHTIN BEAVERRRR" stays, measured on WNUT dev it took
  "GUYSSS" as often).

Never an everyday word, a function word, a place or a social spelling ("mark today", "JUSTIN
HAHAHA", "C'MON GUYSSS": social_spelling.py).
Each test reads the two words after a name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.detection.names.lexicon import NameLexicon
from pipeline.detection.names.shapes import IRREGULAR_PAST, PARTICLES, REPORTING
from pipeline.detection.names.social_spelling import chat_spelling
from pipeline.detection.names.subjects import verb_form
from pipeline.detection.spans import Detection

_NEXT = re.compile(r"[ \t]+([^\W\d_]{3,})(?![\w'’@-])[ \t]*(\S*)")


def grow_pairs(text: str, dets: Sequence[Detection], lexicon: NameLexicon) -> list[Detection]:
    """`dets` with PERSON spans grown over the word after them (module doc)."""
    return [_grown(text, d, lexicon) if d.entity_type == "PERSON" else d for d in dets]


def _same_case(span: str, word: str) -> bool:
    if span.islower():
        return word.islower()
    if span.isupper():
        return word.isupper()
    return span[:1].isupper() and word[:1].isupper() and word[1:].islower()


def _verb(word: str, lexicon: NameLexicon) -> bool:
    return word in REPORTING or word in IRREGULAR_PAST or verb_form(word, lexicon)


def _finite(word: str, lexicon: NameLexicon) -> bool:
    """A past or reported form ("smiled", "said"): the name's own verb, no surname."""
    return (
        word in REPORTING
        or word in IRREGULAR_PAST
        or (word.endswith(("ed", "s")) and verb_form(word, lexicon))
    )


def _grown(text: str, det: Detection, lexicon: NameLexicon) -> Detection:
    match = _NEXT.match(text, det.end)
    if match is None:
        return det
    word, after = match.group(1), match.group(2)
    span = text[det.start : det.end]
    if (
        not _same_case(span, word)
        or lexicon.is_common(word)
        or lexicon.is_stop(word)
        or word.lower() in PARTICLES  # no name ends on "del", "van"
        or lexicon.is_place(word)
        or chat_spelling(word, lexicon)
        or word.lower().endswith("ly")
    ):
        return det
    if after and any(c.isalnum() for c in after):
        # "DEXTER STONE WON"; not "DITR REI Update" (a headline's word after a shouted one)
        verb = after.lower() if span.isupper() and after.isupper() else after
        grow = _verb(verb, lexicon) and not _finite(word.lower(), lexicon)
    else:
        # a known surname or no English word ("Waldorf Salad .", "C'MON GUYSSS !" stay)
        grow = lexicon.is_last(word) or not lexicon.is_english(word)
    if not grow:
        return det
    return Detection(det.start, match.end(1), det.entity_type, det.score, det.recognizer)
