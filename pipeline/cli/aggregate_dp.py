"""`pii-pipeline aggregate METRIC --mechanism dp`: OpenDP releases under a per-day ε budget."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

from pipeline.aggregation.budget import Ledger, load_ledger_file, save_ledger_file
from pipeline.aggregation.cells import CellTable
from pipeline.aggregation.dp import DpSettings, DpUnavailable
from pipeline.aggregation.dp_release import dp_release
from pipeline.aggregation.grids import GridBook, GridChange, load_grid_file, save_grid_file
from pipeline.aggregation.metrics import METRICS, Unusable
from pipeline.aggregation.validation import ReleaseValidator
from pipeline.aggregation.windows import Window, WindowSpec
from pipeline.config.policy import AggregateSettings
from pipeline.errors import InputError

REFUSED = 3  # exit status: some window would have overspent the budget


def _tables(
    source: IO[bytes], metric: str, size: timedelta
) -> tuple[dict[Window, CellTable], Counter[str]]:
    spec = METRICS[metric]  # type: ignore[index]
    windows = WindowSpec(size)
    tables: dict[Window, CellTable] = {}
    dropped: Counter[str] = Counter()
    for line in source:
        try:
            record = json.loads(line)
        except ValueError:
            dropped["invalid"] += 1
            continue
        if not isinstance(record, dict):
            dropped["invalid"] += 1
            continue
        try:
            seen = spec.observe(record)
        except Unusable as unusable:
            dropped[unusable.reason] += 1
            continue
        window = windows.window_of(seen.at)
        tables.setdefault(window, CellTable()).add(seen.key, seen.subject, seen.contribution)
    return tables, dropped


def check_grid(args: argparse.Namespace) -> bool:
    """Record the metric's window grid in `--grid-file`, or refuse another one (False)."""
    size = timedelta(minutes=args.window_minutes) if args.window_minutes else None
    size_s = int((size or METRICS[args.metric].window).total_seconds())
    path = Path(args.grid_file)
    try:
        entries = load_grid_file(path)
        GridBook(entries).check(args.metric, size_s)
    except GridChange as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return False
    except ValueError as exc:
        raise InputError(str(exc)) from None
    save_grid_file(path, entries)
    return True


def run_dp(args: argparse.Namespace, policy: AggregateSettings) -> int:
    """Release each window with OpenDP, spending ε from the budget file; refuse overspending."""
    from rich.console import Console
    from rich.table import Table

    if args.budget_file is None:
        raise InputError("the dp mechanism needs --budget-file F (the ledger of ε spent)")
    spec = METRICS[args.metric]
    defaults = policy.dp
    budget = args.budget if args.budget is not None else defaults.budget_per_day
    try:
        settings = DpSettings(
            epsilon=args.epsilon if args.epsilon is not None else defaults.epsilon_per_window,
            delta=defaults.delta,
            max_cells=args.max_cells or defaults.max_cells_per_subject,
            max_events=args.max_events or defaults.max_events_per_cell,
        )
        ledger_file = Path(args.budget_file)
        ledger = Ledger(load_ledger_file(ledger_file), budget)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    size = timedelta(minutes=args.window_minutes) if args.window_minutes else spec.window
    source: IO[bytes] = open(args.input, "rb") if args.input else sys.stdin.buffer  # noqa: SIM115
    with source:
        tables, _ = _tables(source, args.metric, size)
    validator = ReleaseValidator.from_directory()
    reports: list[dict[str, Any]] = []
    released: list[dict[str, Any]] = []
    refused = 0
    for window in sorted(tables):
        try:
            records, report = dp_release(
                ledger, spec, window, tables[window], settings, validator, {}
            )
        except DpUnavailable as exc:
            raise InputError(str(exc)) from None
        if "refused" in report:
            refused += 1
        elif not report.get("replayed"):
            save_ledger_file(ledger_file, dict(ledger.entries))  # spent before it is published
        released.extend(records)
        reports.append(report)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            for record in released:
                out.write(json.dumps(record) + "\n")
    if args.reports:
        with open(args.reports, "w", encoding="utf-8") as out:
            for report in reports:
                out.write(json.dumps(report) + "\n")
    table = Table(title=f"{args.metric}: differentially private release (ε per window)")
    for column in ("window", "released", "ε", "ε spent (day)", "ε left", "status"):
        table.add_column(column, justify="left" if column in ("window", "status") else "right")
    for report in reports:
        status = report.get("refused") or ("replayed" if report.get("replayed") else "released")
        table.add_row(
            report["window_start"],
            str(report["released"]),
            f"{report['epsilon']:g}",
            f"{report['epsilon_spent']:g}",
            f"{report['epsilon_left']:g}",
            status,
        )
    Console(width=max(Console().width, 130)).print(table)
    if refused:
        print(f"{refused} windows refused: the budget would be exceeded", file=sys.stderr)
        return REFUSED
    return 0
