"""Detected spans and how overlapping ones are merged."""

from __future__ import annotations

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
