"""`pii-pipeline releases`: wait for the reports of windows that start at or after a moment,
then print their released cells and the released/suppressed table (the demo's last step)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pipeline.aggregation.metrics import METRICS
from pipeline.streaming.kafka.io import read_topic
from pipeline.streaming.settings import StreamSettings

Render = Callable[[list[dict[str, Any]], str], str]
_REPORT_COLUMNS: tuple[str, ...] = ("metric", "window_start", "k", "cells", "released")
_REPORT_COLUMNS += ("suppressed", "complementary", "events", "dropped")


def add_releases_command(sub: Any, render: Render) -> None:
    """Register `releases`; `render` draws a table of records."""
    releases = sub.add_parser(
        "releases", help="wait for the window reports since a moment; print released cells"
    )
    releases.add_argument("--since", required=True, help="ISO time: windows starting from it")
    releases.add_argument(
        "--metric", action="append", choices=list(METRICS), help="default: all four"
    )
    releases.add_argument("--timeout", type=float, default=120.0, help="seconds to wait")
    releases.add_argument("--max-cells", type=int, default=12, help="cells shown per metric")
    releases.set_defaults(func=lambda args: run_releases(args, render))


def _records(settings: StreamSettings, topic: str) -> list[dict[str, Any]]:
    messages = asyncio.run(read_topic(settings, topic, timeout_s=10.0))
    out = []
    for message in messages:
        try:
            value = json.loads(message.value) if message.value else None
        except ValueError:
            continue
        if isinstance(value, dict):
            out.append(value)
    return out


def _since(text: str) -> str:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def wait_for_reports(
    settings: StreamSettings, metrics: list[str], since: str, timeout_s: float
) -> list[dict[str, Any]]:
    """Reports of windows starting at or after `since`, once every metric has one (or at timeout)."""
    deadline = time.monotonic() + timeout_s
    while True:
        reports = [
            r
            for r in _records(settings, settings.aggregate_report_topic)
            if r.get("metric") in metrics and str(r.get("window_start", "")) >= since
        ]
        if {r["metric"] for r in reports} >= set(metrics) or time.monotonic() > deadline:
            return reports
        time.sleep(1.0)


def run_releases(args: argparse.Namespace, render: Render) -> int:
    """Print released cells and the reports of the windows since `--since`."""
    settings = StreamSettings()
    metrics = args.metric or list(METRICS)
    since = _since(args.since)
    reports = wait_for_reports(settings, metrics, since, args.timeout)
    waiting = sorted(set(metrics) - {r["metric"] for r in reports})
    released = 0
    for metric in metrics:
        windows = {r["window_start"] for r in reports if r["metric"] == metric}
        if not windows:
            continue
        cells = [
            r
            for r in _records(settings, settings.release(metric))
            if r.get("kind") == "cell" and r.get("window_start") in windows
        ]
        released += len(cells)
        shown = [{k: v for k, v in c.items() if k not in ("metric", "kind")} for c in cells]
        print(render(shown[: args.max_cells], f"{metric}: released cells since {since}"))
    columns = _REPORT_COLUMNS
    if any(r.get("mechanism") == "dp" for r in reports):  # ε spent and left, why refused
        columns += ("epsilon_spent", "epsilon_left", "refused")
    rows = [{c: r.get(c) for c in columns} for r in reports]
    print(render(rows, "aggregate.reports: released vs suppressed per window"))
    if waiting:
        print(f"no report yet for: {', '.join(waiting)}", file=sys.stderr)
    print(f"{released} cells released in {len(reports)} windows since {since}")
    return 0 if released and not waiting else 1
