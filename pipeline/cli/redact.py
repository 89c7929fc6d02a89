"""`redact`: raw JSONL in, sanitized JSONL, vault entries and rejections out, batch by batch."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import IO, Any

from pipeline.cli.engine import file_engine, text_setup
from pipeline.cli.jsonl import batches, numbered_lines
from pipeline.errors import PipelineError


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
    config = text_setup(args)
    with text_state(config, args.text_state, mode=args.file_mode) as text_counts:
        engine = file_engine(args.config, args.vault, config, text_counts)
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
        for batch in batches(numbered_lines(first), max(1, args.batch_size)):
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
        for batch in batches(numbered_lines(source), max(1, args.batch_size)):
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
