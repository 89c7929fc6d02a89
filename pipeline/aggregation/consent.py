"""What the aggregation engine asks about consent (the streaming consent book answers)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class ConsentView(Protocol):
    """What the engine asks about consent (the streaming consent book answers)."""

    def admits(self, metric: str, subject: str, at: datetime) -> bool:
        """Whether the subject's record at `at` may count towards `metric`."""
        ...

    def blocked(self, subject: str) -> str | None:
        """A reason when the subject may count nowhere."""
        ...
