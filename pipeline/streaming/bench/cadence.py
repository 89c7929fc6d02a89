"""The worker's cadence alone: its latency with an engine that only takes time, on a real broker.

`python -m pipeline.streaming.bench.cadence --rate 400 --variant late_handover=false` runs the
real worker (fetching, trips, transactions, commits: `worker.Worker` in this process) with an
engine that sleeps `--fixed-ms` a trip plus `--record-ms` a record and passes each record
through to its sanitized topic (`SleepRunner`: one engine, trips in order). The engine's
cost is fixed, so what is measured is how the worker's cadence - the queueing of records behind
trips, the transactions - turns a given engine cost into latency, much less disturbed by other
processes than the full `stream-bench` (the sleeping engine needs no CPU). Each setting given
(`--variant`, as in stream-bench; none: the defaults) and the defaults run in turns, `--rounds`
times, each on fresh topics, publishing `--seconds` at `--rate`; it prints each run's p50/p99
from publish to visible to a read_committed reader, and the worker's stage spans
(`bench.stages`); with `--requests`, each Kafka API's round trips and the errors the broker
answered (`bench.timings`: the bench's own requests are in it too).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import uuid
from collections.abc import Sequence
from typing import Any

from pipeline.config.loader import LoadedConfig
from pipeline.streaming.bench import timings
from pipeline.streaming.bench.cli import parse_variant
from pipeline.streaming.bench.collect import Collector, Publisher
from pipeline.streaming.bench.events import make_events
from pipeline.streaming.bench.results import percentile
from pipeline.streaming.bench.stages import breakdown, render_line, transaction_spans
from pipeline.streaming.kafka.topics import ensure_topics
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker import stages
from pipeline.streaming.worker.chunks import Job
from pipeline.streaming.worker.keystore import KafkaKeyStore
from pipeline.streaming.worker.routing import Counts, OutRecord, Routed
from pipeline.streaming.worker.worker import Worker


class SleepRunner:
    """An engine that takes `fixed_s` a call plus `record_s` a record, one call at a time, in
    the order handed over, and passes every record through to its sanitized topic."""

    def __init__(self, settings: StreamSettings, fixed_s: float, record_s: float) -> None:
        self._settings = settings
        self._fixed_s = fixed_s
        self._record_s = record_s
        self._engine = asyncio.Lock()  # one engine: calls wait in order (asyncio's locks are FIFO)

    async def run(self, jobs: Sequence[Job]) -> list[list[Routed]]:
        stages_jobs = [b for _, batches in jobs for b in batches]
        for batch in stages_jobs:
            stages.stamp("engine_in", batch)
        async with self._engine:
            records = sum(len(batch) for batch in stages_jobs)
            for batch in stages_jobs:
                stages.stamp("engine_start", batch)
            await asyncio.sleep(self._fixed_s + self._record_s * records)
            for batch in stages_jobs:
                stages.stamp("engine_end", batch)
        out = [
            [
                Routed(
                    [
                        OutRecord(self._settings.sanitized(stream), r.key, r.value or b"")
                        for r in batch
                    ],
                    Counts(),
                )
                for batch in batches
            ]
            for stream, batches in jobs
        ]
        for batch in stages_jobs:
            stages.stamp("engine_out", batch)
        return out

    def abandon(self) -> None:
        return None

    async def reload(self, config: LoadedConfig) -> None:
        return None

    def close(self) -> None:
        return None


async def one_run(args: argparse.Namespace, update: dict[str, Any], label: str) -> str:
    bootstrap = args.bootstrap or os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    prefix = f"cadence-{uuid.uuid4().hex[:6]}."
    settings = StreamSettings(
        bootstrap_servers=bootstrap,
        topic_prefix=prefix,
        group_id=f"{prefix}group",
        partitions=args.partitions,
        session_timeout_ms=6000,
    ).model_copy(update=update)
    await ensure_topics(settings)
    timings.clear()
    clock = stages.StageClock()
    stages.install(clock)
    key_store = KafkaKeyStore(settings)
    await key_store.start()
    runner = SleepRunner(settings, args.fixed_ms / 1000, args.record_ms / 1000)
    worker = Worker(settings, runner, key_store)
    stop = asyncio.Event()
    collector, publisher = Collector(settings), Publisher(settings)
    await collector.start()
    await publisher.producer.start()
    task = asyncio.create_task(worker.run(stop))
    try:
        warmup = make_events(50, f"{prefix}warmup")
        await publisher.send_all(warmup)
        await collector.wait_for(len(warmup), 60)
        await asyncio.sleep(0.5)
        events = make_events(int(args.rate * args.seconds), f"{prefix}paced")
        base = collector.count
        collector.latencies.clear()
        collector.seen_wall.clear()
        await publisher.paced(events, args.rate, collector)
        await collector.wait_for(base + len(events), 120)
        values = [x * 1000 for x in collector.latencies]
    finally:
        stop.set()
        await asyncio.gather(task, return_exceptions=True)
        await publisher.producer.stop()
        await collector.stop()
        await key_store.stop()
        stages.install(None)
    seen = dict(collector.seen_wall)
    points = clock.resolve()
    found = breakdown(points, seen)
    published = [points[k]["published"] for k in seen if "published" in points.get(k, {})]
    if published:
        found.update(transaction_spans(clock.transactions, min(published), max(seen.values())))
    head = f"{label}: p50 {percentile(values, 0.5):.0f} ms, p99 {percentile(values, 0.99):.0f} ms"
    medians = ", ".join(
        f"{name} {v['p50']:.0f}"
        for name, v in found.items()
        if name not in ("records", "engine_ms_per_record", "transactions")
    )
    requests = "".join(f"\n  {line}" for line in timings.summary()) if args.requests else ""
    return f"{head}\n  p50 [ms]: {medians}\n  {render_line('', found)}{requests}"


async def run(args: argparse.Namespace) -> None:
    variants: list[tuple[str, dict[str, Any]]] = [("defaults", {})]
    variants += [(text, parse_variant(text)) for text in args.variant]
    for i in range(args.rounds):
        for label, update in variants if i % 2 == 0 else variants[::-1]:
            print(await one_run(args, update, label), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bootstrap", help="default: $KAFKA_BOOTSTRAP_SERVERS")
    parser.add_argument("--rate", type=float, default=400.0, help="events/s")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--fixed-ms", type=float, default=15.0, help="engine time a trip")
    parser.add_argument("--record-ms", type=float, default=1.5, help="engine time a record")
    parser.add_argument("--partitions", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--variant", action="append", default=[], metavar="FIELD=VALUE")
    parser.add_argument(
        "--requests",
        action="store_true",
        help="also each Kafka API's round trips and the errors answered (bench.timings)",
    )
    args = parser.parse_args(argv)
    if args.requests:
        timings.install()
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(run(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
