"""`pii-pipeline console`: register the sub-command and serve the application."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any


def add_command(sub: Any) -> None:
    """Add `console` to the `pii-pipeline` sub-commands (imports stay inside `run`)."""
    console = sub.add_parser(
        "console", help="web console: playground, pipeline, releases, dead letters (loopback)"
    )
    console.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    console.add_argument("--port", type=int, help="port (default 8765)")
    console.add_argument("--config", help="policy file (default: config/policy.yaml)")
    console.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; non-loopback addresses need PII_CONSOLE_TOKEN."""
    from aiohttp import web

    from pipeline.console.app import Console, build_app
    from pipeline.console.playground import Playground
    from pipeline.console.scrape import Scraper
    from pipeline.console.settings import ConsoleSettings, is_loopback
    from pipeline.console.sources import TopicReader
    from pipeline.streaming.settings import StreamSettings

    overrides: dict[str, Any] = {}
    if args.host is not None:
        overrides["host"] = args.host
    if args.port is not None:
        overrides["port"] = args.port
    settings = ConsoleSettings(**overrides)
    loopback = is_loopback(settings.host)
    token = settings.token.get_secret_value() if settings.token else ""
    if not loopback and not token:
        print(
            f"error: the console listens on {settings.host}, which is not loopback: set "
            "PII_CONSOLE_TOKEN (clients send it as 'Authorization: Bearer <token>')",
            file=sys.stderr,
        )
        return 2
    streams = StreamSettings()
    policy = Path(args.config) if args.config else streams.policy_path
    playground = Playground(policy)
    print("console: loading the live configuration and the spaCy model…", file=sys.stderr)
    playground.engine(playground.live())  # a broken live config stops here, with file:line
    console = Console(
        playground,
        Scraper(
            settings.metrics_endpoints,
            timeout_s=settings.scrape_timeout_s,
            history=settings.history,
        ),
        TopicReader(streams, settings.max_records, settings.read_timeout_s),
    )
    app = build_app(console, token=token, loopback=loopback)
    log = logging.getLogger("pipeline.console")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s console: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    shown = f"[{settings.host}]" if ":" in settings.host else settings.host
    access = "loopback only" if loopback else "bearer token required"
    endpoints = len(settings.metrics_endpoints)

    def started() -> None:
        print(
            f"console: http://{shown}:{settings.port}/ ({access}; {endpoints} metrics "
            f"endpoint(s); broker {streams.bootstrap_servers})",
            file=sys.stderr,
            flush=True,
        )

    try:
        web.run_app(
            app,
            host=settings.host,
            port=settings.port,
            access_log=None,
            print=lambda _: started(),
            handle_signals=True,
        )
    except OSError as exc:  # port taken, address not on this machine
        print(f"error: cannot listen on {shown}:{settings.port}: {exc.strerror}", file=sys.stderr)
        return 1
    return 0
