"""Kafka requests the processors under test send, counted by API, per phase.

A cost that comes per second rather than per event (fetch polling, transactions, heartbeats)
shows as requests per second that stay when the event rate drops. Each child counts the
requests its clients send (every `AIOKafkaConnection.send`, by request class) and writes the
counts to `<dir>/<pid>.json` a few times a second; the bench reads them at the start and end of
a phase, like the CPU times (`cpu`), and reports requests per second and per event.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REQUESTS_ENV = "PII_BENCH_REQUESTS"  # the folder the children write their counts to
WRITE_EVERY_S = 0.2
BENCH = "bench "  # the names of the bench process's own requests start so

_counts: dict[str, int] = {}
_path: list[Path] = []  # where this process writes its counts (set by the first `install`)


def install(folder: str) -> None:
    """Count this process's Kafka requests from now on; write them to `folder` regularly (a
    second call only moves the file)."""
    path = Path(folder) / f"{os.getpid()}.json"
    if _path:
        _path[0] = path
        return
    _path.append(path)
    from aiokafka.conn import AIOKafkaConnection

    original = AIOKafkaConnection.send

    def send(self: AIOKafkaConnection, request: Any, expect_response: bool = True) -> Any:
        name = type(request).__name__.removesuffix("Request")
        _counts[name] = _counts.get(name, 0) + 1
        return original(self, request, expect_response)

    AIOKafkaConnection.send = send

    def write() -> None:
        while True:
            target = _path[0]
            temporary = target.with_suffix(".tmp")
            try:
                temporary.write_text(json.dumps(dict(_counts)))
                temporary.replace(target)
            except OSError:
                pass  # the folder is gone (the run is over)
            time.sleep(WRITE_EVERY_S)

    threading.Thread(target=write, name="bench-requests", daemon=True).start()


def snapshot(folder: str | None, pids: Sequence[int]) -> dict[str, int]:
    """The requests the processes `pids` had sent (summed by API) as last written, and this
    process's own (`bench <API>`: the publisher and the collector, when it counts too)."""
    total: dict[str, int] = {}
    if not folder:
        return total
    for pid, prefix in [*((pid, "") for pid in pids), (os.getpid(), BENCH)]:
        try:
            counts = json.loads((Path(folder) / f"{pid}.json").read_text())
        except (OSError, ValueError):
            continue
        for name, n in counts.items():
            total[prefix + name] = total.get(prefix + name, 0) + int(n)
    return total


def per_second(
    before: dict[str, int], after: dict[str, int], seconds: float, events: int
) -> dict[str, float]:
    """Requests per second by API between two snapshots, and `all_per_event` (of the
    processors, without the bench's own)."""
    if seconds <= 0:
        return {}
    sent = {name: after[name] - before.get(name, 0) for name in after}
    rates = {name: n / seconds for name, n in sorted(sent.items()) if n > 0}
    if events:
        ours = sum(n for name, n in sent.items() if not name.startswith(BENCH))
        rates["all_per_event"] = ours / events
    return rates
