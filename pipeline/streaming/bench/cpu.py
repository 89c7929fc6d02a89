"""Who used the cores during a phase: the processors under test, this process, the machine.

Read from /proc (Linux); elsewhere the figures are simply absent. The machine's busy time minus
ours is the broker plus whatever else runs on the machine: on a shared machine that is what a
1 -> 2 workers speed-up is up against.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


def _ticks() -> float:
    return float(os.sysconf("SC_CLK_TCK"))


def process_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) of `pid` and its live children (a worker's engine process);
    0 when it is gone."""
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        pids += [int(child) for child in children.split()]
    except OSError:
        pass
    total = 0.0
    for one in pids:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        total += (int(fields[11]) + int(fields[12])) / _ticks()
    return total


def machine_busy_s() -> float | None:
    """CPU seconds all cores spent not idle since boot (None without /proc/stat)."""
    try:
        first = Path("/proc/stat").read_text().splitlines()[0].split()
    except (OSError, IndexError):
        return None
    values = [int(x) for x in first[1:9]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values) - idle) / _ticks()


@dataclass(frozen=True)
class Snapshot:
    wall: float
    processors: float
    bench: float
    machine: float | None


def snapshot(pids: Sequence[int]) -> Snapshot:
    return Snapshot(
        time.perf_counter(),
        sum(process_cpu_s(pid) for pid in pids),
        time.process_time(),
        machine_busy_s(),
    )


def cores_used(before: Snapshot, after: Snapshot) -> dict[str, float]:
    """Average cores busy between the snapshots: processors, bench, the rest of the machine."""
    wall = after.wall - before.wall
    if wall <= 0:
        return {}
    used = {
        "processors": (after.processors - before.processors) / wall,
        "bench": (after.bench - before.bench) / wall,
    }
    if before.machine is not None and after.machine is not None:
        machine = (after.machine - before.machine) / wall
        used["machine"] = machine
        used["rest"] = max(0.0, machine - used["processors"] - used["bench"])
    used["cores"] = float(os.cpu_count() or 0)
    return used
