"""Names told by the words around them, once the other detectors have run.

- Speaker labels: "Blair : ...", "NICOLE: hi" at the start of a text, a line or a sentence.
- A found name grows over its neighbours: a title or office before it ("Mr", "Coach", "Pope":
  with the name they tell gender or office), an initial and a surname after it ("George N . Parks", "Chris L"), an unknown capitalised word
  beside it ("Tommy WIseau"), a lower-case surname after a lower-case given name ("emily blunt").
- A quoted nickname after a name goes with it: `Willie "Big Mama" Thornton`.
- Lists: the other items of a list that holds a found name ("mariaelena , <name> , and brittany")
  are names too when they are no everyday words.

Every rule looks only a few characters around each detection or matches one linear regex, so
the work is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.detection.names.lexicon import NameLexicon, fold
from pipeline.detection.names.news import grow_beside_names
from pipeline.detection.names.shapes import OFFICES, PARTICLES, REPORTING, TITLES, VERB_TITLES
from pipeline.detection.names.social import refine_social
from pipeline.detection.spans import Detection

_WORD_BEFORE = re.compile(r"([^\W\d_][\w.'’-]*)\s*\.?\s*$")
_WORD_AFTER = re.compile(r"^(\s+)([^\W\d_][\w'’-]*)")
# "N . Parks", "N. Parks", "L." after a name; a lone initial at the end ("DJ Chris L")
_INITIAL_AFTER = re.compile(r"^\s+[A-Z](?:\s?\.)?(?:\s+([A-Z][\w'’-]+))?(?![\w@])")
_LABEL = re.compile(
    r"(?:^|(?<=[\n.!?:\"“”]))[ \t]*((?:[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2})"
    r"|[a-z][\w.]*\d\w*(?:[ \t]+(?:asked|said|says|wrote|writes|replied))?)"
    r"[ \t]*:(?!//)(?=[ \t]*(?P<quote>[\"“])?)"
)
# a bare "&" joins a list; "&quot;", "&#39;" are HTML's escapes (the engine decodes them
# before detection, but the detector alone, as in tests and benches, sees them raw)
_LIST_SEP = re.compile(
    r"\s*(?:,|&amp;|&(?![A-Za-z]{2,8};|#\d{1,7};)|\band\b|\bor\b|\+)\s*(?:(?:and|or)\s+)?",
    re.IGNORECASE,
)
_LIST_SEP_BEFORE = re.compile(r"(?:,|&amp;|&|\band\b|\bor\b|\+)\s*$", re.IGNORECASE)
_ITEM_AFTER = re.compile(r"^([^\W\d_][\w'’-]*)(?=\s*(?:[,.!?;:)&]|\band\b|\bor\b|$))")
_ITEM_BEFORE = re.compile(r"(?:^|[\s,(])([^\W\d_][\w'’-]*)\s*$")
_WINDOW = 48
# A quoted nickname of capitalised words right after a name: `Willie "Big Mama" Thornton`,
# `Steve &quot;Stylez&quot;` (feeds keep HTML's escapes)
_NICKNAME = re.compile(
    r"\s*(?:\"|“|&quot;)\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}\s*(?:\"|”|&quot;)"
)


def refine_names(text: str, dets: Sequence[Detection], lexicon: NameLexicon) -> list[Detection]:
    """`dets` with PERSON spans grown over their neighbours, plus speaker labels and list items
    (social text's words dropped first, names spelling out a handle added: social.py)."""
    dets = refine_social(text, dets, lexicon)
    out = [_grow(text, d, lexicon) if d.entity_type == "PERSON" else d for d in dets]
    out = grow_beside_names(text, out, lexicon)
    if '"' in text or "“" in text or "&quot;" in text:
        out = [_nickname(text, d) if d.entity_type == "PERSON" else d for d in out]
    if ":" in text:
        out.extend(_speaker_labels(text, lexicon))
    if "," in text or "&" in text or " and " in text:
        out.extend(_list_items(text, out, lexicon))
    return out


def _name_like(word: str, lexicon: NameLexicon) -> bool:
    """A word that may stand for a person: a known name or no English word, never an everyday one."""
    return not lexicon.is_common(word) and (lexicon.is_name(word) or not lexicon.is_english(word))


def _grow(text: str, det: Detection, lexicon: NameLexicon) -> Detection:
    start, end = det.start, det.end
    lower = text[start:end].islower()
    before = _WORD_BEFORE.search(text[max(0, start - _WINDOW) : start])
    if before is not None:
        word = before.group(1)
        key = fold(word.rstrip("."))
        if (key in TITLES or key in OFFICES) and (
            word[:1].isupper() or (lower and key in TITLES and key not in VERB_TITLES)
        ):
            start -= len(before.group(0))  # "Mr . Ehrlich", "DJ Elements", "Pope Benedict"
        elif lexicon.is_common(word):
            pass
        elif not lower and word[:1].isupper() and not lexicon.is_english(word):
            start -= len(before.group(0))  # "Tommy WIseau" both ways
        elif (
            not lower
            and len(word) == 2
            and word[0].isupper()
            and word[1].islower()
            and not lexicon.is_stop(word)
            and text[start : start + 1].isupper()
        ):
            start -= len(
                before.group(0)
            )  # "Ed Miliband", "Al Gore": the lexicon has no 2-letter names
        elif (
            lower and word.islower() and _name_like(word, lexicon) and not lexicon.is_english(word)
        ):
            start -= len(before.group(0))  # "zendaya coleman"
    rest = text[end : end + _WINDOW]
    initial = _INITIAL_AFTER.match(rest)
    if initial is not None and not lower:
        end += initial.end()
    else:
        after = _WORD_AFTER.match(rest)
        if after is not None:
            word = after.group(2)
            grow = (
                (
                    lower
                    and word.islower()
                    and word not in REPORTING  # "jake said": the report, not a surname Said
                    and word not in PARTICLES  # a name ends on no "del", "van"
                    and (
                        (
                            not lexicon.is_common(word)
                            and (lexicon.is_last(word) or not lexicon.is_english(word))
                        )
                        # "taylor swift": a surname of several locales, even an everyday word,
                        # when no function word or verb ("john may", "anna will")
                        or (
                            lexicon.is_widespread_last(word)
                            and not lexicon.is_stop(word)
                            and not lexicon.is_verb(word)
                        )
                    )
                )
                or (
                    not lower
                    and word[:1].isupper()
                    and not word.isupper()
                    and not lexicon.is_english(word)
                )
            )
            if grow:
                end += after.end()
    if (start, end) == (det.start, det.end):
        return det
    return Detection(start, end, det.entity_type, det.score, det.recognizer)


def _nickname(text: str, det: Detection) -> Detection:
    """The name grown over a quoted nickname that follows it."""
    match = _NICKNAME.match(text, det.end, min(len(text), det.end + _WINDOW))
    if match is None:
        return det
    return Detection(det.start, match.end(), det.entity_type, det.score, det.recognizer)


def _speaker_labels(text: str, lexicon: NameLexicon) -> list[Detection]:
    """ "Blair : "...", "NICOLE: hi", "jdoe88 asked :" — a name or a user name as a label."""
    found: list[Detection] = []
    for match in _LABEL.finditer(text):
        label = match.group(1)
        words = label.split()
        if any(ch.isdigit() for ch in words[0]):
            start = match.start(1)
            found.append(
                Detection(start, start + len(words[0]), "USERNAME", 0.6, "names:speaker_handle")
            )
            continue
        if match.start(1) > 0 and text[match.start(1) - 1] == "<":
            continue  # our own placeholder
        quoted = match.group("quote") is not None
        if all(_name_like(w, lexicon) for w in words) or (
            quoted and len(words) <= 2 and not any(lexicon.is_common(w) for w in words)
        ):
            found.append(Detection(match.start(1), match.end(1), "PERSON", 0.6, "names:speaker"))
    return found


def _list_items(text: str, dets: Sequence[Detection], lexicon: NameLexicon) -> list[Detection]:
    """Other single-word items of a list that holds a found name."""
    found: list[Detection] = []
    for det in dets:
        if det.entity_type != "PERSON":
            continue
        end = det.end
        for _ in range(4):  # the items after it
            sep = _LIST_SEP.match(text, end, min(len(text), end + _WINDOW))
            if sep is None or sep.end() == end:
                break
            item = _ITEM_AFTER.match(text[sep.end() : sep.end() + _WINDOW])
            if item is None or not _name_like(item.group(1), lexicon):
                break
            start = sep.end()
            end = start + item.end(1)
            found.append(Detection(start, end, "PERSON", 0.5, "names:list"))
        start = det.start
        for _ in range(4):  # and before it
            head = text[max(0, start - _WINDOW) : start]
            sep_before = _LIST_SEP_BEFORE.search(head)
            if sep_before is None:
                break
            item_before = _ITEM_BEFORE.search(head[: sep_before.start()])
            if item_before is None or not _name_like(item_before.group(1), lexicon):
                break
            offset = start - len(head)
            found.append(
                Detection(
                    offset + item_before.start(1),
                    offset + item_before.end(1),
                    "PERSON",
                    0.5,
                    "names:list",
                )
            )
            start = offset + item_before.start(1)
    return found
