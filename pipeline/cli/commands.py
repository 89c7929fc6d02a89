"""The commands behind `pii-pipeline`; heavy imports happen inside each command."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from pipeline.config.paths import policy_path
from pipeline.config.policy import SecretNames
from pipeline.errors import ConfigError, PipelineError
from pipeline.vault.keys import MemoryKeyStore


def _secrets(names: SecretNames, vault: str | None = None) -> Any:
    from pipeline.secrets import Secrets

    if os.environ.get(names.token_key_env) or os.environ.get(names.vault_master_key_env):
        return Secrets.from_env(names)
    existing = [p for p in ([vault, vault + ".keys"] if vault else []) if Path(p).exists()]
    if existing:
        # entries sealed under a random key would sit next to the real ones, undecryptable
        raise ConfigError(
            str(existing[0]),
            None,
            "--vault",
            f"exists, and ${names.vault_master_key_env} is not set: refusing to append "
            "entries sealed under a random key",
        )
    print(
        f"warning: ${names.token_key_env} / ${names.vault_master_key_env} not set: using random "
        "keys for this run (tokens are not stable across runs, the vault is not decryptable later)",
        file=sys.stderr,
    )
    return Secrets.generate()


def _engine(
    config_file: str | None,
    vault: str | None = None,
    config: Any = None,
    text_counts: Any = None,
) -> Any:
    from pipeline.config.loader import load_config
    from pipeline.engine import Engine
    from pipeline.vault.keys import FileKeyStore, MemoryKeyStore

    if config is None:
        config = load_config(policy_path(config_file))
    secrets = _secrets(config.policy.secrets, vault)
    store = FileKeyStore(Path(vault + ".keys")) if vault else MemoryKeyStore()
    return Engine(config, secrets, store, text_counts)


def _text_setup(args: argparse.Namespace) -> Any:
    """The config with the free-text flags (`--free-text`, `--text-k`)."""
    from pipeline.cli.text_options import text_config
    from pipeline.config.loader import load_config

    return text_config(load_config(policy_path(args.config)), args)


def _lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    for number, line in enumerate(stream, start=1):
        line = line.rstrip(b"\r\n")
        if line.strip():
            yield number, line


def _batches(items: Iterator[tuple[int, bytes]], size: int) -> Iterator[list[tuple[int, bytes]]]:
    batch: list[tuple[int, bytes]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def redact(args: argparse.Namespace) -> int:
    """Raw JSONL in, sanitized JSONL out; rejections with line numbers, never raw values.

    Exit 1 when a line was rejected (every rejection is written, nothing is lost)."""
    from pipeline.cli.text_options import release_summary, text_state

    for name in (args.output, args.rejects, args.vault):
        folder = Path(name).parent if name else None
        if folder is not None and not folder.is_dir():
            raise PipelineError(f"{name}: folder {folder} does not exist")
    if args.input and not Path(args.input).is_file():
        raise FileNotFoundError(2, "No such file or directory", args.input)
    config = _text_setup(args)
    with text_state(config, args.text_state, mode=args.file_mode) as text_counts:
        engine = _engine(args.config, args.vault, config, text_counts)
        if args.text_first_pass and args.input:
            _count_texts(engine, args)
        counts = _redact_all(engine, args)
    if _progress_shown(args) or args.output or counts["rejected"]:
        summary = release_summary(engine)
        print(
            f"{counts['sanitized']} sanitized, {counts['rejected']} rejected, "
            f"{counts['vault']} vault entries" + (f"; {summary}" if summary else ""),
            file=sys.stderr,
        )
    return 1 if counts["rejected"] else 0


def _progress_shown(args: argparse.Namespace) -> bool:
    return sys.stderr.isatty()  # as `_progress`: a bar, then the summary, on a terminal


def _count_texts(engine: Any, args: argparse.Namespace) -> None:
    """A first pass over a file: every template is counted before any text is released."""
    from collections import Counter

    from pipeline.processing.guard import process_isolated
    from pipeline.textrelease import ReleaseStats

    with open(args.input, "rb") as first:
        for batch in _batches(_lines(first), max(1, args.batch_size)):
            process_isolated(
                engine.process,
                args.stream,
                [raw for _, raw in batch],
                [f"line {number}" for number, _ in batch].__getitem__,
            )
    engine.texts.stats = ReleaseStats(Counter())  # the verdicts that count are the second pass's


def _redact_all(engine: Any, args: argparse.Namespace) -> dict[str, int]:
    from pipeline.private_files import open_private
    from pipeline.processing.guard import internal_error, process_isolated

    source: IO[bytes] = open(args.input, "rb") if args.input else sys.stdin.buffer  # noqa: SIM115
    mode = args.file_mode  # 0600 unless widened for a group: these files are never world-readable
    out: IO[str] = open_private(args.output, "w", mode) if args.output else sys.stdout
    rejects: IO[str] = open_private(args.rejects, "w", mode) if args.rejects else sys.stderr
    vault: IO[str] | None = open_private(args.vault, "a", mode) if args.vault else None
    progress = _progress(args.input)
    counts = {"sanitized": 0, "rejected": 0, "vault": 0}
    try:
        for batch in _batches(_lines(source), max(1, args.batch_size)):
            outcomes = process_isolated(
                engine.process,
                args.stream,
                [raw for _, raw in batch],
                [f"line {number}" for number, _ in batch].__getitem__,
            )
            for (number, _), outcome in zip(batch, outcomes, strict=True):
                try:
                    # Encoded before anything is written: a line is written whole or not at all.
                    written = _encoded(outcome, number)
                except Exception as exc:  # e.g. a value no encoder accepts: this line, not the run
                    outcome = internal_error(args.stream, exc)
                    written = _encoded(outcome, number)
                if outcome.ok:
                    out.write(written[0])
                    counts["sanitized"] += 1
                    if vault is not None:
                        vault.writelines(written[1:])
                    counts["vault"] += len(written) - 1
                else:
                    rejects.write(written[0])
                    counts["rejected"] += 1
            if progress is not None:
                progress(sum(len(raw) + 1 for _, raw in batch))
    finally:
        for handle in (out, rejects, vault):
            if handle is not None and handle not in (sys.stdout, sys.stderr):
                handle.close()
        if source is not sys.stdin.buffer:
            source.close()
    return counts


def _encoded(outcome: Any, number: int) -> list[str]:
    """The lines of one outcome: the sanitized record and its vault entries, or the rejection."""
    if outcome.ok:
        lines = [json.dumps(outcome.record, ensure_ascii=False) + "\n"]
        lines += [json.dumps(entry.to_json()) + "\n" for entry in outcome.vault]
    else:
        lines = [json.dumps({"line": number, **outcome.to_json()}) + "\n"]
    for line in lines:
        line.encode()  # raises on a lone surrogate, before anything is written
    return lines


def _progress(path: str | None) -> Any:
    """A progress callback (bytes read) when stderr is a terminal, else None."""
    if not sys.stderr.isatty():
        return None
    from rich.progress import Progress

    bar = Progress(transient=True)
    # the file's size, not a first pass counting its lines: the input is read once
    task = bar.add_task("redacting", total=os.path.getsize(path) if path else None)
    bar.start()

    def advance(n: int) -> None:
        bar.advance(task, n)
        if bar.tasks[0].finished:
            bar.stop()

    return advance


def explain(args: argparse.Namespace) -> int:
    """A table of every field of one event: classification, recognizer, score, action, result."""
    from rich.console import Console
    from rich.table import Table

    from pipeline.cli.text_options import text_state
    from pipeline.processing.explain import COLUMNS, explain_rows

    raw = sys.stdin.buffer.read().strip()
    # the counts a state file holds say whether this event's texts would be released now;
    # explaining one event does not count it
    config = _text_setup(args)
    with text_state(config, args.text_state, save=False) as text_counts:
        engine = _engine(args.config, None, config, text_counts)
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

    config = load_config(policy_path(args.file))
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
        for _, line in _lines(source):
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
