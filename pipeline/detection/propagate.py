"""Once a value is known to be PII, every other occurrence of it is PII too.

NER and lexicon rules judge each occurrence by its context, so "Maria" may be found after
"Hello" and missed at the start of the next sentence. A caller's name from a tagged field
(`caller_name`, `CallerName`) also tells us what to look for in the free text of the same
event, however unusual the name.

Linear in the text and the parts looked for: all parts are found in one Aho-Corasick pass
(pyahocorasick; one `find` loop per part made 600 distinct names cost 300 units a character),
an occurrence is tested against the union of the detections by binary search (a scan of every
detection per occurrence made `1 1 1 …` quadratic), and the work is charged to the record's
budget.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from typing import Any

import ahocorasick
from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.budget import UNLIMITED, WorkBudget
from pipeline.detection.names.lexicon import NameLexicon
from pipeline.detection.names.shapes import OFFICES, TITLES
from pipeline.detection.spans import Coverage, Detection

_NAME_PART = re.compile(r"[^\W\d_][\w'’-]{2,}|[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{2,}")
# Entities whose parts identify on their own (a surname); others propagate as whole values.
_BY_PART = frozenset({"PERSON"})

# A title or office redacted with the name ("President", "Coach") names no one alone, nor does a
# function word a name rule took in ("the Marlins", "Will Smith"): looked for elsewhere, "the"
# and "will" were replaced all through a news article.
_NOT_ALONE = TITLES | OFFICES | frozenset(w.lower() for w in STOP_WORDS)

Known = frozenset[tuple[str, str]]  # (lower-cased part, entity type)
# Identifiers are short; a longer detected span (a run of padding found as one entity) is not
# looked for elsewhere: searching for it cost seconds and can only match padding again.
MAX_PART = 256


def parts_of(entity_type: str, value: str) -> list[str]:
    """The strings to look for elsewhere: name parts of >= 3 letters, or the whole value."""
    if entity_type in _BY_PART:
        parts = [
            p
            for p in _NAME_PART.findall(value)
            if len(p) <= MAX_PART and p.lower() not in _NOT_ALONE
        ]
        whole = value.strip()
        if " " in whole and 3 <= len(whole) <= MAX_PART:
            parts.append(whole)  # "艳 郭": parts of scripts without case can be one character
        return parts
    value = value.strip()
    if len(value) > MAX_PART:
        return []
    # short or purely numeric values (a duration, "0") would match everywhere
    return [value] if (len(value) >= 6 and not value.isdigit()) or len(value) >= 9 else []


def known_parts(values: Iterable[tuple[str, str]]) -> Known:
    """Lower-cased parts to search for, with the entity type they stand for."""
    return frozenset(
        (part.lower(), entity) for entity, value in values for part in parts_of(entity, value)
    )


# Whether a word is an ordinary English word (see `ordinary_words`); None: no case guard.
Ordinary = Callable[[str], bool] | None


def ordinary_words(lexicon: NameLexicon) -> Callable[[str], bool]:
    """The case guard's test: an English word that is more than a noun a name can be.

    "Rose Bond" found made every "rose" and "bond" of the event a name, "Gary Film" every
    "film": those are verbs too, more often the word. A name English has as a plain noun
    ("smith", "spencer") or no English word at all ("bieber") still propagates in lower case.
    """

    def ordinary(word: str) -> bool:
        return lexicon.is_english(word) and (
            lexicon.is_common(word) or not (lexicon.is_name(word) and lexicon.is_noun_only(word))
        )

    return ordinary


def _held_back(
    text: str,
    start: int,
    end: int,
    entity: str,
    ordinary: Ordinary,
    lower: frozenset[str],
    trusted: Known,
) -> bool:
    """Whether the case guard keeps an occurrence from propagating: one lower-case word of a
    person's name that is an ordinary English word, the name not written so in the text and
    the part no tagged field's value (`trusted`)."""
    if ordinary is None or entity not in _BY_PART:
        return False
    word = text[start:end]
    if not word.islower() or " " in word or word in lower or not ordinary(word):
        return False
    return (word.lower(), entity) not in trusted


