"""Hot reload of a worker's configuration: SIGHUP (or a changed file), validate, then switch.

A request (the `reload` event, set by SIGHUP in `pii-pipeline worker`; or a changed modification
time of one of the files the configuration was read from, when `reload_watch_s` is set) reads the
policy and `models/` again and validates them as at start-up (`pipeline.config.reload`). A bad file
is refused in one log line naming file, line and field, and the running configuration stays. A
good one is built into a new engine that keeps the keys and the template counts; the worker
switches to it between transactions (`Worker.reconfigure`): every transaction holds one
version's records, and the records of the first batch after the switch carry the new
`config_version`. `pii_build_info` follows; `pii_config_reloads{result}` counts the attempts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from typing import Literal

from pipeline.config.loader import LoadedConfig
from pipeline.config.reload import reload_config
from pipeline.errors import ConfigError
from pipeline.streaming.worker.prometheus import WorkerMetrics
from pipeline.streaming.worker.worker import Worker

log = logging.getLogger(__name__)

Result = Literal["applied", "refused", "unchanged"]
Stamp = tuple[tuple[str, int, int], ...]


def _stamp(config: LoadedConfig) -> Stamp:
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


class Reloader:
    """Reloads `worker`'s configuration when asked (`requests`) or when its files change."""

    def __init__(
        self,
        worker: Worker,
        config: LoadedConfig,
        metrics: WorkerMetrics,
        requests: asyncio.Event,
        watch_s: float = 0.0,
    ) -> None:
        self.worker = worker
        self.config = config
        self.metrics = metrics
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

    async def reload(self, why: str) -> Result:
        """One attempt: validate the files, switch if they are good and say something new."""
        loop = asyncio.get_running_loop()
        stamp = _stamp(self.config)  # before reading: a write during the read is seen next time
        old, files = self.config.version, self.config.files
        started = time.monotonic()
        try:
            new = await loop.run_in_executor(None, reload_config, self.config)
            if new.version == old:
                log.info("config reload (%s): %s unchanged", why, old)
                return self._counted("unchanged", stamp)
            await self.worker.reconfigure(new)
        except ConfigError as exc:
            log.error("config reload (%s) refused, %s keeps running: %s", why, old, exc)
            return self._counted("refused", stamp)
        except Exception as exc:  # a model that does not load, ...: the old engine stays
            reason = f"{type(exc).__name__}: {exc}"
            log.error("config reload (%s) refused, %s keeps running: %s", why, old, reason)
            return self._counted("refused", stamp)
        self.config = new
        self.metrics.build.set_config(new.version)
        seconds = time.monotonic() - started
        log.info("config reloaded (%s): %s -> %s in %.1f s", why, old, new.version, seconds)
        return self._counted("applied", stamp if new.files == files else _stamp(new))

    def _counted(self, result: Result, stamp: Stamp) -> Result:
        self._stamp = stamp
        self.metrics.reloads.labels(result).inc()
        return result
