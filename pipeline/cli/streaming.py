"""`pii-pipeline worker | produce | consume`: the streaming commands (wired by pipeline.cli)."""

from __future__ import annotations

import argparse
import asyncio
import base64
import io
import json
import logging
import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.cli.environment import stream_settings
from pipeline.cli.ops import add_shadow_options, run_shadow
from pipeline.cli.parser import log_level, non_negative_int, positive_int
from pipeline.config.paths import policy_path
from pipeline.outcome import STREAMS, StreamName
from pipeline.streaming.bench.cli import add_bench_arguments, run_from_args
from pipeline.streaming.lifecycle import run_until_stopped
from pipeline.streaming.releases import add_releases_command

log = logging.getLogger(__name__)


def add_commands(sub: Any) -> None:
    """Add `worker`, `produce`, `consume`, `consent`, `aggregator` and `stream-bench`."""
    worker = sub.add_parser(
        "worker",
        help="run a streaming worker until SIGTERM/SIGINT (SIGHUP: reload the policy, models/)",
    )
    worker.add_argument("--streams", nargs="+", choices=STREAMS, help="default: all")
    worker.add_argument("--config", help="policy file (default: $PII_POLICY_PATH or built-in)")
    worker.add_argument("--log-level", type=log_level, default="INFO")
    worker.add_argument(
        "--no-create-topics",
        action="store_true",
        help="never create topics: check they exist with the right settings ($PII_CREATE_TOPICS)",
    )
    worker.add_argument(
        "--shadow",
        metavar="CANDIDATE",
        help="run no worker: diff the CANDIDATE policy against the live one on the raw topics "
        "and write only the report (the `shadow` command)",
    )
    add_shadow_options(worker, "with --shadow")
    worker.set_defaults(func=run_worker)

    produce = sub.add_parser("produce", help="publish raw events (JSONL file or demo events)")
    produce.add_argument("stream", choices=STREAMS)
    produce.add_argument("file", nargs="?", help="JSONL file ('-' for stdin)")
    produce.add_argument("--demo", type=int, metavar="N", help="publish N generated events")
    produce.add_argument("--seed", default="demo")
    produce.add_argument(
        "--now", action="store_true", help="demo events get the current time as event time"
    )
    produce.set_defaults(func=run_produce)

    consume = sub.add_parser(
        "consume",
        help="print a topic's committed records as JSON lines, as they arrive",
        description="TOPIC without the prefix: `sanitized.call_logs` reads "
        "$PII_TOPIC_PREFIX + sanitized.call_logs.",
    )
    consume.add_argument("topic")
    consume.add_argument("--from-beginning", action="store_true")
    consume.add_argument("--max", type=positive_int, help="stop after N records")
    consume.add_argument("--timeout", type=float, default=10.0, help="stop after S quiet seconds")
    consume.add_argument("--follow", action="store_true", help="never stop (until Ctrl-C)")
    consume.add_argument("--partition", type=non_negative_int, help="read this partition only")
    consume.add_argument(
        "--offset", type=non_negative_int, help="start at this offset (needs --partition)"
    )
    consume.add_argument("--meta", action="store_true", help="wrap with topic/offset/headers")
    consume.add_argument(
        "--table", action="store_true", help="a table (released aggregates, reports) not JSON"
    )
    consume.set_defaults(func=run_consume)

    add_releases_command(sub, lambda records, title: render_table(records, title=title))

    consent = sub.add_parser(
        "consent", help="publish a subject's choice to control.consent (tokenized first)"
    )
    consent.add_argument("subject", help="phone number, e-mail, cookie id or account id")
    choice = consent.add_mutually_exclusive_group(required=True)
    choice.add_argument("--do-not-share", dest="choice", action="store_const", const="do_not_share")
    choice.add_argument("--under-13", dest="choice", action="store_const", const="under_13")
    choice.add_argument("--erase", dest="choice", action="store_const", const="erase")
    consent.add_argument("--kind", choices=["phone", "email", "cookie", "account"])
    consent.add_argument("--config", help="policy file (default: config/policy.yaml)")
    consent.set_defaults(func=run_consent)

    aggregator = sub.add_parser(
        "aggregator",
        help="windowed k-anonymous releases from sanitized.* to analytics.*/ads.* (until SIGTERM)",
        description="Window size, lateness and k come from $PII_WINDOW_SIZE_S, "
        "$PII_ALLOWED_LATENESS_S, $PII_K_ANALYTICS and $PII_K_ADS.",
    )
    aggregator.add_argument("--streams", nargs="+", choices=STREAMS, help="default: all")
    aggregator.add_argument("--log-level", type=log_level, default="INFO")
    aggregator.set_defaults(func=run_aggregator)

    bench = sub.add_parser(
        "stream-bench",
        help="benchmark on a real broker: pass-through, worker(s), engine",
        description="Same as `python -m pipeline.streaming.bench`; see its --help.",
    )
    add_bench_arguments(bench)
    bench.set_defaults(func=run_stream_bench)


