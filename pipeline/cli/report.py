"""`pii-pipeline report`: the window reports as one self-contained HTML page."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pipeline.errors import InputError


def add_report_command(sub: Any) -> None:
    """Register `report`."""
    report = sub.add_parser(
        "report",
        help="HTML page of released vs suppressed cells per window and what k costs",
    )
    report.add_argument(
        "--input",
        help="report records as JSONL (`aggregate --reports`, `consume aggregate.reports`); "
        "default: read the aggregate.reports topic",
    )
    report.add_argument("--output", required=True, help="the HTML file to write")
    report.add_argument("--metric", help="only this metric")
    report.add_argument("--since", help="only windows starting at or after this ISO time")
    report.set_defaults(func=run_report)


def _from_file(path: str) -> list[dict[str, Any]]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            raise InputError(f"{path}:{number}: not a JSON report record") from None
        if isinstance(record, dict) and "window_start" in record:
            records.append(record)
    return records


def _from_topic() -> list[dict[str, Any]]:
    import asyncio

    from pipeline.streaming.kafka.io import read_topic
    from pipeline.streaming.settings import StreamSettings

    settings = StreamSettings()
    messages = asyncio.run(read_topic(settings, settings.aggregate_report_topic, timeout_s=10.0))
    records = []
    for message in messages:
        try:
            record = json.loads(message.value) if message.value else None
        except ValueError:
            continue
        if isinstance(record, dict):
            records.append(record)
    return records


def run_report(args: argparse.Namespace) -> int:
    """Read the reports, keep the asked ones, write the page."""
    from pipeline.aggregation.report_html import render_html

    records = _from_file(args.input) if args.input else _from_topic()
    if args.metric:
        records = [r for r in records if r.get("metric") == args.metric]
    if args.since:
        records = [r for r in records if str(r.get("window_start", "")) >= args.since]
    page = render_html(records)
    Path(args.output).write_text(page, encoding="utf-8")
    released = sum(int(r.get("released") or 0) for r in records)
    print(f"{args.output}: {len(records)} windows, {released} cells released", file=sys.stderr)
    return 0