def _lower_parts(text: str, detections: Sequence[Detection]) -> frozenset[str]:
    """Parts of the person names found written in lower case ("rose" in "ask rose bond"), in
    a text that writes no name with a capital: such a writer writes names so, and their other
    lower-case occurrences are the name too. A text that capitalises names ("Glenn Somerville")
    has lower-case finds that are words ("the cash bond market"): they are not trusted."""
    found = [text[d.start : d.end] for d in detections if d.entity_type in _BY_PART]
    if any(c.isupper() for value in found for c in value):
        return frozenset()
    return frozenset(part for value in found for part in _NAME_PART.findall(value))


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_@."


def _build(parts: Iterable[tuple[str, str]]) -> tuple[Any, int]:
    """The automaton of `parts` and the characters it holds (0: nothing to look for)."""
    automaton = ahocorasick.Automaton()
    size = 0
    for part, entity in sorted(parts):
        if part and not automaton.exists(part):
            automaton.add_word(part, (len(part), entity))
            size += len(part)
    if size:
        automaton.make_automaton()
    return automaton, size


# An event's texts are searched for the same parts again and again (every URL segment, header
# and prompt of a call log): its automaton is built once. Only small sets are kept, bounded.
_CACHED_PART_CHARS = 4096
_AUTOMATA_SIZE = 1024
_automata: dict[frozenset[tuple[str, str]], tuple[Any, int]] = {}


def _automaton(parts: Iterable[tuple[str, str]]) -> tuple[Any, int]:
    if not isinstance(parts, frozenset):
        return _build(parts)
    found = _automata.get(parts)
    if found is None:
        found = _build(parts)
        if found[1] <= _CACHED_PART_CHARS:
            if len(_automata) >= _AUTOMATA_SIZE:
                _automata.clear()
            _automata[parts] = found
    return found


# A few parts with no automaton kept are found with `str.find`, one search per part: building
# an automaton cost more than all the searches (an event's part set grows with every value it
# keeps, so most sets serve a few texts only). Past this many matches the automaton is used:
# it charges the budget as it goes instead of after collecting them.
_SEARCHED_PARTS = 8
_SEARCHED_MATCHES = 1024


def _searched(low: str, parts: Iterable[tuple[str, str]]) -> tuple[int, list[Any]] | None:
    """What the automaton of `parts` holds (characters) and finds, in its order (by end, the
    longest first), found by plain search; None past `_SEARCHED_MATCHES` matches."""
    first: dict[str, str] = {}  # a part wanted as two entities goes with the first, as in _build
    for part, entity in parts:
        if part and (part not in first or entity < first[part]):
            first[part] = entity
    found: list[tuple[int, tuple[int, str]]] = []
    for part, entity in first.items():
        length = len(part)
        at = low.find(part)
        while at != -1:
            found.append((at + length - 1, (length, entity)))
            if len(found) > _SEARCHED_MATCHES:
                return None
            at = low.find(part, at + 1)
    found.sort(key=lambda m: (m[0], -m[1][0]))
    return sum(map(len, first)), found


# The parts of a set as strings to look for (distinct, non-empty) and the characters they hold,
# kept per set: an event's set serves every text scanned until its next kept value.
_PART_STRINGS_SIZE = 1024
_part_strings: dict[frozenset[tuple[str, str]], tuple[tuple[str, ...], int]] = {}


