"""A record's work budget: a count of work units (characters scanned, occurrences checked).

Every detector and walk step that can grow with its input charges the budget of the record it
works for; past the limit the record is refused as `too_expensive` (a dead letter), never passed
unscanned. Units are counted, not timed, so the outcome is the same on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.errors import BudgetError


@dataclass
class WorkBudget:
    """Units left for one record; `spent` is kept for benchmarks and the linearity property."""

    limit: int
    spent: int = 0

    def spend(self, units: int, what: str) -> None:
        """Charge `units`; BudgetError (naming `what`, never a value) once over the limit."""
        self.spent += units
        if self.spent > self.limit:
            raise BudgetError(f"work budget of {self.limit} units exceeded ({what})")


UNLIMITED = WorkBudget(limit=2**62)