def run_consent(args: argparse.Namespace) -> int:
    """Tokenize the subject, merge with its current state, publish the new state."""
    from pipeline.config.loader import load_config
    from pipeline.errors import InputError
    from pipeline.secrets import Secrets
    from pipeline.streaming.consent.model import ConsentState, subject_token
    from pipeline.streaming.kafka.follow import broker_errors
    from pipeline.streaming.kafka.io import produce, read_topic
    from pipeline.streaming.kafka.topics import ensure_topics
    from pipeline.transforms.tokens import Tokenizer

    config = load_config(policy_path(args.config))
    secrets = Secrets.from_env(config.policy.secrets)  # the workers' key: the same tokens
    regions = tuple(config.policy.detection.phone_regions)
    try:
        kind, token = subject_token(Tokenizer(secrets.token_key), args.subject, args.kind, regions)
    except InputError as exc:
        print(f"consent: {exc}", file=sys.stderr)
        return 2
    settings = stream_settings()

    async def main() -> dict[str, Any]:
        await ensure_topics(settings)
        state = ConsentState(subject=token)
        for message in await read_topic(settings, settings.consent_topic, timeout_s=10.0):
            if message.key == token.encode() and message.value:
                state = ConsentState.from_json(json.loads(message.value))
        record = state.with_choice(args.choice).to_json()
        value = json.dumps(record).encode()
        await produce(settings, settings.consent_topic, [value], keys=[token.encode()])
        return record

    record = broker_errors(settings, main())
    print(json.dumps({"kind": kind, **record}))
    return 0


def run_worker(args: argparse.Namespace) -> int:
    """Run one worker; the keys come from the environment (a worker never invents them)."""
    if args.shadow is not None:  # `worker --shadow CANDIDATE` is `shadow CANDIDATE`
        args.candidate = args.shadow
        return run_shadow(args)
    from pipeline.config.loader import load_config
    from pipeline.secrets import Secrets
    from pipeline.streaming.worker.serve import serve

    settings = stream_settings(
        create_topics=False if args.no_create_topics else None,
        streams=tuple(args.streams) if args.streams else None,
        policy_path=Path(args.config) if args.config else None,
    )
    if "PII_METRICS_PORT" not in os.environ:  # metrics on by default for the service
        from pipeline.observability.endpoint import WORKER_PORT

        update = {"metrics_port": WORKER_PORT, "metrics_port_optional": True}
        settings = settings.model_copy(update=update)
    config = load_config(settings.policy_path)
    secrets = Secrets.from_env(config.policy.secrets)

    reload = asyncio.Event()  # SIGHUP: reload the policy and models/ (validated first)

    async def main(stop: asyncio.Event) -> None:
        await serve(settings, secrets, stop, config=config, reload=reload, freeze_heap=True)

    run_until_stopped(main, reload)
    return 0


def _jsonl(path: str) -> Iterator[bytes]:
    handle = sys.stdin.buffer if path == "-" else Path(path).open("rb")  # noqa: SIM115
    try:
        for line in handle:
            line = line.rstrip(b"\r\n")
            if line.strip():
                yield line
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()


