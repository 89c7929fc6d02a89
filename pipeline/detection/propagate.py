"""Once a value is known to be PII, every other occurrence of it is PII too.

NER and lexicon rules judge each occurrence by its context, so "Maria" may be found after
"Hello" and missed at the start of the next sentence. A caller's name from a tagged field
(`caller_name`, `CallerName`) also tells us what to look for in the free text of the same
event, however unusual the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from pipeline.detection.spans import Detection

_NAME_PART = re.compile(r"[^\W\d_][\w'’-]{2,}|[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{2,}")
# Entities whose parts identify on their own (a surname); others propagate as whole values.
_BY_PART = frozenset({"PERSON"})

Known = frozenset[tuple[str, str]]  # (lower-cased part, entity type)


def parts_of(entity_type: str, value: str) -> list[str]:
    """The strings to look for elsewhere: name parts of >= 3 letters, or the whole value."""
    if entity_type in _BY_PART:
        parts = _NAME_PART.findall(value)
        whole = value.strip()
        if " " in whole and len(whole) >= 3:
            parts.append(whole)  # "艳 郭": parts of scripts without case can be one character
        return parts
    value = value.strip()
    # short or purely numeric values (a duration, "0") would match everywhere
    return [value] if (len(value) >= 6 and not value.isdigit()) or len(value) >= 9 else []


def known_parts(values: Iterable[tuple[str, str]]) -> Known:
    """Lower-cased parts to search for, with the entity type they stand for."""
    return frozenset(
        (part.lower(), entity) for entity, value in values for part in parts_of(entity, value)
    )


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_@."


def _occurrences(low: str, part: str) -> Iterable[int]:
    start = low.find(part)
    while start != -1:
        end = start + len(part)
        before = low[start - 1] if start else " "
        after = low[end] if end < len(low) else " "
        if not _word_char(before) and not (after.isalnum() or after in "_@"):
            yield start
        start = low.find(part, start + 1)


def new_occurrence(
    text: str, detections: Sequence[Detection], parts: Iterable[tuple[str, str]]
) -> bool:
    """Whether any of `parts` occurs in `text` outside the given detections."""
    low = text.lower()
    for part, _ in parts:
        for start in _occurrences(low, part):
            end = start + len(part)
            if not any(d.start <= start and end <= d.end for d in detections):
                return True
    return False


def propagate(text: str, detections: Sequence[Detection], known: Known) -> list[Detection]:
    """`detections` plus every other occurrence of what they (or the event's tagged fields) hold."""
    found = list(detections)
    if not detections and not known:
        return found
    local = known_parts((d.entity_type, text[d.start : d.end]) for d in detections)
    wanted = local | known
    if not wanted:
        return found
    low = text.lower()
    for part, entity in wanted:
        for start in _occurrences(low, part):
            end = start + len(part)
            if any(d.start <= start and end <= d.end for d in found):
                continue
            found.append(Detection(start, end, entity, 1.0, "propagated"))
    return found
