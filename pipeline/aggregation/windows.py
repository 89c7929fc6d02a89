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