def _absent(low: str, parts: Iterable[tuple[str, str]], budget: WorkBudget) -> bool:
    """True when no part of the set occurs anywhere in `low` (most texts): then there is no
    occurrence, and the search is charged what `_occurrences` charges for finding none."""
    if not isinstance(parts, frozenset):
        return False
    known = _part_strings.get(parts)
    if known is None:
        strings = tuple({part for part, _ in parts if part})
        known = (strings, sum(map(len, strings)))
        if len(_part_strings) >= _PART_STRINGS_SIZE:
            _part_strings.clear()
        _part_strings[parts] = known
    strings, size = known
    for part in strings:
        if part in low:
            return False
    if size:
        budget.spend(size + len(low) // 8 + 1, "propagation")
    return True


def _occurrences(
    low: str, parts: Iterable[tuple[str, str]], budget: WorkBudget
) -> Iterator[tuple[int, int, str]]:
    """(start, end, entity) of every part standing alone in `low`: one pass over the text for
    all parts together (Aho-Corasick; a search per part for a few), then a unit of budget per
    occurrence.

    Building is charged whether or not the automaton was kept from an earlier text (or was
    needed at all), so what a record costs does not depend on what was processed before it."""
    searched = None
    if (
        isinstance(parts, frozenset | set | list | tuple)
        and len(parts) <= _SEARCHED_PARTS
        and not (isinstance(parts, frozenset) and parts in _automata)
    ):
        searched = _searched(low, parts)
    if searched is None:
        automaton, size = _automaton(parts)
        matches = automaton.iter(low) if size else ()
    else:
        size, matches = searched
    if not size:
        return
    budget.spend(size + len(low) // 8 + 1, "propagation")  # building, then one C pass
    for last, (length, entity) in matches:
        budget.spend(1, "propagation")
        start, end = last + 1 - length, last + 1
        before = low[start - 1] if start else " "
        after = low[end] if end < len(low) else " "
        if not _word_char(before) and not (after.isalnum() or after in "_@"):
            yield start, end, entity


def new_occurrence(
    text: str,
    detections: Sequence[Detection],
    parts: Iterable[tuple[str, str]],
    budget: WorkBudget = UNLIMITED,
    ordinary: Ordinary = None,
    trusted: Known = frozenset(),
) -> bool:
    """Whether any of `parts` occurs in `text` outside the given detections (and where
    `propagate` would take it, with the same case guard)."""
    low = text.lower()
    if _absent(low, parts, budget):
        return False
    occurrences = _occurrences(low, parts, budget)
    first = next(occurrences, None)
    if first is None:  # the common case: nothing to look at (the spans and case guard unbuilt)
        return False
    covered = Coverage((d.start, d.end) for d in detections)
    lower = _lower_parts(text, detections) if ordinary is not None else frozenset()
    return any(
        not covered.covers(start, end)
        and not _held_back(text, start, end, entity, ordinary, lower, trusted)
        for start, end, entity in chain((first,), occurrences)
    )


def propagate(
    text: str,
    detections: Sequence[Detection],
    known: Known,
    budget: WorkBudget = UNLIMITED,
    ordinary: Ordinary = None,
    trusted: Known = frozenset(),
) -> list[Detection]:
    """`detections` plus every other occurrence of what they (or the event's tagged fields) hold.

    With `ordinary` (the case guard, see `ordinary_words`), a lower-case occurrence of one word
    of a found person's name propagates only when it is no ordinary English word, or the name
    was written in lower case in the text, or the part is in `trusted` (a tagged field's value:
    the event's own caller, whatever the case).
    """
    found = list(detections)
    if not detections:
        if not known:
            return found
        # the common case (a text where nothing was found): the event's parts as they are, the
        # same set object from text to text (its hash and its kept automaton are reused)
        low = text.lower()
        if _absent(low, known, budget):
            return found
        candidates = [
            Detection(start, end, entity, 1.0, "propagated")
            for start, end, entity in _occurrences(low, known, budget)
        ]
    else:
        local = known_parts((d.entity_type, text[d.start : d.end]) for d in detections)
        wanted = local | known
        if not wanted:
            return found
        occurrences = list(_occurrences(text.lower(), wanted, budget))
        covered = Coverage((d.start, d.end) for d in detections) if occurrences else None
        candidates = [
            Detection(start, end, entity, 1.0, "propagated")
            for start, end, entity in occurrences
            if covered is not None and not covered.covers(start, end)
        ]
    if ordinary is not None and candidates:
        lower = _lower_parts(text, detections)
        candidates = [
            d
            for d in candidates
            if not _held_back(text, d.start, d.end, d.entity_type, ordinary, lower, trusted)
        ]
    # Drop a candidate inside another one (one sweep over them sorted by start, longest first).
    candidates.sort(key=lambda d: (d.start, -d.end))
    reach = -1
    for det in candidates:
        if det.end > reach:
            found.append(det)
            reach = det.end
    return found
