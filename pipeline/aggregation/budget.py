"""The privacy budget per subject-period: ε spent per metric and UTC day, never spent twice.

Every subject may appear in every window, and each window bounds what one subject adds (see
pipeline.aggregation.dp), so by sequential composition a subject's loss over a day is at most the
sum of the ε of that day's released windows of the metric. The ledger records each released
window with its ε and its records: a replay of a window already in the ledger gets the stored
records back (no fresh noise, no second spend: two noisy versions of one window could be
averaged); a window whose ε would take its day past the budget is refused and not released.

The ledger is a mapping (a JSON file for the file command; for a streaming aggregator a
compacted topic written in the same transaction as the releases).
"""

from __future__ import annotations

import json
import os
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.aggregation.windows import Window, iso


@dataclass(frozen=True)
class Spend:
    """The ledger's answer for one window."""

    allowed: bool
    replay: bool  # the window was released before: `records` are the stored ones
    records: tuple[dict[str, Any], ...]
    spent: float  # ε of the window's period after this window
    left: float
    period: str
    reason: str = ""


def period_of(window: Window) -> str:
    """The budget period of a window: the UTC day it starts in."""
    return iso(window.start)[:10]


class Ledger:
    """ε spent per (metric, period), and the released windows, in `entries`."""

    def __init__(self, entries: MutableMapping[str, Any], budget: float) -> None:
        if not budget > 0:
            raise ValueError("the budget must be positive")
        self.entries = entries
        self.budget = budget

    @staticmethod
    def key(metric: str, window: Window) -> str:
        """The ledger key of one window of one metric."""
        return f"{metric}|{iso(window.start)}"

    def spent(self, metric: str, period: str) -> float:
        """ε already spent on `metric` in `period`."""
        return sum(
            float(entry["epsilon"])
            for name, entry in self.entries.items()
            if name.startswith(metric + "|") and entry.get("period") == period
        )

    def check(self, metric: str, window: Window, epsilon: float) -> Spend:
        """Whether `window` may be released at `epsilon` (or was released already)."""
        period = period_of(window)
        spent = self.spent(metric, period)
        stored = self.entries.get(self.key(metric, window))
        if stored is not None:
            records = tuple(stored.get("records") or ())
            return Spend(True, True, records, spent, self.budget - spent, period)
        if spent + epsilon > self.budget + 1e-12:
            reason = (
                f"budget: {spent:g} of {self.budget:g} already spent on {metric} for {period}; "
                f"this window needs {epsilon:g}"
            )
            return Spend(False, False, (), spent, self.budget - spent, period, reason)
        after = spent + epsilon
        return Spend(True, False, (), after, self.budget - after, period)

    def record(
        self, metric: str, window: Window, epsilon: float, records: tuple[dict[str, Any], ...]
    ) -> None:
        """Store a released window: its ε is spent from now on, its records kept for replays."""
        self.entries[self.key(metric, window)] = {
            "epsilon": epsilon,
            "period": period_of(window),
            "records": list(records),
        }


def load_ledger_file(path: Path) -> dict[str, Any]:
    """A budget file's entries ({} when the file does not exist yet)."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not a budget file: {exc}") from None
    entries = data.get("windows") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise ValueError(f"{path}: not a budget file (no 'windows')")
    return entries


def save_ledger_file(path: Path, entries: dict[str, Any]) -> None:
    """Write the entries atomically (a crash leaves the old file or the new one, never half)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"version": 1, "windows": entries}, indent=1) + "\n", "utf-8")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
