"""Where the processes of a phase stopped: collector passes and event-loop lag (`observability.pauses`).

The children (workers, pass-throughs) and the workers' engine processes write their figures
when they end; the bench's own process (publisher and collector: its pauses delay the
timestamps) is timed here. `Results.pauses_ms[phase][process]`: per generation, count / total /
p50 / p99 / max ms of the collector's passes, and the loop's lag, from the phase's measured
start (children up and warm) to its children's stop.
"""

from __future__ import annotations

import asyncio
import math
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.observability.pauses import PAUSES_ENV, GcPauses, LoopLag, read_all, summary, window

__all__ = ["Pauses"]


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class Pauses:
    """The run's pause figures: set up before the first child starts, `begin`/`end` a phase."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="stream-bench-pauses-")
        self._prefix = str(Path(self._dir.name) / "p")
        self._kept = os.environ.get(PAUSES_ENV)
        os.environ[PAUSES_ENV] = self._prefix
        self._gc = GcPauses()
        self._gc.install()
        self._lag: LoopLag | None = None
        self._windows: list[tuple[str, float, float]] = []

    def begin(self, name: str) -> None:
        """A measured part of a phase (`name`) starts now; it ends at the next `begin`."""
        if self._lag is None and _loop_running():
            self._lag = LoopLag()
            self._lag.start()
        self._close()
        self._windows.append((name, time.time(), math.inf))

    def stop(self) -> None:
        """The window open ends now."""
        self._close()

    def _close(self) -> None:
        if self._windows and self._windows[-1][2] == math.inf:
            name, start, _ = self._windows[-1]
            self._windows[-1] = (name, start, time.time())

    def end(self, children: Sequence[int]) -> dict[str, dict[str, dict[str, Any]]]:
        """Per window since the last `end`: each child (by pid, numbered from 1 in this order),
        its engine process, and the bench's own figures. Read once the children have ended."""
        self._close()
        windows, self._windows = self._windows, []
        pids = {pid: i for i, pid in enumerate(children, 1)}
        procs: dict[str, dict[str, Any]] = {}
        for figures in read_all(self._prefix):
            pid, parent = figures.get("pid"), figures.get("parent")
            if pid in pids:
                procs[f"{figures['role']} #{pids[pid]}"] = figures
            elif parent in pids:
                procs[f"{figures['role']} of #{pids[parent]}"] = figures
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for name, start, end in windows:
            found: dict[str, dict[str, Any]] = {"bench": {"gc_ms": self._gc.figures(start, end)}}
            if self._lag is not None:
                found["bench"]["loop_lag_ms"] = self._lag.figures(start, end)
            for proc, figures in procs.items():
                gens = figures.get("gc", {})
                one: dict[str, Any] = {"frozen": figures.get("frozen")}
                one["gc_ms"] = {f"gen{g}": summary(window(v, start, end)) for g, v in gens.items()}
                if "loop_lag" in figures:
                    one["loop_lag_ms"] = summary(window(figures["loop_lag"], start, end))
                found[proc] = one
            out[name] = found
        return out

    def close(self) -> None:
        self._gc.uninstall()
        if self._lag is not None:
            self._lag.stop()
        if self._kept is None:
            os.environ.pop(PAUSES_ENV, None)
        else:
            os.environ[PAUSES_ENV] = self._kept
        self._dir.cleanup()
