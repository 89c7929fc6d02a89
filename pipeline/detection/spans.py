"""Detected spans and how overlapping ones are merged."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Detection:
    """One entity found in a text: [start, end) offsets, type, score and who found it."""

    start: int
    end: int
    entity_type: str
    score: float
    recognizer: str


def merge(detections: Iterable[Detection]) -> list[Detection]:
    """Union of overlapping or touching spans, so no detected character survives redaction.

    Presidio's own merge has leaked (only the first of adjacent entities replaced, a contained
    higher-score entity dropped); here every character covered by any detection is covered by
    the output. The merged span takes the type of its highest-scoring part.
    """
    ordered = sorted(detections, key=lambda d: (d.start, -d.end))
    out: list[Detection] = []
    for det in ordered:
        if out and det.start <= out[-1].end:
            last = out[-1]
            best = det if det.score > last.score else last
            out[-1] = Detection(
                last.start, max(last.end, det.end), best.entity_type, best.score, best.recognizer
            )
        else:
            out.append(det)
    return out


class Coverage:
    """The union of some spans, answering "is [start, end) inside it?" in O(log n).

    Testing each candidate against every detection made padding such as `1 1 1 …` quadratic.
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for start, end in sorted(spans):
            if ends and start <= ends[-1]:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        self._starts = starts
        self._ends = ends

    def covers(self, start: int, end: int) -> bool:
        """Whether [start, end) lies inside the union."""
        i = bisect_right(self._starts, start) - 1
        return i >= 0 and end <= self._ends[i]
