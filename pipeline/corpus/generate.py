"""Generating labelled raw events, per stream or interleaved, deterministically for a seed."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import islice

from pipeline.corpus.analytics_events import analytics_event
from pipeline.corpus.call_logs import call_log
from pipeline.corpus.labels import ENTITY_TYPES, STREAMS, EntityType, LabelledEvent, Stream
from pipeline.corpus.notification_logs import notification_log
from pipeline.corpus.sources import DEFAULT_LOCALES, Sources

BUILDERS: dict[Stream, Callable[[Sources], LabelledEvent]] = {
    "call_logs": call_log,
    "notification_logs": notification_log,
    "analytics_events": analytics_event,
}

# What each stream carries, given enough events (a few hundred): call records hold only
# structured fields, so no free text brings e-mails, cards or addresses into them.
STREAM_ENTITY_TYPES: dict[Stream, frozenset[EntityType]] = {
    "call_logs": frozenset({"PERSON", "PHONE_NUMBER", "IP_ADDRESS", "ACCOUNT_ID", "URL_SECRET"}),
    "notification_logs": frozenset(ENTITY_TYPES),
    "analytics_events": frozenset(ENTITY_TYPES),
}


def iterate(
    stream: Stream | None, seed: int | str, *, locales: Sequence[str] = DEFAULT_LOCALES
) -> Iterator[LabelledEvent]:
    """An endless sequence of events of `stream` (interleaved streams when None)."""
    src = Sources.seeded(f"{stream or 'mixed'}:{seed}", locales)
    while True:
        chosen = stream if stream is not None else src.rng.choice(STREAMS)
        yield BUILDERS[chosen](src)


def generate(
    stream: Stream, n: int, seed: int | str, *, locales: Sequence[str] = DEFAULT_LOCALES
) -> list[LabelledEvent]:
    """`n` labelled raw events of one stream; the same seed gives the same events."""
    if stream not in BUILDERS:
        raise ValueError(f"unknown stream {stream!r}; expected one of {', '.join(STREAMS)}")
    return list(islice(iterate(stream, seed, locales=locales), n))


def generate_mixed(
    n: int, seed: int | str, *, locales: Sequence[str] = DEFAULT_LOCALES
) -> list[LabelledEvent]:
    """`n` labelled raw events of all three streams, interleaved at random."""
    return list(islice(iterate(None, seed, locales=locales), n))
