"""The streaming benchmark: pass-through, full worker and engine, in one run.

`python -m pipeline.streaming.bench` (or `pii-pipeline stream-bench`) measures, on the same
generated events (`generate_mixed(n, seed)`) and a real broker:

(a) a raw aiokafka consume->produce pass-through, transactional exactly like the worker (one
    transactional producer per input partition, one transaction per batch with the offsets),
    and the same pass-through without transactions (idempotent producer, offsets committed
    after the sends) for reference;
    (a) gets the events `--passthrough-repeat` times over (it takes ~1 s otherwise);
(c) the full pipeline worker (`pipeline.streaming.worker`), one process, then two processes in
    one group (the speed-up), with each worker's peak RSS (VmHWM);
(d) the engine alone, in this process, on the same events in the same batches.

Every processor but (d) runs in a child process of its own. A rate is measured from the moment
the events start being published (the processors are up and warmed by a first small batch) to
the moment the last output record is visible to a `read_committed` consumer in this process.
The latency phase publishes at 70 % of (c)'s rate, at an even pace; the latency of a record is
the time its sanitized record becomes visible to the read_committed consumer minus the time it
was handed to the producer. The worker does not copy input headers, so send times are matched
by event id (same process, same monotonic clock).

The broker is KAFKA_BOOTSTRAP_SERVERS / `--bootstrap`; topics get a private prefix and are
deleted at the end. Progress goes to stderr, the table to stdout, `--json FILE` gets all figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import logging
import math
import os
import signal
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from pipeline.outcome import StreamName
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.tools import partitions_of
from pipeline.streaming.topics import ensure_topics

log = logging.getLogger(__name__)

TARGETS = {
    "pipeline_vs_engine": 0.5,
    "p99_ms": 250.0,
    "rss_mb": 600.0,
}
WARMUP_EVENTS = 120
PRODUCER_BATCH_BYTES = 256 * 1024  # the pass-throughs
ROLES = ("worker", "passthrough-txn", "passthrough-plain")
TOKEN_ENV = "PII_BENCH_TOKEN_KEY"
MASTER_ENV = "PII_BENCH_MASTER_KEY"
PROFILE_ENV = "PII_BENCH_PROFILE"  # set to a path prefix: children dump cProfile stats there


def _progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Event:
    """One generated raw event, encoded once."""

    stream: StreamName
    event_id: str
    value: bytes


def make_events(n: int, seed: int | str) -> list[Event]:
    """`n` mixed events of all streams, JSON-encoded."""
    from pipeline.corpus import generate_mixed

    return [
        Event(e.stream, str(e.event["event_id"]), json.dumps(e.event).encode())
        for e in generate_mixed(n, seed)
    ]


# --------------------------------------------------------------------------- child processes


async def _passthrough(settings: StreamSettings, transactional: bool, stop: asyncio.Event) -> None:
    """Copy raw.<stream> to sanitized.<stream> unchanged, batched like the worker."""
    topics = [settings.raw(stream) for stream in settings.streams]
    out = {settings.raw(stream): settings.sanitized(stream) for stream in settings.streams}
    consumer = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=settings.bootstrap_servers,
        group_id=settings.group_id,
        isolation_level="read_committed",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    producers: dict[TopicPartition, AIOKafkaProducer] = {}
    plain: AIOKafkaProducer | None = None
    if not transactional:
        plain = AIOKafkaProducer(
            bootstrap_servers=settings.bootstrap_servers,
            acks="all",
            enable_idempotence=True,
            linger_ms=5,
            max_batch_size=PRODUCER_BATCH_BYTES,
        )
        await plain.start()
    try:
        while not stop.is_set():
            batches = await consumer.getmany(timeout_ms=settings.batch_timeout_ms)
            for tp, records in batches.items():
                for i in range(0, len(records), settings.batch_size):
                    chunk = records[i : i + settings.batch_size]
                    target = out[tp.topic]
                    if plain is not None:
                        futures = [
                            await plain.send(target, key=r.key, value=r.value) for r in chunk
                        ]
                        await asyncio.gather(*futures)
                        await consumer.commit({tp: chunk[-1].offset + 1})
                        continue
                    producer = producers.get(tp)
                    if producer is None:
                        producer = AIOKafkaProducer(
                            bootstrap_servers=settings.bootstrap_servers,
                            transactional_id=f"{settings.group_id}.{tp.topic}.{tp.partition}",
                            linger_ms=5,
                            max_batch_size=PRODUCER_BATCH_BYTES,
                        )
                        await producer.start()
                        producers[tp] = producer
                    await producer.begin_transaction()
                    futures = [await producer.send(target, key=r.key, value=r.value) for r in chunk]
                    await asyncio.gather(*futures)
                    await producer.send_offsets_to_transaction(
                        {tp: chunk[-1].offset + 1}, settings.group_id
                    )
                    await producer.commit_transaction()
    finally:
        await consumer.stop()
        for p in [*producers.values(), *([plain] if plain else [])]:
            await p.stop()


def _run_child(role: str, settings: StreamSettings) -> int:
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format=f"[{role} %(process)d] %(levelname)s %(name)s: %(message)s",
    )

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        if role == "worker":
            from pipeline.secrets import Secrets
            from pipeline.streaming.worker import serve

            secrets = Secrets(
                token_key=bytes.fromhex(os.environ[TOKEN_ENV]),
                master_key=bytes.fromhex(os.environ[MASTER_ENV]),
            )
            await serve(settings, secrets, stop)
        else:
            await _passthrough(settings, role == "passthrough-txn", stop)

    profile_to = os.environ.get(PROFILE_ENV)
    if not profile_to:
        asyncio.run(main())
        return 0
    # cProfile sees the event-loop thread only (not the engine thread): Kafka-side costs.
    import cProfile

    profiler = cProfile.Profile()
    profiler.runcall(asyncio.run, main())
    profiler.dump_stats(f"{profile_to}.{role}.{os.getpid()}")
    return 0


class Child:
    """A processor running as `python -m pipeline.streaming.bench --role ROLE`."""

    def __init__(self, role: str, settings: StreamSettings) -> None:
        self.role = role
        self.settings = settings
        self.proc: asyncio.subprocess.Process | None = None
        self.lines: list[tuple[float, str]] = []
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        env = dict(os.environ)
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "pipeline.streaming.bench",
            "--role",
            self.role,
            "--settings",
            self.settings.model_dump_json(),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            env=env,
        )
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        stderr = self.proc.stderr if self.proc is not None else None
        if stderr is None:
            return
        async for raw in stderr:
            line = raw.decode(errors="replace").rstrip()
            self.lines.append((time.monotonic(), line))
            if "WARNING" in line or "ERROR" in line or "Traceback" in line:
                print(line, file=sys.stderr, flush=True)

    def seen(self, text: str) -> list[float]:
        return [t for t, line in self.lines if text in line]

    def peak_rss_mb(self) -> float | None:
        """Peak resident set (VmHWM) of the child plus its own children (the engine process),
        MiB: what one worker costs."""
        if self.proc is None:
            return None
        pids = [self.proc.pid]
        with contextlib.suppress(OSError):
            children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
            pids += [int(pid) for pid in children.split()]
        total = 0.0
        for pid in pids:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
        return total or None

    async def stop(self) -> None:
        if self.proc is None or self.proc.returncode is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.proc.wait(), 40)
        except TimeoutError:
            _progress(f"{self.role} pid {self.proc.pid} did not stop; killing it")
            self.proc.kill()
            await self.proc.wait()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)


# --------------------------------------------------------------------------- this process


class Collector:
    """Counts committed output records; with `track`, latency of sanitized records by event id."""

    def __init__(self, settings: StreamSettings) -> None:
        self.settings = settings
        self.count = 0
        self.track: dict[str, float] = {}
        self.latencies: list[float] = []
        self._sanitized = {settings.sanitized(s) for s in settings.streams}
        self._task: asyncio.Task[None] | None = None
        self._consumer: AIOKafkaConsumer | None = None
        self._changed = asyncio.Event()

    async def start(self) -> None:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.settings.bootstrap_servers,
            isolation_level="read_committed",
            enable_auto_commit=False,
            fetch_max_wait_ms=20,
        )
        await consumer.start()
        tps: list[TopicPartition] = []
        for stream in self.settings.streams:
            for topic in (self.settings.sanitized(stream), self.settings.dlq(stream)):
                tps += await partitions_of(consumer, topic)
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        self._consumer = consumer
        self._task = asyncio.create_task(self._run(consumer))

    async def _run(self, consumer: AIOKafkaConsumer) -> None:
        while True:
            batches = await consumer.getmany(timeout_ms=50)
            now = time.perf_counter()
            for tp, records in batches.items():
                self.count += len(records)
                if self.track and tp.topic in self._sanitized:
                    for r in records:
                        sent = self.track.pop(json.loads(r.value)["event_id"], None)
                        if sent is not None:
                            self.latencies.append(now - sent)
            if batches:
                self._changed.set()

    async def wait_for(self, count: int, timeout_s: float) -> float:
        """perf_counter time at which `count` records had been seen."""
        deadline = time.monotonic() + timeout_s
        while self.count < count:
            if self._task is not None and self._task.done():
                self._task.result()
            if time.monotonic() > deadline:
                raise TimeoutError(f"saw {self.count} of {count} output records in {timeout_s} s")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), 0.5)
        return time.perf_counter()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._consumer is not None:
            await self._consumer.stop()


class Publisher:
    """Sends events to their raw topics (acks=all, idempotent, keyed by event id)."""

    def __init__(self, settings: StreamSettings) -> None:
        self.settings = settings
        self.producer = AIOKafkaProducer(
            bootstrap_servers=settings.bootstrap_servers,
            acks="all",
            enable_idempotence=True,
            linger_ms=5,
        )

    async def send_all(self, events: Sequence[Event]) -> None:
        futures = [
            await self.producer.send(
                self.settings.raw(e.stream), key=e.event_id.encode(), value=e.value
            )
            for e in events
        ]
        await asyncio.gather(*futures)

    async def paced(self, events: Sequence[Event], rate: float, collector: Collector) -> None:
        """Send at `rate` events/s, evenly; register each send time with the collector."""
        futures = []
        started = time.perf_counter()
        for i, e in enumerate(events):
            due = started + i / rate
            delay = due - time.perf_counter()
            if delay > 0.002:
                await asyncio.sleep(delay)
            collector.track[e.event_id] = time.perf_counter()
            futures.append(
                await self.producer.send(
                    self.settings.raw(e.stream), key=e.event_id.encode(), value=e.value
                )
            )
        await asyncio.gather(*futures)


@dataclass
class BenchConfig:
    bootstrap: str
    events: int = 6000
    seed: str = "bench"
    partitions: int = 3
    batch_size: int = 256
    batch_timeout_ms: int = 100
    latency_seconds: float = 10.0
    load: float = 0.7
    curve: tuple[float, ...] = ()  # further loads to measure latency at (below `load`)
    passthrough_repeat: int = 4
    timeout_s: float = 180.0


@dataclass
class Results:
    config: dict[str, Any]
    rates: dict[str, float] = field(default_factory=dict)
    latency_ms: dict[str, float] = field(default_factory=dict)
    latency_curve: list[dict[str, float]] = field(default_factory=list)
    rss_mb: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def ratios(self) -> dict[str, float]:
        r = self.rates
        out: dict[str, float] = {}
        if r.get("engine") and r.get("worker_1"):
            out["pipeline_vs_engine"] = r["worker_1"] / r["engine"]
        if r.get("worker_1") and r.get("worker_2"):
            out["two_vs_one_worker"] = r["worker_2"] / r["worker_1"]
        return out

    def targets(self) -> dict[str, bool]:
        ratios = self.ratios()
        met: dict[str, bool] = {}
        for name in ("pipeline_vs_engine",):
            if name in ratios:
                met[name] = ratios[name] >= TARGETS[name]
        if "p99" in self.latency_ms:
            met["p99_ms"] = self.latency_ms["p99"] <= TARGETS["p99_ms"]
        if self.rss_mb:
            met["rss_mb"] = max(self.rss_mb.values()) <= TARGETS["rss_mb"]
        return met

    def to_json(self) -> dict[str, Any]:
        return {
            "config": self.config,
            "events_per_s": self.rates,
            "ratios": self.ratios(),
            "latency_ms": self.latency_ms,
            "latency_curve": self.latency_curve,
            "peak_rss_mb": self.rss_mb,
            "targets": TARGETS,
            "targets_met": self.targets(),
            "notes": self.notes,
        }


def _settings(cfg: BenchConfig, run: str, phase: str) -> StreamSettings:
    prefix = f"bench{run}.{phase}."
    return StreamSettings(
        bootstrap_servers=cfg.bootstrap,
        topic_prefix=prefix,
        group_id=f"{prefix}group",
        partitions=cfg.partitions,
        batch_size=cfg.batch_size,
        batch_timeout_ms=cfg.batch_timeout_ms,
        session_timeout_ms=6000,
    )


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))
    return ordered[index]


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


async def _wait_workers_ready(children: Sequence[Child], timeout_s: float) -> None:
    """Every worker has partitions ready and the group has been quiet for 2 s."""
    deadline = time.monotonic() + timeout_s
    while True:
        for child in children:
            if child.proc is not None and child.proc.returncode is not None:
                raise RuntimeError(f"{child.role} exited with {child.proc.returncode}")
        ready = all(child.seen("ready for") for child in children)
        last = max(
            (
                t
                for child in children
                for t, line in child.lines
                if "assigned" in line or "ready" in line
            ),
            default=0.0,
        )
        if ready and time.monotonic() - last > 2.0:
            return
        if time.monotonic() > deadline:
            raise TimeoutError("workers did not get ready")
        await asyncio.sleep(0.2)


async def throughput(
    cfg: BenchConfig,
    settings: StreamSettings,
    roles: Sequence[str],
    events: Sequence[Event],
    warmup: Sequence[Event],
    *,
    latency: Sequence[Event] | None = None,
    results: Results | None = None,
    label: str = "",
) -> tuple[float, list[Child]]:
    """Start the children, warm them up, publish `events`, time until all output is visible."""
    await ensure_topics(settings)
    collector = Collector(settings)
    publisher = Publisher(settings)
    await collector.start()
    await publisher.producer.start()
    children = [Child(role, settings) for role in roles]
    try:
        for child in children:
            await child.start()
        if roles[0] == "worker":
            await _wait_workers_ready(children, cfg.timeout_s)
        await publisher.send_all(warmup)
        await collector.wait_for(len(warmup), cfg.timeout_s)
        if roles[0] == "worker" and len(children) > 1:
            await _wait_workers_ready(children, cfg.timeout_s)
        await asyncio.sleep(0.5)
        base = collector.count
        started = time.perf_counter()
        await publisher.send_all(events)
        done = await collector.wait_for(base + len(events), cfg.timeout_s)
        rate = len(events) / (done - started)
        _progress(f"{label}: {len(events)} events in {done - started:.2f} s = {rate:,.0f}/s")
        if latency is not None and results is not None:
            # Lower loads first (the curve), the target load last; each on fresh events.
            offset = 0
            for load in [*sorted(x for x in cfg.curve if x != cfg.load), cfg.load]:
                lat_rate = rate * load
                count = max(100, int(lat_rate * cfg.latency_seconds))
                lat_events = latency[offset : offset + count]
                offset += count
                _progress(f"{label}: latency at {lat_rate:,.0f} events/s ({load:.0%} load)")
                await asyncio.sleep(1.0)
                base = collector.count
                collector.latencies.clear()
                await publisher.paced(lat_events, lat_rate, collector)
                await collector.wait_for(base + len(lat_events), cfg.timeout_s)
                values = [x * 1000 for x in collector.latencies]
                point = {
                    "load": load,
                    "rate": lat_rate,
                    "samples": float(len(values)),
                    "p50": _percentile(values, 0.50),
                    "p99": _percentile(values, 0.99),
                    "max": max(values),
                }
                results.latency_curve.append(point)
                _progress(f"{label}: p50 {point['p50']:.0f} ms, p99 {point['p99']:.0f} ms")
            results.latency_ms = dict(results.latency_curve[-1])
        for i, child in enumerate(children):
            rss = child.peak_rss_mb()
            if rss is not None and results is not None and child.role == "worker":
                results.rss_mb[f"{label} #{i + 1}"] = rss
        return rate, children
    finally:
        await asyncio.gather(*(child.stop() for child in children))
        await publisher.producer.stop()
        await collector.stop()


async def _delete_topics(bootstrap: str, prefix: str) -> None:
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        names = [t for t in await admin.list_topics() if t.startswith(prefix)]
        if names:
            await admin.delete_topics(names)
    finally:
        await admin.close()


async def run_bench(cfg: BenchConfig) -> Results:
    """The whole benchmark; phases in a fixed order, each on its own topics."""
    from pipeline.secrets import Secrets

    results = Results(config={k: v for k, v in vars(cfg).items() if k != "timeout_s"})
    secrets = Secrets.generate()
    os.environ[TOKEN_ENV] = secrets.token_key.hex()
    os.environ[MASTER_ENV] = secrets.master_key.hex()
    run = uuid.uuid4().hex[:6]
    _progress(f"generating {cfg.events} events (seed {cfg.seed!r})")
    events = make_events(cfg.events, cfg.seed)
    warmup = make_events(WARMUP_EVENTS, f"{cfg.seed}-warmup")
    try:
        _progress("(d) engine alone, in process")
        results.rates["engine"] = engine_rate(cfg, events)
        _progress(f"(d) engine: {results.rates['engine']:,.0f}/s")
        # The pass-throughs take about a second for `events`: the same events several times over
        # make their figures less noisy (a pass-through does not look at the contents).
        repeated = list(events) * cfg.passthrough_repeat
        for role, key, label in (
            ("passthrough-txn", "passthrough_txn", "(a) pass-through, transactional"),
            ("passthrough-plain", "passthrough_plain", "(a') pass-through, no transactions"),
        ):
            _progress(label)
            rate, _ = await throughput(
                cfg, _settings(cfg, run, key), [role], repeated, warmup, label=label
            )
            results.rates[key] = rate
        _progress("(c) full worker, one process, then latency at 70 % load")
        # Enough for the latency run at `load` x (c)'s rate; (c) is below the engine's rate.
        loads = sum(max(load, 0.1) for load in {*cfg.curve, cfg.load})
        lat_n = max(200, int(results.rates["engine"] * loads * cfg.latency_seconds))
        lat_events = make_events(lat_n, f"{cfg.seed}-latency")
        rate1, _ = await throughput(
            cfg,
            _settings(cfg, run, "worker1"),
            ["worker"],
            events,
            warmup,
            latency=lat_events,
            results=results,
            label="1 worker",
        )
        results.rates["worker_1"] = rate1
        _progress("(c) two worker processes in one group")
        rate2, _ = await throughput(
            cfg,
            _settings(cfg, run, "worker2"),
            ["worker", "worker"],
            events,
            warmup,
            results=results,
            label="2 workers",
        )
        results.rates["worker_2"] = rate2
    finally:
        await _delete_topics(cfg.bootstrap, f"bench{run}.")
    results.notes.append(
        "rates: publish start to last output visible to read_committed; "
        "(a) transactional per input partition like the worker, (a') idempotent + commit; "
        "(d) Engine.process in batches"
    )
    return results


def render(results: Results) -> None:
    """The rich table on stdout."""
    from rich.console import Console
    from rich.table import Table

    r = results.rates
    ratios = results.ratios()
    met = results.targets()
    table = Table(title="Streaming benchmark")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("target", justify="right")
    table.add_column("met")

    def row(name: str, value: str, target: str = "", ok: bool | None = None) -> None:
        table.add_row(name, value, target, "" if ok is None else ("yes" if ok else "NO"))

    labels = {
        "passthrough_txn": "(a) aiokafka pass-through, transactional",
        "passthrough_plain": "(a') aiokafka pass-through, no transactions",
        "worker_1": "(c) full pipeline, 1 worker",
        "worker_2": "(c) full pipeline, 2 workers",
        "engine": "(d) engine alone",
    }
    for key, label in labels.items():
        if key in r:
            row(f"{label} [events/s]", f"{r[key]:,.0f}")
    for key, label, target in (
        ("pipeline_vs_engine", "(c)/(d)", ">= 0.5"),
        ("two_vs_one_worker", "speed-up 1 -> 2 workers", ""),
    ):
        if key in ratios:
            row(label, f"{ratios[key]:.2f}", target, met.get(key))
    for point in results.latency_curve[:-1]:
        where = f"at {point['rate']:,.0f}/s ({point['load']:.0%})"
        row(f"latency p50 / p99 {where} [ms]", f"{point['p50']:.0f} / {point['p99']:.0f}")
    lat = results.latency_ms
    if lat:
        row(f"latency p50 at {lat['rate']:,.0f}/s [ms]", f"{lat['p50']:.0f}")
        row(
            f"latency p99 at {lat['rate']:,.0f}/s [ms]",
            f"{lat['p99']:.0f}",
            "<= 250",
            met["p99_ms"],
        )
    for name, rss in results.rss_mb.items():
        row(f"peak RSS {name} [MB]", f"{rss:.0f}", "<= 600", rss <= TARGETS["rss_mb"])
    Console().print(table)


def run_from_args(args: argparse.Namespace) -> int:
    """Run the benchmark as the parsed arguments say; print the table, write the JSON."""
    bootstrap = args.bootstrap or os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or "127.0.0.1:9092"
    cfg = BenchConfig(
        bootstrap=bootstrap,
        events=args.events,
        seed=args.seed,
        partitions=args.partitions,
        batch_size=args.batch_size,
        batch_timeout_ms=args.batch_timeout_ms,
        latency_seconds=args.latency_seconds,
        load=args.load,
        curve=tuple(float(x) for x in args.curve.split(",") if x) if args.curve else (),
        passthrough_repeat=args.passthrough_repeat,
    )
    started = time.monotonic()
    results = asyncio.run(run_bench(cfg))
    results.config["wall_seconds"] = round(time.monotonic() - started, 1)
    render(results)
    if args.json:
        args.json.write_text(json.dumps(results.to_json(), indent=2) + "\n")
        _progress(f"figures written to {args.json}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m pipeline.streaming.bench`; `--role` runs one child processor."""
    from pipeline.streaming.cli import add_bench_arguments

    parser = argparse.ArgumentParser(
        prog="python -m pipeline.streaming.bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_bench_arguments(parser)
    parser.add_argument("--role", choices=ROLES, help=argparse.SUPPRESS)
    parser.add_argument("--settings", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.role:
        return _run_child(args.role, StreamSettings(**json.loads(args.settings)))
    return run_from_args(args)


if __name__ == "__main__":
    sys.exit(main())
