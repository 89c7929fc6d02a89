"""Generated events for the benchmark, encoded once."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from pipeline.outcome import StreamName

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """One generated raw event, encoded once."""

    stream: StreamName
    event_id: str
    value: bytes


def make_events(n: int, seed: int | str) -> list[Event]:
    """`n` mixed events of all streams, JSON-encoded."""
    from pipeline.corpus import generate_mixed

    return [
        Event(e.stream, str(e.event["event_id"]), json.dumps(e.event).encode())
        for e in generate_mixed(n, seed)
    ]
