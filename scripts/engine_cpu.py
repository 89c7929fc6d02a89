#!/usr/bin/env python3
"""Engine CPU time per event on the bench corpus, and a digest of what the engine wrote.

    setsid bash -c 'echo -10 > /proc/self/autogroup; exec .venv/bin/python scripts/engine_cpu.py'
    PYTHONPATH=/tmp/base .venv/bin/python scripts/engine_cpu.py   # another checkout, for A/B

The engine side of `pii-pipeline bench` alone (same corpus, batches, warm-up, one core), timed
in CPU seconds (`time.process_time`) rather than wall time: on a shared machine the CPU time of
one process moves far less than its wall time. Fixed keys make the sanitized records
reproducible, so the digest printed is the same for two checkouts whose engines write the same
records. `--profile FILE` writes a cProfile of the timed loop (for `python -m pstats FILE`).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import json
import os
import sys
import time

from pipeline.bench.affinity import pin_to_one_core


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--profile", default=None, metavar="FILE")
    args = parser.parse_args()
    pin_to_one_core()  # before spaCy/numpy start thread pools

    from pipeline.bench.report import SilentProgress
    from pipeline.bench.runner import ROUNDS, _prepare_engine, _settled_heap
    from pipeline.corpus import generate_mixed
    from pipeline.engine import Engine
    from pipeline.secrets import Secrets
    from pipeline.vault.keys import MemoryKeyStore

    secrets = Secrets(
        token_key=hashlib.sha256(b"engine_cpu token").digest(),
        master_key=hashlib.sha256(b"engine_cpu master").digest(),
    )
    events = generate_mixed(args.events, args.seed)
    side = _prepare_engine(
        lambda: Engine.from_config(None, secrets, MemoryKeyStore()),
        events,
        args.batch_size,
        SilentProgress(),
    )
    profiler = cProfile.Profile() if args.profile else None
    collecting = [0.0, 0.0, 0]  # CPU seconds in the collector, when it started, collections

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collecting[1] = time.process_time()
        else:
            collecting[0] += time.process_time() - collecting[1]
            collecting[2] += 1

    with _settled_heap():
        gc.callbacks.append(on_gc)
        wall, cpu, times = time.perf_counter(), time.process_time(), os.times()
        if profiler is not None:
            profiler.enable()
        for r in range(ROUNDS):
            side.run_chunk(r)
        if profiler is not None:
            profiler.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        sys_s = os.times().system - times.system
        gc.callbacks.remove(on_gc)
    gc.collect()
    if profiler is not None:
        profiler.dump_stats(args.profile)
    digest = hashlib.sha256()
    for output in side.outputs:
        digest.update(json.dumps(output, sort_keys=True).encode() + b"\n")
    print(
        f"events {len(events)} cpu_s {cpu:.3f} wall_s {wall:.3f} "
        f"cpu_ms_per_event {1000 * cpu / len(events):.4f} "
        f"events_per_cpu_s {len(events) / cpu:.1f} gc_cpu_s {collecting[0]:.3f} "
        f"gc_runs {int(collecting[2])} sys_s {sys_s:.3f} digest {digest.hexdigest()[:16]}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
