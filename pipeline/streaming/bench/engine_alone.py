"""(d): the engine alone, in the bench's own process - the rate the worker is compared with."""

from __future__ import annotations

import gc
import time
from collections.abc import Sequence

from pipeline.outcome import StreamName
from pipeline.streaming.bench.events import Event
from pipeline.streaming.bench.results import BenchConfig

__all__ = ["engine_rate"]


def engine_rate(cfg: BenchConfig, events: Sequence[Event]) -> float:
    """(d): `Engine.process` in this process, per stream in batches of `batch_size`."""
    from pipeline.engine import Engine

    engine = Engine.from_config()
    by_stream: dict[StreamName, list[bytes]] = {}
    for e in events:
        by_stream.setdefault(e.stream, []).append(e.value)
    for stream, values in by_stream.items():  # warm-up: first call per stream is slower
        engine.process(stream, values[:8])
    started = time.perf_counter()
    for stream, values in by_stream.items():
        for i in range(0, len(values), cfg.batch_size):
            engine.process(stream, values[i : i + cfg.batch_size])
    elapsed = time.perf_counter() - started
    del engine
    gc.collect()
    return len(events) / elapsed
