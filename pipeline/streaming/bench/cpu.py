"""Who used the cores during a phase: the processors under test (their event loops and their
engine processes apart), this process, the broker (`--broker-pid`), the machine.

Read from /proc (Linux); elsewhere the figures are simply absent. The machine's busy time minus
ours is whatever else runs on the machine (and the broker, if its process is not named): on a
shared machine that is what a 1 -> 2 workers speed-up is up against. CPU time per event changes
much less with the machine's load than a rate does: variants compare by it when others share
the cores.
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


def _own_cpu_s(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _ticks()


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def process_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) of `pid` and its live children (a worker's engine process);
    0 when it is gone."""
    return _own_cpu_s(pid) + children_cpu_s(pid)


def children_cpu_s(pid: int) -> float:
    """CPU seconds of the live children of `pid` (a worker's engine process)."""
    return sum(_own_cpu_s(child) for child in _children(pid))


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
    engines: float  # the processors' children: the workers' engine processes
    bench: float
    machine: float | None
    broker: float | None


def snapshot(pids: Sequence[int], broker: int | None = None) -> Snapshot:
    """CPU seconds so far of the processors `pids` (with their children), of their children
    alone, of this process, of the machine and of the broker's process `broker` if known."""
    engines = sum(children_cpu_s(pid) for pid in pids)
    return Snapshot(
        time.perf_counter(),
        sum(_own_cpu_s(pid) for pid in pids) + engines,
        engines,
        time.process_time(),
        machine_busy_s(),
        _own_cpu_s(broker) if broker else None,
    )


def cores_used(before: Snapshot, after: Snapshot, events: int = 0) -> dict[str, float]:
    """Average cores busy between the snapshots: processors (of which their engine processes),
    bench, broker (if known), the rest of the machine. With `events`: CPU milliseconds per event
    too (`<name>_ms_per_event`), which a busy machine changes much less than a rate: the figure
    to compare variants by when other users take the cores."""
    wall = after.wall - before.wall
    if wall <= 0:
        return {}
    used = {
        "processors": (after.processors - before.processors) / wall,
        "engines": (after.engines - before.engines) / wall,
        "bench": (after.bench - before.bench) / wall,
    }
    if before.broker is not None and after.broker is not None:
        used["broker"] = (after.broker - before.broker) / wall
    if before.machine is not None and after.machine is not None:
        machine = (after.machine - before.machine) / wall
        used["machine"] = machine
        ours = used["processors"] + used["bench"] + used.get("broker", 0.0)
        used["rest"] = max(0.0, machine - ours)
    if events:
        for name in ("processors", "engines", "bench", "broker"):
            if name in used:
                used[f"{name}_ms_per_event"] = used[name] * wall * 1000 / events
    used["cores"] = float(os.cpu_count() or 0)
    return used
