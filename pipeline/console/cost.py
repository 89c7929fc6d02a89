"""The cost of k: what one metric would release, and lose, at several thresholds.

The sanitized records of the metric's stream go through the same pure aggregation engine as the
`aggregate` command (every window closed at the end), once per k. Only counts come out: cells,
released, suppressed (of which complementary), and the share of the metric's main count that
reaches released cells. Consent is not applied here (the aggregator applies it on the topics).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from pipeline.aggregation import METRICS, Aggregator, MetricName, Release

KS = (1, 2, 5, 10, 20, 50, 100)
_END = datetime.max.replace(tzinfo=UTC) - timedelta(days=40_000)


def _releases(metric: MetricName, records: Sequence[dict[str, Any]], k: int) -> list[Release]:
    aggregator = Aggregator(metric, k=k, lateness=timedelta(days=36_500))
    releases: list[Release] = []
    for record in records:
        releases.extend(aggregator.add(record))
    releases.extend(aggregator.advance(_END))
    return releases


def _count(release: Release, measure: str) -> float:
    total = 0.0
    for record in release.records:
        if record.get("kind") == "cell":
            try:
                total += float(record.get(measure) or 0)
            except (TypeError, ValueError):
                continue
    return total


def cost_of_k(
    metric: MetricName, records: Sequence[dict[str, Any]], ks: Sequence[int] = KS
) -> dict[str, Any]:
    """Per k: cells, released, suppressed, complementary and the main count kept in cells."""
    spec = METRICS[metric]
    measure = spec.additive[0] if spec.additive else "distinct_visitors"
    rows: list[dict[str, Any]] = []
    everything: float | None = None
    for k in sorted(set(ks)):
        releases = _releases(metric, records, k)
        kept = sum(_count(r, measure) for r in releases)
        if everything is None:
            everything = kept if k == 1 else None
        rows.append(
            {
                "k": k,
                "windows": len(releases),
                "cells": sum(r.cells for r in releases),
                "released": sum(r.released for r in releases),
                "suppressed": sum(r.suppressed for r in releases),
                "complementary": sum(r.complementary for r in releases),
                "count_in_released_cells": kept,
            }
        )
    total = everything or 0.0
    for row in rows:
        row["count_lost_share"] = (
            None if not total else 1.0 - row["count_in_released_cells"] / total
        )
    return {
        "metric": metric,
        "stream": spec.stream,
        "measure": measure,
        "default_k": spec.default_k,
        "records": len(records),
        "rows": rows,
    }
