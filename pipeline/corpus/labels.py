"""Labels of a generated event: the PII planted in it and the values that must survive."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args

Stream = Literal["call_logs", "notification_logs", "analytics_events"]
STREAMS: tuple[Stream, ...] = get_args(Stream)

EntityType = Literal[
    "PERSON",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "IP_ADDRESS",
    "CREDIT_CARD",
    "IBAN_CODE",
    "US_SSN",
    "DATE_OF_BIRTH",
    "STREET_ADDRESS",
    "COOKIE_ID",
    "ACCOUNT_ID",
    "URL_SECRET",
]
ENTITY_TYPES: tuple[EntityType, ...] = get_args(EntityType)

SafeMatch = Literal["equal", "contains"]


def mask(text: str) -> str:
    """Show only the first character, so reports can name a value without repeating it."""
    return f"{text[:1]}***" if text else "***"


@dataclass(frozen=True, repr=False)
class Planted:
    """One piece of PII placed in a raw event, and every string that would count as its leak."""

    entity_type: EntityType
    value: str
    path: str
    leak_forms: tuple[str, ...]

    def __repr__(self) -> str:
        # Test failures print labels; the raw value must not appear in them.
        return f"Planted({self.entity_type} at {self.path!r}: {mask(self.value)})"


@dataclass(frozen=True)
class SafeValue:
    """A value that must reach the sanitized record unchanged.

    `equal`: the field at `path` equals `value`; `contains`: `value` is a phrase inside the
    text at `path` (benign sentences next to PII in the same free-text field).
    """

    path: str
    value: object
    match: SafeMatch = "equal"


@dataclass(frozen=True)
class EventLabels:
    """The labels of one event without the event itself, as stored in a labels file."""

    event_id: str
    stream: Stream
    planted: tuple[Planted, ...]
    safe: tuple[SafeValue, ...]


@dataclass(frozen=True)
class LabelledEvent:
    """A raw event of one stream with its labels."""

    stream: Stream
    event: dict[str, Any]
    planted: tuple[Planted, ...]
    safe: tuple[SafeValue, ...]

    def labels(self) -> EventLabels:
        """The labels, keyed by the event id."""
        return EventLabels(str(self.event["event_id"]), self.stream, self.planted, self.safe)
