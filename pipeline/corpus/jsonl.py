"""JSON Lines for raw events and their labels (labels keyed by event id, one file beside)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO, cast

from pipeline.corpus.labels import (
    EntityType,
    EventLabels,
    LabelledEvent,
    Planted,
    SafeMatch,
    SafeValue,
    Stream,
)


def event_line(event: LabelledEvent) -> str:
    """The raw event as one JSON line (UTF-8 text, no ASCII escapes)."""
    return json.dumps(event.event, ensure_ascii=False)


def labels_to_dict(labels: EventLabels) -> dict[str, Any]:
    """Labels as plain JSON data."""
    return {
        "event_id": labels.event_id,
        "stream": labels.stream,
        "planted": [
            {
                "entity_type": p.entity_type,
                "value": p.value,
                "path": p.path,
                "leak_forms": list(p.leak_forms),
            }
            for p in labels.planted
        ],
        "safe": [{"path": s.path, "value": s.value, "match": s.match} for s in labels.safe],
    }


def labels_from_dict(data: dict[str, Any]) -> EventLabels:
    """Labels read back from `labels_to_dict` output."""
    return EventLabels(
        event_id=str(data["event_id"]),
        stream=cast(Stream, data["stream"]),
        planted=tuple(
            Planted(
                cast(EntityType, p["entity_type"]), p["value"], p["path"], tuple(p["leak_forms"])
            )
            for p in data["planted"]
        ),
        safe=tuple(
            SafeValue(s["path"], s["value"], cast(SafeMatch, s.get("match", "equal")))
            for s in data["safe"]
        ),
    )


def to_jsonl(events: Iterable[LabelledEvent]) -> str:
    """Raw events as JSON Lines."""
    return "".join(event_line(event) + "\n" for event in events)


def labels_to_jsonl(events: Iterable[LabelledEvent]) -> str:
    """Labels of the events as JSON Lines."""
    return "".join(
        json.dumps(labels_to_dict(event.labels()), ensure_ascii=False) + "\n" for event in events
    )


def read_labels(lines: Iterable[str]) -> Iterator[EventLabels]:
    """Labels from a labels file (blank lines are skipped)."""
    for line in lines:
        if line.strip():
            yield labels_from_dict(json.loads(line))


def write_jsonl(events: Iterable[LabelledEvent], raw: TextIO, labels: TextIO | None = None) -> int:
    """Write raw events to `raw` and, if given, their labels to `labels`; returns the count."""
    count = 0
    for event in events:
        raw.write(event_line(event) + "\n")
        if labels is not None:
            labels.write(json.dumps(labels_to_dict(event.labels()), ensure_ascii=False) + "\n")
        count += 1
    return count
