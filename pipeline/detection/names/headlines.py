"""Names listed beside a found name in a capitals headline ("TENNIS - <PERSON> , KOWALSKI WIN").

A headline written in capitals names two or three players with commas or AND between them; the
subject rule of `news_names` finds one before a verb's -s form, but the others stand before a
plural verb or another name. A word in capitals right after or before a found PERSON in
capitals, with a comma, "AND" or "&" between them, is a name too when the lexicon knows it as a
name or English has no such word, and it is no everyday, function or date word, no place, title
or office ("<PERSON> AND RAIN STOP PLAY" keeps "RAIN").

Each found name looks at its two neighbours in one line: linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.detection.names.edges import plain_word
from pipeline.detection.names.lexicon import NameLexicon
from pipeline.detection.spans import Detection

__all__ = ["headline_list_names"]

_SCORE = 0.5
_CAPS = r"[A-Z][A-Z'’]*[A-Z]"
_AFTER = re.compile(r" (?:,|AND|&) (" + _CAPS + r")(?![\w'’-])")
_BEFORE = re.compile(r"(?:^|(?<=[\s(]))(" + _CAPS + r") (?:,|AND|&) $")
_WINDOW = 40


def headline_list_names(
    text: str, dets: Sequence[Detection], lexicon: NameLexicon
) -> list[Detection]:
    """The names listed with a found name in a capitals headline (see the module docstring)."""
    found: list[Detection] = []
    taken = {(d.start, d.end) for d in dets if d.entity_type == "PERSON"}
    starts = {s for s, _ in taken}
    for det in dets:
        if det.entity_type != "PERSON":
            continue
        value = text[det.start : det.end]
        if not (value.isupper() and any(c.isalpha() for c in value)):
            continue
        after = _AFTER.match(text, det.end, min(len(text), det.end + _WINDOW))
        if after is not None and after.start(1) not in starts and _listed(after.group(1), lexicon):
            found.append(Detection(*after.span(1), "PERSON", _SCORE, "news:headline_list"))
        before = _BEFORE.search(text, max(0, det.start - _WINDOW), det.start)
        if before is not None and _listed(before.group(1), lexicon):
            span = before.span(1)
            if span not in taken:
                found.append(Detection(*span, "PERSON", _SCORE, "news:headline_list"))
    return found


def _listed(word: str, lexicon: NameLexicon) -> bool:
    if len(word) < 3 or plain_word(word, lexicon):
        return False
    return lexicon.is_name(word) or not lexicon.is_english(word)
