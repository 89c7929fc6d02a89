"""Where a process stops: its garbage collector's passes by generation, its event loop's lag.

A diagnostic (the streaming benchmark sets `PAUSES_ENV` for its children and their engine
processes): `install_from_env(role)` times every collection (`gc.callbacks`) and, given the
running loop, how late a 10 ms timer fires (`LoopLag`), each as (wall clock, ms), and writes
them to `<prefix>.<role>.<pid>.json` when the process ends - also a `multiprocessing` child,
which skips `atexit` - for a reader to cut out the window it measured (`window`). Nothing is
installed when the variable is not set.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import gc
import json
import math
import os
import time
from multiprocessing import util
from pathlib import Path
from typing import Any

__all__ = [
    "PAUSES_ENV",
    "GcPauses",
    "LoopLag",
    "install_from_env",
    "read_all",
    "summary",
    "window",
]

PAUSES_ENV = "PII_PAUSES"  # a path prefix; see the module's doc


def summary(values_ms: list[float]) -> dict[str, float]:
    """Count, total, p50, p99 and max of `values_ms` (all 0 for none)."""
    if not values_ms:
        return {"n": 0, "total": 0.0, "p50": 0.0, "p99": 0.0, "max": 0.0}
    ordered = sorted(values_ms)
    n = len(ordered)
    return {
        "n": n,
        "total": round(sum(ordered), 1),
        "p50": round(ordered[n // 2], 2),
        "p99": round(ordered[min(n - 1, int(n * 0.99))], 2),
        "max": round(ordered[-1], 1),
    }


# (time.time() at its start, ms it took)
Pause = tuple[float, float]


def window(pauses: list[Pause], start: float, end: float) -> list[float]:
    """The ms of the pauses that began between `start` and `end` (time.time())."""
    return [ms for at, ms in pauses if start <= at <= end]


class GcPauses:
    """Every cyclic-collector pass, by generation: when it began, how long it took."""

    def __init__(self) -> None:
        self.ms: dict[int, list[Pause]] = {0: [], 1: [], 2: []}
        self._started = (0.0, 0.0)

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = (time.time(), time.perf_counter())
        else:
            at, began = self._started
            self.ms[info["generation"]].append((at, (time.perf_counter() - began) * 1000))

    def install(self) -> None:
        gc.callbacks.append(self._callback)

    def uninstall(self) -> None:
        with contextlib.suppress(ValueError):
            gc.callbacks.remove(self._callback)

    def figures(self, start: float = 0.0, end: float = math.inf) -> dict[str, dict[str, float]]:
        return {f"gen{g}": summary(window(v, start, end)) for g, v in self.ms.items()}


class LoopLag:
    """How late the running loop wakes a timer of `interval_s` (one value per tick)."""

    def __init__(self, interval_s: float = 0.01) -> None:
        self.interval_s = interval_s
        self.ms: list[Pause] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._tick(), name="loop-lag")

    async def _tick(self) -> None:
        while True:
            at, before = time.time(), time.perf_counter()
            await asyncio.sleep(self.interval_s)
            self.ms.append((at, (time.perf_counter() - before - self.interval_s) * 1000))

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def figures(self, start: float = 0.0, end: float = math.inf) -> dict[str, float]:
        return summary(window(self.ms, start, end))


def install_from_env(role: str, loop: bool = False) -> GcPauses | None:
    """With `PAUSES_ENV` set: time this process's collections (and with `loop`, the running
    loop's lag) until it exits; the figures go to `<prefix>.<role>.<pid>.json`."""
    prefix = os.environ.get(PAUSES_ENV)
    if not prefix:
        return None
    pauses = GcPauses()
    pauses.install()
    lag = LoopLag() if loop else None
    if lag is not None:
        lag.start()
    written = False

    def write() -> None:
        nonlocal written
        if written:
            return
        written = True
        figures: dict[str, Any] = {"role": role, "pid": os.getpid(), "parent": os.getppid()}
        figures["gc"] = {str(g): v for g, v in pauses.ms.items()}
        if lag is not None:
            lag.stop()
            figures["loop_lag"] = lag.ms
        figures["frozen"] = gc.get_freeze_count()
        Path(f"{prefix}.{role}.{os.getpid()}.json").write_text(json.dumps(figures))

    atexit.register(write)
    util.Finalize(pauses, write, exitpriority=100)  # a multiprocessing child skips atexit
    return pauses


def read_all(prefix: str) -> list[dict[str, Any]]:
    """Every figures file written under `prefix`."""
    folder, stem = Path(prefix).parent, Path(prefix).name
    found = []
    for path in sorted(folder.glob(f"{stem}.*.json")):
        with contextlib.suppress(OSError, ValueError):
            found.append(json.loads(path.read_text()))
    return found
