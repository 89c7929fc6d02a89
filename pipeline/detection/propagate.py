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

_NAME_PART = re.compile(r"[^\W\d_][\w'’-]{2,}")
# Entities whose parts identify on their own (a surname); others propagate as whole values.
_BY_PART = frozenset({"PERSON"})


def parts_of(entity_type: str, value: str) -> list[str]:
    """The strings to look for elsewhere: name parts of >= 3 letters, or the whole value."""
    if entity_type in _BY_PART:
        return _NAME_PART.findall(value)
    value = value.strip()
    return [value] if len(value) >= 4 else []


def known_pattern(values: Iterable[tuple[str, str]]) -> re.Pattern[str] | None:
    """One case-insensitive, word-bounded pattern for every known part."""
    parts = {p for entity, value in values for p in parts_of(entity, value)}
    if not parts:
        return None
    alternation = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
    return re.compile(rf"(?<![\w@.])(?:{alternation})(?![\w@])", re.IGNORECASE)


def propagate(
    text: str, detections: Sequence[Detection], known: re.Pattern[str] | None
) -> list[Detection]:
    """`detections` plus every other occurrence of what they (or the event's tagged fields) hold."""
    found = list(detections)
    spans = {(d.start, d.end) for d in detections}
    local = known_pattern((d.entity_type, text[d.start : d.end]) for d in detections)
    for pattern, entity in ((local, None), (known, "PERSON")):
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            if (match.start(), match.end()) in spans:
                continue
            if any(d.start <= match.start() and match.end() <= d.end for d in found):
                continue
            kind = entity or _entity_of(text, match.group(0), detections)
            found.append(Detection(match.start(), match.end(), kind, 1.0, "propagated"))
    return found


def _entity_of(text: str, part: str, detections: Sequence[Detection]) -> str:
    low = part.lower()
    for d in detections:
        if low in text[d.start : d.end].lower():
            return d.entity_type
    return "PERSON"
