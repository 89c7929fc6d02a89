"""Hot reload of a running app's configuration: SIGHUP (or a changed file), validate, switch.

A request (the `reload` event, set by SIGHUP in `pii-pipeline worker` and `aggregator`; or a
changed modification time of one of the files the configuration was read from, when
`reload_watch_s` is set) reads the configuration again with the app's `load`, which validates it
as at start-up. A bad file is refused in one log line naming file, line and field, and the
running configuration stays. A good one is handed to the app's `apply`, which switches between
transactions (the worker: `Worker.reconfigure`, the aggregator: `StreamAggregator.reconfigure`);
if that fails the old configuration stays too. `pii_build_info` follows the version that runs;
`pii_config_reloads{result}` counts the attempts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Generic, Literal, Protocol, TypeVar

from prometheus_client import CollectorRegistry, Counter

from pipeline.errors import ConfigError
from pipeline.observability.build import BuildInfo

log = logging.getLogger(__name__)

Result = Literal["applied", "refused", "unchanged"]
Stamp = tuple[tuple[str, int, int], ...]


class Versioned(Protocol):
    """A loaded configuration: its version and the files it was read from."""

    @property
    def version(self) -> str: ...

    @property
    def files(self) -> tuple[Path, ...]: ...


C = TypeVar("C", bound=Versioned)


def reload_counter(registry: CollectorRegistry) -> Counter:
    """`pii_config_reloads{result}` in an app's registry."""
    return Counter(
        "pii_config_reloads",
        "Configuration reload attempts (SIGHUP or a changed file) by result",
        ["result"],
        registry=registry,
    )


def _stamp(config: Versioned) -> Stamp:
    """Modification time and size of every file `config` was read from (-1: missing)."""
    out: list[tuple[str, int, int]] = []
    for path in config.files:
        try:
            st = os.stat(path)
        except OSError:
            out.append((str(path), -1, -1))
        else:
            out.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(out)


class Reloader(Generic[C]):
    """Reloads `config` with `load` when asked (`requests`) or when its files change, and hands
    a new version to `apply`."""

    def __init__(
        self,
        config: C,
        load: Callable[[C], C],
        apply: Callable[[C], Awaitable[None]],
        build: BuildInfo,
        reloads: Counter,
        requests: asyncio.Event,
        watch_s: float = 0.0,
    ) -> None:
        self.config = config
        self._load = load
        self._apply = apply
        self._build = build
        self._reloads = reloads
        self.requests = requests
        self.watch_s = watch_s
        self._stamp = _stamp(config)

    async def run(self, stop: asyncio.Event) -> None:
        """Serve reload requests until `stop` is set."""
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.requests.wait(), self.watch_s or 1.0)
            if stop.is_set():
                return
            if self.requests.is_set():
                self.requests.clear()
                await self.reload("SIGHUP")
            elif self.watch_s and _stamp(self.config) != self._stamp:
                await self.reload("file changed")

    async def beside(self, main: Awaitable[None], stop: asyncio.Event, name: str) -> None:
        """Await `main` (the worker's or aggregator's loop) with this reloader serving beside it;
        the reloader ends with it."""
        reloading = asyncio.create_task(self.run(stop), name=name)
        try:
            await main
        finally:
            reloading.cancel()
            await asyncio.gather(reloading, return_exceptions=True)

    async def reload(self, why: str) -> Result:
        """One attempt: validate the files, switch if they are good and say something new."""
        loop = asyncio.get_running_loop()
        stamp = _stamp(self.config)  # before reading: a write during the read is seen next time
        old, files = self.config.version, self.config.files
        started = time.monotonic()
        try:
            new = await loop.run_in_executor(None, self._load, self.config)
            if new.version == old:
                log.info("config reload (%s): %s unchanged", why, old)
                return self._counted("unchanged", stamp)
            await self._apply(new)
        except ConfigError as exc:
            log.error("config reload (%s) refused, %s keeps running: %s", why, old, exc)
            return self._counted("refused", stamp)
        except Exception as exc:  # a model that does not load, ...: the old one stays
            reason = f"{type(exc).__name__}: {exc}"
            log.error("config reload (%s) refused, %s keeps running: %s", why, old, reason)
            return self._counted("refused", stamp)
        self.config = new
        self._build.set_config(new.version)
        seconds = time.monotonic() - started
        log.info("config reloaded (%s): %s -> %s in %.1f s", why, old, new.version, seconds)
        return self._counted("applied", stamp if new.files == files else _stamp(new))

    def _counted(self, result: Result, stamp: Stamp) -> Result:
        self._stamp = stamp
        self._reloads.labels(result).inc()
        return result
