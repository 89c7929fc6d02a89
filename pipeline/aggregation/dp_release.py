"""A window released by differential privacy against the ε ledger: refused, replayed or spent.

The ledger (pipeline.aggregation.budget) says whether the window may spend its ε; a window
already in the ledger is published again from it (the same noise, nothing spent twice); else
OpenDP releases it (pipeline.aggregation.dp) and the ledger records the spend with the records,
in the same store as the release (the streaming aggregator commits both in one transaction).

The report gives ε spent and left for the window's day, the threshold of partition selection,
and why a window was refused. Its counts (`cells`, `events`, `dropped`) are exact: they are for
the operator, as `aggregate.reports` is; they are not differentially private.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pipeline.aggregation.budget import Ledger
from pipeline.aggregation.cells import CellTable
from pipeline.aggregation.dp import DpSettings, dp_window
from pipeline.aggregation.metrics import MetricSpec
from pipeline.aggregation.validation import ReleaseValidator
from pipeline.aggregation.windows import Window, iso


def dp_release(
    ledger: Ledger,
    spec: MetricSpec,
    window: Window,
    table: CellTable,
    settings: DpSettings,
    validator: ReleaseValidator,
    dropped: Mapping[str, int],
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The window's records and its report (the `WindowReport` JSON form, DP fields added)."""
    spend = ledger.check(spec.name, window, settings.epsilon)
    report: dict[str, Any] = {
        "metric": spec.name,
        "mechanism": "dp",
        "window_start": iso(window.start),
        "window_end": iso(window.end),
        "period": spend.period,
        "epsilon": settings.epsilon,
        "epsilon_spent": round(spend.spent, 6),
        "epsilon_left": round(spend.left, 6),
        "max_cells_per_subject": settings.max_cells,
        "max_events_per_cell": settings.max_events,
        "k": 0,  # no k: cells are chosen by a noisy threshold
        "cells": len(table),
        "suppressed": len(table),
        "complementary": 0,
        "blocked": 0,
        "dropped": dict(sorted((reason, n) for reason, n in dropped.items() if n)),
        "events": sum(t.events for _, cell in table.items() for _, t in cell.tallies()),
    }
    if not spend.allowed:
        return [], report | {"released": 0, "records": 0, "refused": spend.reason}
    if spend.replay:
        records = list(spend.records)
        return records, report | {
            "released": len(records),
            "suppressed": max(len(table) - len(records), 0),
            "records": len(records),
            "replayed": True,
        }
    result = dp_window(spec, window, table, settings, validator)
    ledger.record(spec.name, window, settings.epsilon, result.records)
    records = list(result.records)
    return records, report | {
        "released": len(records),
        "suppressed": max(len(table) - len(records), 0),
        "records": len(records),
        "threshold": result.threshold,
    }
