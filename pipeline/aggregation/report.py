"""Per window: released versus suppressed cells, so ops can see what k costs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pipeline.aggregation.release import Release
from pipeline.aggregation.windows import iso


@dataclass(frozen=True)
class ReportRow:
    """One line of the report (counts only: nothing about any cell's content)."""

    metric: str
    window_start: str
    k: int
    cells: int
    released: int
    suppressed: int
    complementary: int
    blocked: int
    dropped: int

    @property
    def released_share(self) -> float:
        """Fraction of cells published (1.0 for an empty window)."""
        return self.released / self.cells if self.cells else 1.0


def report_row(release: Release) -> ReportRow:
    """Summarise one release."""
    return ReportRow(
        metric=release.metric,
        window_start=iso(release.window.start),
        k=release.k,
        cells=release.cells,
        released=release.released,
        suppressed=release.suppressed,
        complementary=release.complementary,
        blocked=release.blocked,
        dropped=release.dropped_total,
    )


def report_record(release: Release) -> dict[str, Any]:
    """The per-window report (`aggregate.reports`): counts only, nothing of any cell's content."""
    return {
        "metric": release.metric,
        "window_start": iso(release.window.start),
        "window_end": iso(release.window.end),
        "k": release.k,
        "cells": release.cells,
        "released": release.released,
        "suppressed": release.suppressed,
        "complementary": release.complementary,
        "blocked": release.blocked,
        "records": len(release.records),
        "dropped": dict(sorted(release.dropped.items())),
        "events": release.events,
        "dominated": release.dominated,
        "k_costs": [
            {
                "k": c.k,
                "cells_suppressed": c.cells_suppressed,
                "events_suppressed": c.events_suppressed,
            }
            for c in release.costs
        ],
    }


def format_report(releases: Iterable[Release]) -> str:
    """A plain-text table, one line per window."""
    head = f"{'metric':<26} {'window':<20} {'k':>3} {'cells':>6} {'released':>8} "
    head += f"{'suppr.':>6} {'compl.':>6} {'blocked':>7} {'dropped':>7} {'share':>6}"
    lines = [head]
    for row in map(report_row, releases):
        lines.append(
            f"{row.metric:<26} {row.window_start:<20} {row.k:>3} {row.cells:>6} "
            f"{row.released:>8} {row.suppressed:>6} {row.complementary:>6} {row.blocked:>7} "
            f"{row.dropped:>7} {row.released_share:>6.0%}"
        )
    return "\n".join(lines)
