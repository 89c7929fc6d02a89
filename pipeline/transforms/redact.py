"""Replace detected spans with entity placeholders."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.detection.spans import Detection, merge


def placeholder(entity_type: str) -> str:
    """`<PERSON>`, `<PHONE_NUMBER>`, …"""
    return f"<{entity_type}>"


def redact(text: str, detections: Sequence[Detection]) -> str:
    """`text` with every detected character replaced; overlapping spans are merged first."""
    if not detections:
        return text
    out: list[str] = []
    pos = 0
    for det in merge(detections):
        out.append(text[pos : det.start])
        out.append(placeholder(det.entity_type))
        pos = det.end
    out.append(text[pos:])
    return "".join(out)
