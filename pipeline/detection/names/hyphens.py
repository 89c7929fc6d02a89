"""Names grown over hyphen-joined parts ("garcía-lópez", "Hans-Jürgen") the tokenizer split.

Each found name used to walk the whole hyphen-joined run it sits in: in `St-St-St-…` every
`St` is a name and the run is the text, so 8 KB took 14 s and 30 KB 111 s. The ends of the
runs are remembered here: the work for all the names of one text is linear in its length.
"""

from __future__ import annotations

from pipeline.detection.spans import Detection

_HYPHENS = "-‐"
_INNER = "'’"  # apostrophes inside a part: "O'Neil-Smith"


class HyphenRuns:
    """Where a name that ends (or starts) at an offset of `text` ends (starts) once grown."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._ends: dict[int, int] = {}
        self._starts: dict[int, int] = {}

    def extend(self, det: Detection) -> Detection:
        """`det` grown over the hyphen-joined parts around it, if it is a PERSON."""
        if det.entity_type != "PERSON":
            return det
        start, end = self._start(det.start), self._end(det.end)
        if (start, end) == (det.start, det.end):
            return det
        return Detection(start, end, det.entity_type, det.score, det.recognizer)

    def _end(self, end: int) -> int:
        text, known = self._text, self._ends
        walked: list[int] = []
        while end not in known:
            if not (end + 1 < len(text) and text[end] in _HYPHENS and text[end + 1].isalpha()):
                known[end] = end
                break
            walked.append(end)
            end += 1
            while end < len(text) and (text[end].isalpha() or text[end] in _INNER):
                end += 1
        final = known[end]
        for offset in walked:
            known[offset] = final
        return final

    def _start(self, start: int) -> int:
        text, known = self._text, self._starts
        walked: list[int] = []
        while start not in known:
            if not (start > 1 and text[start - 1] in _HYPHENS and text[start - 2].isalpha()):
                known[start] = start
                break
            walked.append(start)
            start -= 1
            while start > 0 and (text[start - 1].isalpha() or text[start - 1] in _INNER):
                start -= 1
        final = known[start]
        for offset in walked:
            known[offset] = final
        return final
