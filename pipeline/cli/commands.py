"""The commands behind `pii-pipeline`; heavy imports happen inside each command.

`redact` is in `redact`; the engine a file command runs is built in `engine`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO, Any

from pipeline.cli.engine import file_engine, text_setup
from pipeline.cli.jsonl import numbered_lines
from pipeline.config.paths import policy_path
from pipeline.vault.keys import MemoryKeyStore


def explain(args: argparse.Namespace) -> int:
    """A table of every field of one event: classification, recognizer, score, action, result."""
    from rich.console import Console
    from rich.table import Table

    from pipeline.cli.text_options import text_state
    from pipeline.processing.explain import COLUMNS, explain_rows

    raw = sys.stdin.buffer.read().strip()
    # the counts a state file holds say whether this event's texts would be released now;
    # explaining one event does not count it
    config = text_setup(args)
    with text_state(config, args.text_state, save=False) as text_counts:
        engine = file_engine(args.config, None, config, text_counts)
        [outcome] = engine.process(args.stream, [raw], explain=True)
    console = Console()
    if not outcome.ok:
        console.print(f"[red]rejected[/red] ({outcome.error_class}): {outcome.reason}")
        return 1
    table = Table(title=f"{args.stream} event {outcome.event_id} — config {engine.version}")
    for column in COLUMNS:
        table.add_column(column, overflow="fold")
    for row in explain_rows(outcome):
        table.add_row(*row.cells())
    console.print(table)
    console.print(f"{len(outcome.vault)} value(s) kept in the vault, encrypted per data subject")
    return 0


def config_check(args: argparse.Namespace) -> int:
    """Validate the policy, Presidio's YAML and the schemas; optionally load the model."""
    from pipeline.config.loader import load_config
    from pipeline.config.recognizers import check_loaded

    config = load_config(policy_path(args.file))
    check_loaded(config.recognizers, config.recognizers_path)  # Presidio's own models too
    if args.load_model:
        from pipeline.detection.factory import build_detector

        build_detector(config)
    print(f"ok: {config.policy_path} (version {config.version}, model {config.nlp.model_name})")
    return 0


def quality(args: argparse.Namespace) -> int:
    """Generate a labelled mixed corpus, sanitize it, print recall/precision and leaks per entity.

    With free text released k-anonymously, also what k costs: texts released per stream.
    """
    if args.conll or args.text or args.plain:
        from pipeline.quality.text_command import run

        return run(args)
    from rich.console import Console

    from pipeline.cli.text_options import text_config
    from pipeline.config.loader import load_config
    from pipeline.corpus import generate_mixed
    from pipeline.engine import Engine
    from pipeline.quality.report import evaluate, render
    from pipeline.quality.text_release import release_json, render_release, speak_figures
    from pipeline.secrets import Secrets

    print(f"generating {args.events} labelled events (seed {args.seed})…", file=sys.stderr)
    corpus = generate_mixed(args.events, args.seed)
    config = text_config(load_config(policy_path(args.config)), args)
    engine = Engine(config, Secrets.generate(), MemoryKeyStore())
    print("sanitizing and scoring…", file=sys.stderr)
    notifications: list[tuple[dict[str, Any], Any]] = []

    def keep_notifications(item: Any, outcome: Any) -> None:
        if item.stream == "notification_logs":
            notifications.append((item.event, outcome))

    report = evaluate(engine, corpus, on_outcome=keep_notifications)
    console = Console()
    console.print(render(report))
    lost = sum(report.safe_lost.values())
    console.print(
        f"safe values destroyed: {lost} of {report.safe_expected}; rejected: {report.rejected}"
    )
    free_text = config.policy.free_text
    speak = speak_figures(free_text.k, notifications)
    if free_text.release != "redacted":
        console.print(render_release(engine.texts.stats, free_text.k, speak))
    if args.json:
        figures = report.to_json()
        figures["free_text"] = {
            "release": free_text.release,
            "k": free_text.k,
            "streams": release_json(engine.texts.stats),
            "templated_speak": speak.to_json(),
        }
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    findings = report.total_survived + report.rejected
    if findings and args.fail_on_leak:
        print(
            f"findings: {report.total_survived} planted values survived, "
            f"{report.rejected} events rejected (exit 1; --no-fail-on-leak to exit 0)",
            file=sys.stderr,
        )
        return 1
    return 0


def aggregate(args: argparse.Namespace) -> int:
    """Run sanitized records through the windowed k-anonymous release; report what k costs."""
    from datetime import UTC, datetime, timedelta

    from rich.console import Console
    from rich.table import Table

    from pipeline.cli.aggregate_dp import check_grid, run_dp
    from pipeline.config.loader import load_aggregates

    if args.grid_file and not check_grid(args):
        return 3
    policy = load_aggregates(args.config)
    if (args.mechanism or policy.mechanism(args.metric)) == "dp":
        return run_dp(args, policy)
    from pipeline.aggregation import Aggregator

    size = timedelta(minutes=args.window_minutes) if args.window_minutes else None
    # A file is read whole, in any order: every window stays open until the end of the input.
    aggregator = Aggregator(
        args.metric,
        k=args.k,
        size=size,
        lateness=timedelta(days=36_500),
        dominance=policy.dominance.of(args.metric),
    )
    source: IO[bytes] = open(args.input, "rb") if args.input else sys.stdin.buffer  # noqa: SIM115
    releases = []
    unreadable = 0
    with source:
        for _, line in numbered_lines(source):
            try:
                record = json.loads(line)
            except ValueError:
                unreadable += 1
                continue
            if isinstance(record, dict):
                releases.extend(aggregator.add(record))
    releases.extend(aggregator.advance(datetime.max.replace(tzinfo=UTC) - timedelta(days=40_000)))
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            for release in releases:
                for record in release.records:
                    out.write(json.dumps(record) + "\n")
    if args.reports:
        with open(args.reports, "w", encoding="utf-8") as out:
            for release in releases:
                out.write(json.dumps(release.report.to_json()) + "\n")
    table = Table(title=f"{args.metric}: released vs suppressed cells (k = {aggregator.k})")
    for column in (
        "window",
        "cells",
        "released",
        "suppressed",
        "of which complementary",
        "blocked",
        "dropped",
        "released share",
    ):
        table.add_column(column, justify="left" if column == "window" else "right")
    for row in (release.report for release in releases):
        table.add_row(
            row.window_start,
            str(row.cells),
            str(row.released),
            str(row.suppressed),
            str(row.complementary),
            str(row.blocked),
            str(row.dropped_total),
            f"{row.released_share:.0%}",
        )
    Console(width=max(Console().width, 110)).print(table)
    if unreadable:
        print(f"{unreadable} lines were not JSON and were skipped", file=sys.stderr)
    return 0


def bench(args: argparse.Namespace) -> int:
    """Delegate to the benchmark harness."""
    from pipeline.bench.cli import main as bench_main

    return int(bench_main(args.args) or 0)


def add_streaming_commands(sub: Any) -> None:
    """Hook for the streaming layer's commands (worker, produce, consume)."""
    import importlib

    try:
        module = importlib.import_module("pipeline.cli.streaming")
    except ImportError:
        return
    module.add_commands(sub)
