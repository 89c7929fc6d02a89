"""`pii-pipeline stream-bench` / `python -m pipeline.streaming.bench`: options and entry point.

The heavy modules (the phases, the clients) are imported when a run starts, so building the
command line parser of `pii-pipeline` stays quick.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.streaming.bench import __doc__ as BENCH_DOC

ROLES = ("worker", "passthrough-txn", "passthrough-plain")


def add_bench_arguments(parser: argparse.ArgumentParser) -> None:
    """The streaming benchmark's options."""
    parser.add_argument("--bootstrap", help="default: $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092")
    parser.add_argument("--events", type=int, default=6000, help="events per phase")
    parser.add_argument("--seed", default="bench")
    parser.add_argument("--partitions", type=int, default=3, help="per raw topic")
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--batch-timeout-ms", type=int, default=100)
    parser.add_argument(
        "--commit-interval-ms", type=int, default=0, help="the workers' (0: adaptive)"
    )
    parser.add_argument("--latency-seconds", type=float, default=10.0, help="paced run length")
    parser.add_argument("--load", type=float, default=0.7, help="paced rate / (c)'s rate")
    parser.add_argument(
        "--curve", metavar="L1,L2", help="latency also at these loads, e.g. 0.3,0.5"
    )
    parser.add_argument(
        "--passthrough-repeat", type=int, default=4, help="(a) gets the events N times over"
    )
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="the 1-worker phase again with this worker setting (JSON value; several settings "
        "separated by spaces), side by side: its rate and its latency at the worker's paced "
        "rate, e.g. trips_in_engine=1; a setting at its default is a control for the order",
    )
    parser.add_argument(
        "--broker-pid",
        type=int,
        metavar="PID",
        help="the broker's process: its CPU per phase is counted apart from the rest of the "
        "machine (scripts/kafka-local writes it to <data>/kafka.pid)",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write all figures here")


def run_from_args(args: argparse.Namespace) -> int:
    """Run the benchmark as the parsed arguments say; print the table, write the JSON."""
    import asyncio

    from pipeline.streaming.bench.phases import run_bench
    from pipeline.streaming.bench.results import BenchConfig, progress, render

    bootstrap = args.bootstrap or os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or "127.0.0.1:9092"
    cfg = BenchConfig(
        bootstrap=bootstrap,
        events=args.events,
        seed=args.seed,
        partitions=args.partitions,
        batch_size=args.batch_size,
        batch_timeout_ms=args.batch_timeout_ms,
        commit_interval_ms=args.commit_interval_ms,
        latency_seconds=args.latency_seconds,
        load=args.load,
        curve=tuple(float(x) for x in args.curve.split(",") if x) if args.curve else (),
        passthrough_repeat=args.passthrough_repeat,
        variants=tuple(parse_variant(text) for text in args.variant),
        broker_pid=args.broker_pid,
    )
    started = time.monotonic()
    results = asyncio.run(run_bench(cfg))
    results.config["wall_seconds"] = round(time.monotonic() - started, 1)
    render(results)
    if args.json:
        args.json.write_text(json.dumps(results.to_json(), indent=2) + "\n")
        progress(f"figures written to {args.json}")
    return 0


def parse_variant(text: str) -> dict[str, Any]:
    """`FIELD=VALUE [FIELD=VALUE ...]`: the worker settings of one variant."""
    from pipeline.streaming.settings import StreamSettings

    update: dict[str, Any] = {}
    for item in text.split() or [text]:
        name, sep, value = item.partition("=")
        if not sep or name not in StreamSettings.model_fields:
            raise SystemExit(f"--variant {text!r}: expected FIELD=VALUE with a worker setting")
        try:
            update[name] = json.loads(value)
        except ValueError:
            update[name] = value
    return update


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m pipeline.streaming.bench`; `--role` runs one child processor."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.streaming.bench",
        description=BENCH_DOC,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_bench_arguments(parser)
    parser.add_argument("--role", choices=ROLES, help=argparse.SUPPRESS)
    parser.add_argument("--settings", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.role:
        from pipeline.streaming.bench.children import run_child
        from pipeline.streaming.settings import StreamSettings

        return run_child(args.role, StreamSettings(**json.loads(args.settings)))
    return run_from_args(args)