def run_produce(args: argparse.Namespace) -> int:
    """Publish a JSONL file (lines sent as they are) or N generated demo events."""
    from pipeline.streaming.kafka.follow import broker_errors
    from pipeline.streaming.kafka.io import produce
    from pipeline.streaming.kafka.topics import ensure_topics

    stream: StreamName = args.stream
    if (args.file is None) == (args.demo is None):
        print("produce: give a FILE or --demo N (not both)", file=sys.stderr)
        return 2
    if args.demo is not None:
        from pipeline.corpus import generate
        from pipeline.corpus.recent import restamp

        now = datetime.now(UTC)
        events = [e.event for e in generate(stream, args.demo, args.seed)]
        if args.now:
            events = [restamp(event, now) for event in events]
        values = [json.dumps(event).encode() for event in events]
    else:
        values = list(_jsonl(args.file))
    settings = stream_settings()

    async def main() -> int:
        await ensure_topics(settings)
        return await produce(settings, settings.raw(stream), values)

    count = broker_errors(settings, main())
    print(f"produced {count} records to {settings.raw(stream)}", file=sys.stderr)
    return 0


def _line(message: Any, meta: bool) -> str:
    try:
        value = None if message.value is None else json.loads(message.value)
    except ValueError:
        value = {"value_base64": base64.b64encode(message.value).decode()}
    if not meta:
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(
        {
            "topic": message.topic,
            "partition": message.partition,
            "offset": message.offset,
            "key": None if message.key is None else message.key.decode(errors="replace"),
            "headers": {k: v.decode(errors="replace") for k, v in message.headers.items()},
            "value": value,
        },
        ensure_ascii=False,
    )


def run_consume(args: argparse.Namespace) -> int:
    """Print committed records of TOPIC as they arrive (nothing is decrypted)."""
    from pipeline.streaming.kafka.follow import Start, broker_errors, follow_topic, resolve_topic

    if args.offset is not None and args.partition is None:
        print("consume: --offset needs --partition", file=sys.stderr)
        return 2
    settings = stream_settings()
    topic = resolve_topic(settings, args.topic)
    start = Start(args.from_beginning, args.partition, args.offset)
    records: list[dict[str, Any]] = []

    async def main() -> None:
        async for message in follow_topic(
            settings,
            topic,
            start,
            max_records=args.max,
            quiet_s=args.timeout,
            follow=args.follow,
        ):
            if args.table:
                value = message.json() if message.value is not None else None
                if isinstance(value, dict):
                    records.append(value)
            else:
                print(_line(message, args.meta), flush=True)

    broker_errors(settings, main())
    if args.table:
        print(render_table(records, title=topic))
    return 0


def _cell(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={_cell(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:,.2f}"
    return "" if value is None else str(value)


def render_table(records: list[dict[str, Any]], title: str = "", width: int = 220) -> str:
    """JSON records as a text table, a column per field (first seen first)."""
    from rich.console import Console
    from rich.table import Table

    columns: dict[str, None] = {}
    for record in records:
        columns.update(dict.fromkeys(record))
    table = Table(title=f"{title} ({len(records)} records)" if title else None)
    for name in columns:
        table.add_column(name, overflow="fold")
    for record in records:
        table.add_row(*(_cell(record.get(name)) for name in columns))
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(table)
    return console.export_text().rstrip()


def run_aggregator(args: argparse.Namespace) -> int:
    """Run the streaming aggregator (pipeline.streaming.aggregator) until SIGTERM/SIGINT."""
    from pipeline.streaming.aggregator.serve import serve as serve_aggregator

    settings = stream_settings(streams=tuple(args.streams) if args.streams else None)
    if "PII_METRICS_PORT" not in os.environ:  # metrics on by default for the service
        from pipeline.observability.endpoint import AGGREGATOR_PORT

        update = {"metrics_port": AGGREGATOR_PORT, "metrics_port_optional": True}
        settings = settings.model_copy(update=update)

    reload = asyncio.Event()  # SIGHUP: reload the policy's `aggregates` (validated first)

    async def main(stop: asyncio.Event) -> None:
        await serve_aggregator(settings, stop, reload=reload)

    run_until_stopped(main, reload)
    return 0


def run_stream_bench(args: argparse.Namespace) -> int:
    """The streaming benchmark (`python -m pipeline.streaming.bench` does the same)."""
    return run_from_args(args)
