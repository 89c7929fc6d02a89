"""Start-up and stopping of every long-running streaming command (worker, aggregator, bench
children): the one place that turns SIGTERM/SIGINT into the `stop` event the apps watch, and
SIGHUP into the `reload` event of those that reload their configuration."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Callable
from typing import Any

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
RELOAD_SIGNAL = signal.SIGHUP


def run_until_stopped(
    main: Callable[[asyncio.Event], Awaitable[Any]], reload: asyncio.Event | None = None
) -> None:
    """Run `main(stop)` in a new event loop; SIGTERM or SIGINT sets `stop` (the app then leaves
    its group cleanly and returns), SIGHUP sets `reload` when one is given."""

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in STOP_SIGNALS:
            loop.add_signal_handler(sig, stop.set)
        if reload is not None:
            loop.add_signal_handler(RELOAD_SIGNAL, reload.set)
        await main(stop)

    asyncio.run(run())
