"""Per window: released versus suppressed cells, so ops can see what k costs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pipeline.aggregation.release import KCost, Release
from pipeline.aggregation.windows import iso


@dataclass(frozen=True)
class WindowReport:
    """What one window's release published and cost (counts only: nothing about any cell's
    content). Published to `aggregate.reports` as `to_json()`."""

    metric: str
    window_start: str
    window_end: str
    k: int
    cells: int
    released: int
    suppressed: int
    complementary: int
    blocked: int
    records: int
    dropped: Mapping[str, int] = field(default_factory=dict)
    events: int = 0  # records counted in the window's cells
    costs: tuple[KCost, ...] = ()  # what each of release.COST_KS would withhold
    dominated: int = 0  # cells, margins and total withheld by the (n, p)-dominance rule
    refused: str | None = None  # why nothing was released (a changed window grid)
    extra: Mapping[str, Any] = field(default_factory=dict)  # e.g. a DP release's epsilon

    @property
    def dropped_total(self) -> int:
        """All input records that were not counted, whatever the reason."""
        return sum(self.dropped.values())

    @property
    def released_share(self) -> float:
        """Fraction of cells published (1.0 for an empty window)."""
        return self.released / self.cells if self.cells else 1.0

    def to_json(self) -> dict[str, Any]:
        """The report record."""
        return (
            {
                "metric": self.metric,
                "window_start": self.window_start,
                "window_end": self.window_end,
                "k": self.k,
                "cells": self.cells,
                "released": self.released,
                "suppressed": self.suppressed,
                "complementary": self.complementary,
                "blocked": self.blocked,
                "records": self.records,
                "dropped": dict(sorted(self.dropped.items())),
                "events": self.events,
                "dominated": self.dominated,
                "k_costs": [
                    {
                        "k": c.k,
                        "cells_suppressed": c.cells_suppressed,
                        "events_suppressed": c.events_suppressed,
                    }
                    for c in self.costs
                ],
            }
            | ({"refused": self.refused} if self.refused is not None else {})
            | dict(self.extra)
        )

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> WindowReport:
        """Inverse of `to_json`."""
        return cls(
            metric=str(data["metric"]),
            window_start=str(data["window_start"]),
            window_end=str(data["window_end"]),
            k=int(data["k"]),
            cells=int(data["cells"]),
            released=int(data["released"]),
            suppressed=int(data["suppressed"]),
            complementary=int(data["complementary"]),
            blocked=int(data["blocked"]),
            records=int(data["records"]),
            dropped={str(k): int(v) for k, v in dict(data["dropped"]).items()},
            events=int(data.get("events", 0)),
            costs=tuple(
                KCost(int(c["k"]), int(c["cells_suppressed"]), int(c["events_suppressed"]))
                for c in data.get("k_costs", ())
            ),
            dominated=int(data.get("dominated", 0)),
            refused=None if data.get("refused") is None else str(data["refused"]),
            extra={k: v for k, v in data.items() if k not in _KNOWN},
        )


def window_report(release: Release) -> WindowReport:
    """The report of one release."""
    return WindowReport(
        metric=release.metric,
        window_start=iso(release.window.start),
        window_end=iso(release.window.end),
        k=release.k,
        cells=release.cells,
        released=release.released,
        suppressed=release.suppressed,
        complementary=release.complementary,
        blocked=release.blocked,
        records=len(release.records),
        dropped=dict(sorted(release.dropped.items())),
        events=release.events,
        costs=release.costs,
        dominated=release.dominated,
    )


def format_report(reports: Iterable[WindowReport]) -> str:
    """A plain-text table, one line per window."""
    head = f"{'metric':<26} {'window':<20} {'k':>3} {'cells':>6} {'released':>8} "
    head += f"{'suppr.':>6} {'compl.':>6} {'blocked':>7} {'dropped':>7} {'share':>6}"
    lines = [head]
    for row in reports:
        lines.append(
            f"{row.metric:<26} {row.window_start:<20} {row.k:>3} {row.cells:>6} "
            f"{row.released:>8} {row.suppressed:>6} {row.complementary:>6} {row.blocked:>7} "
            f"{row.dropped_total:>7} {row.released_share:>6.0%}"
        )
    return "\n".join(lines)


_KNOWN = frozenset(
    {
        "metric",
        "window_start",
        "window_end",
        "k",
        "cells",
        "released",
        "suppressed",
        "complementary",
        "blocked",
        "records",
        "dropped",
        "events",
        "dominated",
        "k_costs",
        "refused",
    }
)
