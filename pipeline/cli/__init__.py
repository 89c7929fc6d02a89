"""`pii-pipeline`: the one command-line entry point."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from pipeline import __version__
from pipeline.cli import commands, hostile
from pipeline.cli import redact as redact_command
from pipeline.cli.ops import add_ops_commands, add_shadow_command
from pipeline.cli.parser import Parser, file_mode, log_level, positive_int
from pipeline.cli.report import add_report_command
from pipeline.cli.text_options import add_text_options
from pipeline.console.cli import add_command as add_console_command
from pipeline.errors import ConfigError, PipelineError
from pipeline.observability.logs import FORMATS, configure
from pipeline.outcome import STREAMS
from pipeline.private_files import PRIVATE


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="pii-pipeline",
        description="Separate PII from call, webhook and web-analytics events.",
        epilog="Exit status: 0 done, 1 runtime error or findings, 2 usage or configuration error.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--log-level",
        dest="global_log_level",
        type=log_level,
        metavar="LEVEL",
        help="DEBUG, INFO, WARNING, ERROR (default: WARNING; INFO for worker and aggregator)",
    )
    parser.add_argument(
        "--log-format",
        choices=FORMATS,
        default=os.environ.get("PII_LOG_FORMAT", "text"),
        help="log lines as text or JSON objects ($PII_LOG_FORMAT)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    redact = sub.add_parser("redact", help="sanitize raw JSONL (no broker)")
    redact.add_argument("stream", choices=STREAMS)
    redact.add_argument("--input", help="raw JSONL file (default: stdin)")
    redact.add_argument("--output", help="sanitized JSONL file (default: stdout)")
    redact.add_argument("--vault", help="write vault entries here (wrapped keys beside it)")
    redact.add_argument("--rejects", help="write rejection records here (default: stderr)")
    redact.add_argument("--config", help="policy file (default: config/policy.yaml)")
    redact.add_argument("--batch-size", type=positive_int, default=256)
    add_text_options(redact)
    redact.add_argument(
        "--text-first-pass",
        action="store_true",
        help="read the input file once to count templates before releasing any text",
    )
    redact.add_argument(
        "--file-mode",
        type=file_mode,
        default=PRIVATE,
        help="permissions of the output, vault, rejects and text-state files, octal, never "
        "readable by other users (default: 0600; the vault's keys file is always 0600)",
    )
    redact.set_defaults(func=redact_command.redact)

    explain = sub.add_parser("explain", help="per-field decisions for one event on stdin")
    explain.add_argument("stream", choices=STREAMS)
    explain.add_argument("--config", help="policy file (default: config/policy.yaml)")
    add_text_options(explain)
    explain.set_defaults(func=commands.explain)

    config = sub.add_parser("config", help="configuration commands")
    config_sub = config.add_subparsers(dest="config_command", required=True, metavar="COMMAND")
    check = config_sub.add_parser("check", help="validate a policy file and what it points to")
    check.add_argument("file", nargs="?", help="policy file (default: config/policy.yaml)")
    check.add_argument("--load-model", action="store_true", help="also load the spaCy model")
    check.set_defaults(func=commands.config_check)

    quality = sub.add_parser("quality", help="recall/precision and leaks on a labelled corpus")
    quality.add_argument("--events", type=positive_int, default=3000)
    quality.add_argument("--seed", default="1")
    quality.add_argument("--config", help="policy file (default: config/policy.yaml)")
    quality.add_argument("--json", help="write the figures to this file")
    quality.add_argument(
        "--conll", help="labelled CoNLL sentences (token TAB tag) to evaluate instead of the corpus"
    )
    quality.add_argument(
        "--conll-kind",
        default="social",
        help="kind the CoNLL sentences are reported as (default: social; news for CoNLL-2003)",
    )
    quality.add_argument(
        "--conll-group",
        choices=["sentence", "document"],
        default="sentence",
        help="one event per CoNLL sentence (default), or per document (sentences between"
        " -DOCSTART- lines, joined by newlines, as an article arrives in one field); a document"
        " over the engine's string limit (limits.max_string_chars) is split at sentence"
        " boundaries into chunks under it. Scored per word either way; --limit and --split"
        " then count documents",
    )
    quality.add_argument(
        "--text", help="sentences with marked entities ([[TYPE:value]]) to evaluate instead"
    )
    quality.add_argument(
        "--plain",
        help="unlabelled text, one per line (news): over-redaction of lower-case words and numbers",
    )
    quality.add_argument(
        "--placement",
        choices=["message", "speak", "both"],
        default="both",
        help="free-text field the sentences are placed in (default: both)",
    )
    quality.add_argument("--limit", type=int, help="evaluate only the first N sentences")
    quality.add_argument(
        "--split",
        choices=["all", "dev", "held-out"],
        default="all",
        help="sentences to evaluate: every third (index 2, 5, 8, … counted from 0) is held out"
        " from development (default: all)",
    )
    quality.add_argument(
        "--misses", help="write surviving mentions and over-redacted words here (development)"
    )
    quality.add_argument(
        "--fail-on-leak",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="exit 1 when a planted value survives or a line is rejected",
    )
    add_text_options(quality, state=False)
    quality.set_defaults(func=commands.quality)

    aggregate = sub.add_parser(
        "aggregate",
        help="k-anonymous release of sanitized JSONL; released vs suppressed per window",
    )
    aggregate.add_argument(
        "metric",
        choices=[
            "analytics.call_volume",
            "analytics.web_traffic",
            "analytics.webhook_health",
            "ads.audience",
        ],
    )
    aggregate.add_argument("--input", help="sanitized JSONL (default: stdin)")
    aggregate.add_argument("--output", help="write the released records here as JSONL")
    aggregate.add_argument(
        "--k", type=positive_int, help="minimum distinct subjects per cell (default per metric)"
    )
    aggregate.add_argument(
        "--window-minutes", type=positive_int, help="window size (default per metric)"
    )
    aggregate.add_argument("--reports", help="write the per-window report records here (JSONL)")
    aggregate.add_argument(
        "--mechanism",
        choices=["k_anonymity", "dp"],
        help="k-anonymous cells, or differential privacy (OpenDP) under a budget "
        "(default: the policy's aggregates.mechanisms, else k_anonymity)",
    )
    aggregate.add_argument("--epsilon", type=float, help="dp: ε per window (default: policy)")
    aggregate.add_argument("--budget", type=float, help="dp: ε per subject and UTC day (policy)")
    aggregate.add_argument("--budget-file", help="dp: the ledger of ε spent (created if missing)")
    aggregate.add_argument("--max-cells", type=int, help="dp: cells per subject (policy)")
    aggregate.add_argument("--max-events", type=int, help="dp: records per cell (policy)")
    aggregate.add_argument("--config", help="policy file (default: $PII_POLICY_PATH or built-in)")
    aggregate.add_argument(
        "--grid-file", help="the window grid per metric, recorded; another grid is refused (3)"
    )
    aggregate.set_defaults(func=commands.aggregate)

    add_report_command(sub)

    bench = sub.add_parser("bench", help="engine vs naive Presidio baseline", add_help=False)
    bench.add_argument("args", nargs=argparse.REMAINDER)
    bench.set_defaults(func=commands.bench)

    hostile.add_parser(sub)
    commands.add_streaming_commands(sub)
    add_console_command(sub)
    add_ops_commands(sub)
    add_shadow_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Exit 2: usage or configuration (file, line and field named); 1: a
    runtime error or findings; a user's mistake is one line on stderr, never a traceback."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["bench"]:  # the harness owns its flags (see `pii-pipeline bench --help`)
        from pipeline.bench.cli import main as bench_main

        configure()
        return bench_main(argv[1:])
    args = _parser().parse_args(argv)
    configure(
        args.global_log_level or getattr(args, "log_level", None) or "WARNING",
        args.log_format,
        service=args.command in {"worker", "aggregator"},
    )
    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    except PipelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader went away (`consume | head`): not an error; silence the final flush
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:
        where = f"cannot open {exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or type(exc).__name__}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
