"""Tumbling event-time windows, allowed lateness, and the one-way close of a window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def parse_timestamp(value: object) -> datetime | None:
    """An ISO-8601 string as an aware UTC datetime (naive means UTC); None if it is not one."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def iso(moment: datetime) -> str:
    """UTC instant as `YYYY-MM-DDTHH:MM:SSZ` (window bounds are whole seconds)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, order=True)
class Window:
    """The half-open interval [start, end) of one tumbling window."""

    start: datetime
    end: datetime

    def contains(self, moment: datetime) -> bool:
        """Whether `moment` falls inside the window."""
        return self.start <= moment < self.end


@dataclass(frozen=True)
class WindowSpec:
    """Window size and allowed lateness; windows are aligned on the Unix epoch (UTC midnight)."""

    size: timedelta = HOUR
    lateness: timedelta = timedelta(0)

    def __post_init__(self) -> None:
        if self.size <= timedelta(0):
            raise ValueError("window size must be positive")
        if self.lateness < timedelta(0):
            raise ValueError("allowed lateness must not be negative")

    def window_of(self, moment: datetime) -> Window:
        """The window an event with timestamp `moment` belongs to."""
        start = EPOCH + ((moment - EPOCH) // self.size) * self.size
        return Window(start, start + self.size)

    def closes_at(self, window: Window) -> datetime:
        """The watermark at which `window` closes: its end plus the allowed lateness."""
        return window.end + self.lateness


class WindowClock:
    """Event-time watermark; a window closes once the watermark passes its end plus lateness.

    The watermark only moves forward, so a closed window can never re-open: a record for it
    that arrives afterwards is late and must be dropped, never added to a new release.
    """

    def __init__(self, spec: WindowSpec, watermark: datetime | None = None) -> None:
        self.spec = spec
        self._watermark = watermark

    @property
    def watermark(self) -> datetime | None:
        """The largest event time seen (or advanced to) so far."""
        return self._watermark

    def advance(self, moment: datetime) -> None:
        """Move the watermark to `moment` if that is later; earlier moments are ignored."""
        if self._watermark is None or moment > self._watermark:
            self._watermark = moment

    def is_closed(self, window: Window) -> bool:
        """Whether `window` has closed (and so takes no more records)."""
        return self._watermark is not None and self.spec.closes_at(window) <= self._watermark
