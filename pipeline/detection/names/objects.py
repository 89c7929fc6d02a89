"""The object of a sports verb that only a person fills: "bowled by Kestrel", "<PERSON> beat
Osprey", "<PERSON> lost to Curlew".

spaCy's small model misses surnames in the middle of a sentence when English has them as nouns
("croft", "venter"); a sports frame gives the word a person's slot:

- A cricket dismissal: "bowled by X", "caught by X", "stumped by X" (only a bowler or a fielder
  dismisses a batsman).
- A found PERSON right before a verb of winning or losing and its object ("<PERSON> beat X",
  "<PERSON> lost to X"): an individual sport's winner beats a person; a country or a team
  opens a team's result ("Kenya beat Kestrel" stays).

The word X is title-case, one word (no capitalised word after it: "beat Manchester United"), no
everyday, function, date, title, office, institution or role word, no place ("beat Leeds",
"caught by Australia"), no abstract noun or county ("-shire"), no English plural unless a
surname ("beat Rangers"), and no English adjective or verb unless a name of the lexicon: a
people's word ("beat Dutch rival"), or a company's or a team's word after a team that NER took
for a person ("<PERSON> beat Shield"). WordNet's nouns hold famous people ("croft"): a noun alone
may be a surname. Each test matches one anchored regex: linear in the text. No name or word of
any evaluation set is listed here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.detection.names.edges import unlike_name_word
from pipeline.detection.names.lexicon import NameLexicon, fold
from pipeline.detection.names.subjects import english_plural
from pipeline.detection.spans import Detection

__all__ = ["sports_objects"]

_SCORE = 0.5
_WORD = r"([A-Z][a-z]{2,})(?![\w'’-])(?! [A-Z])"
_DISMISSED = re.compile(r"(?<![\w-])(?:bowled|caught|stumped) by " + _WORD)
_WIN_LOSE = (
    "beat|beats|defeated|defeats|edged|edges|ousted|overcame|upset|thrashed|lost to|loses to"
)
# after a found PERSON: " beat X", " , who lost to X" is not taken (the verb right after)
_AFTER_PERSON = re.compile(r" (?:" + _WIN_LOSE + r") " + _WORD)
_COUNTY_END = "shire"


def sports_objects(text: str, dets: Sequence[Detection], lexicon: NameLexicon) -> list[Detection]:
    """Objects of a cricket dismissal or of a found person's win or loss (module docstring)."""
    found: dict[tuple[int, int], str] = {}
    if " by " in text:
        for m in _DISMISSED.finditer(text):
            if _person_slot_word(m.group(1), lexicon):
                found[m.span(1)] = "news:dismissed_by"
    for det in dets:
        if det.entity_type != "PERSON":
            continue
        after = _AFTER_PERSON.match(text, det.end)
        if after is not None and _person_slot_word(after.group(1), lexicon):
            found[after.span(1)] = "news:beat"
    return [
        Detection(start, end, "PERSON", _SCORE, rule)
        for (start, end), rule in found.items()
        if not any(o.start < end and start < o.end for o in dets)
    ]


def _person_slot_word(word: str, lexicon: NameLexicon) -> bool:
    """A title-case word that may be a surname in a person's slot (the module docstring)."""
    key = fold(word)
    if (
        unlike_name_word(word, lexicon)
        or key.endswith(_COUNTY_END)
        or (key in lexicon.modifiers and not lexicon.is_name(word))
    ):
        return False
    if english_plural(key, lexicon):
        return lexicon.is_last(word)
    # WordNet's nouns hold famous people ("croft"); a verb too is more often the word ("Shell")
    return lexicon.is_name(word) or not lexicon.is_english(word) or lexicon.is_noun_only(word)
