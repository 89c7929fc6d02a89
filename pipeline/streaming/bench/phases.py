"""The phases of one run, in a fixed order, each on its own topics."""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import os
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

from pipeline.streaming.bench import cpu, requests
from pipeline.streaming.bench.children import MASTER_ENV, TOKEN_ENV, Child, warnings_of
from pipeline.streaming.bench.collect import Collector, Publisher
from pipeline.streaming.bench.engine_alone import engine_rate
from pipeline.streaming.bench.events import Event, make_events
from pipeline.streaming.bench.pauses import Pauses
from pipeline.streaming.bench.results import BenchConfig, Results, percentile, progress
from pipeline.streaming.bench.stages import STAGES_ENV, paced_stages, render_line
from pipeline.streaming.kafka import clients
from pipeline.streaming.kafka.topics import ensure_topics
from pipeline.streaming.settings import StreamSettings

log = logging.getLogger(__name__)

WARMUP_EVENTS = 120


def _settings(cfg: BenchConfig, run: str, phase: str) -> StreamSettings:
    prefix = f"bench{run}.{phase}."
    return StreamSettings(
        bootstrap_servers=cfg.bootstrap,
        topic_prefix=prefix,
        group_id=f"{prefix}group",
        partitions=cfg.partitions,
        batch_size=cfg.batch_size,
        batch_timeout_ms=cfg.batch_timeout_ms,
        commit_interval_ms=cfg.commit_interval_ms,
        session_timeout_ms=6000,
    )


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
    latency_rate: float | None = None,
    latency_key: str = "passthrough",
    results: Results | None = None,
    label: str = "",
) -> tuple[float, list[Child]]:
    """Start the children, warm them up, publish `events`, time until all output is visible.

    With `latency` events: then the latency curve at `cfg.curve` and `cfg.load` times the rate
    just measured, or - with `latency_rate` - one point at that rate (the pass-through's latency
    at the worker's rate: `latency_ms.<latency_key>_p50/p99`)."""
    await ensure_topics(settings)
    collector = Collector(settings)
    publisher = Publisher(settings)
    await collector.start()
    await publisher.producer.start()
    children = [Child(role, settings) for role in roles]
    paced_seen: dict[str, float] = {}
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
        pids = [child.proc.pid for child in children if child.proc is not None]
        counted = os.environ.get(requests.REQUESTS_ENV)
        before = cpu.snapshot(pids, cfg.broker_pid)
        sent = requests.snapshot(counted, pids)
        if results is not None and results.probe is not None:
            results.probe.begin(label)
        started = time.perf_counter()
        await publisher.send_all(events)
        done = await collector.wait_for(base + len(events), cfg.timeout_s)
        if results is not None and results.probe is not None:
            results.probe.stop()
        rate = len(events) / (done - started)
        if results is not None:
            after = cpu.snapshot(pids, cfg.broker_pid)
            results.cpu[label] = cpu.cores_used(before, after, len(events))
            await asyncio.sleep(requests.WRITE_EVERY_S * 2)  # the counts up to `done` written
            results.requests[label] = requests.per_second(
                sent, requests.snapshot(counted, pids), done - started, len(events)
            )
        progress(f"{label}: {len(events)} events in {done - started:.2f} s = {rate:,.0f}/s")
        if latency is not None and results is not None and latency_rate is not None:
            before = cpu.snapshot(pids, cfg.broker_pid)
            sent = requests.snapshot(counted, pids)
            point = await _latency_point(
                cfg,
                publisher,
                collector,
                latency,
                latency_rate,
                latency_rate / rate,
                label,
                results.probe,
            )
            after = cpu.snapshot(pids, cfg.broker_pid)
            results.cpu[f"{label}, paced"] = cpu.cores_used(before, after, int(point["events"]))
            results.requests[f"{label}, paced"] = requests.per_second(
                sent,
                requests.snapshot(counted, pids),
                after.wall - before.wall,
                int(point["events"]),
            )
            results.latency_ms[f"{latency_key}_p50"] = point["p50"]
            results.latency_ms[f"{latency_key}_p99"] = point["p99"]
            results.latency_ms[f"{latency_key}_rate"] = point["rate"]
            paced_seen = dict(collector.seen_wall)
        elif latency is not None and results is not None:
            # Lower loads first (the curve), the target load last; each on fresh events.
            offset = 0
            for load in [*sorted(x for x in cfg.curve if x != cfg.load), cfg.load]:
                lat_rate = rate * load
                count = max(100, int(lat_rate * cfg.latency_seconds))
                chunk = latency[offset : offset + count]
                offset += count
                before = cpu.snapshot(pids, cfg.broker_pid)
                sent = requests.snapshot(counted, pids)
                point = await _latency_point(
                    cfg, publisher, collector, chunk, lat_rate, load, label, results.probe
                )
                after = cpu.snapshot(pids, cfg.broker_pid)
                results.cpu[f"{label}, {load:.0%} load"] = cpu.cores_used(
                    before, after, int(point["events"])
                )
                results.requests[f"{label}, {load:.0%} load"] = requests.per_second(
                    sent,
                    requests.snapshot(counted, pids),
                    after.wall - before.wall,
                    int(point["events"]),
                )
                results.latency_curve.append(point)
            results.latency_ms.update(results.latency_curve[-1])
            paced_seen = dict(collector.seen_wall)  # the target load's records (`stages`)
        if results is not None:
            results.client_warnings[label] = warnings_of(children)
        for i, child in enumerate(children):
            rss = child.peak_rss_mb()
            if rss and results is not None and child.role == "worker":
                results.rss_mb[f"{label} #{i + 1}"] = sum(rss.values())
                results.rss_by_process_mb[f"{label} #{i + 1}"] = rss
    finally:
        await asyncio.gather(*(child.stop() for child in children))
        await publisher.producer.stop()
        await collector.stop()
    if results is not None and results.probe is not None:
        started_pids = [child.proc.pid for child in children if child.proc is not None]
        results.pauses_ms.update(results.probe.end(started_pids))
    prefix = os.environ.get(STAGES_ENV)
    if paced_seen and prefix and results is not None:
        files = [Path(f"{prefix}.{c.proc.pid}.json") for c in children if c.proc is not None]
        if os.environ.get(STAGES_ENV + "_KEEP"):
            Path(f"{prefix}.seen.{label.replace(' ', '_')}.json").write_text(json.dumps(paced_seen))
        found = paced_stages(files, paced_seen)
        if found:
            where = f"{latency_rate:,.0f}/s" if latency_rate is not None else f"{cfg.load:.0%} load"
            results.stages_ms[f"{label}, {where}"] = found
            progress(render_line(label, found))
    return rate, children


async def _latency_point(
    cfg: BenchConfig,
    publisher: Publisher,
    collector: Collector,
    events: Sequence[Event],
    rate: float,
    load: float,
    label: str,
    probe: Pauses | None = None,
) -> dict[str, float]:
    """Publish `events` at `rate`, evenly; latency to visible-to-read_committed, ms."""
    count = max(100, int(rate * cfg.latency_seconds))
    events = events[:count]
    progress(f"{label}: latency at {rate:,.0f} events/s ({load:.0%} load)")
    await asyncio.sleep(1.0)
    if probe is not None:
        probe.begin(f"{label}, paced at {rate:,.0f}/s")
    base = collector.count
    collector.latencies.clear()
    collector.seen_wall.clear()
    await publisher.paced(events, rate, collector)
    await collector.wait_for(base + len(events), cfg.timeout_s)
    if probe is not None:
        probe.stop()
    values = [x * 1000 for x in collector.latencies]
    point = {
        "load": load,
        "rate": rate,
        "samples": float(len(values)),
        "events": float(len(events)),
        "p50": percentile(values, 0.50),
        "p99": percentile(values, 0.99),
        "max": max(values),
    }
    progress(f"{label}: p50 {point['p50']:.0f} ms, p99 {point['p99']:.0f} ms")
    return point


async def _delete_topics(settings: StreamSettings, prefix: str) -> None:
    admin = clients.admin(settings, client_id="bench-admin")
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
    results.config["load_average_start"] = os.getloadavg()[0]
    secrets = Secrets.generate()
    os.environ[TOKEN_ENV] = secrets.token_key.hex()
    os.environ[MASTER_ENV] = secrets.master_key.hex()
    # The workers' stage clocks (bench.stages): kept where $PII_BENCH_STAGES says, if set.
    stage_dir = tempfile.TemporaryDirectory(prefix="stream-bench-stages-")
    keep = STAGES_ENV in os.environ
    if not keep:
        os.environ[STAGES_ENV] = str(Path(stage_dir.name) / "worker")
    counts_dir = tempfile.TemporaryDirectory(prefix="stream-bench-requests-")
    os.environ[requests.REQUESTS_ENV] = counts_dir.name
    requests.install(counts_dir.name)  # the publisher's and the collector's too
    results.probe = Pauses()  # collector passes and loop lag, per phase (bench.pauses)
    run = uuid.uuid4().hex[:6]
    progress(f"generating {cfg.events} events (seed {cfg.seed!r})")
    events = make_events(cfg.events, cfg.seed)
    warmup = make_events(WARMUP_EVENTS, f"{cfg.seed}-warmup")
    try:
        progress("(d) engine alone, in process")
        results.rates["engine"] = engine_rate(cfg, events)
        progress(f"(d) engine: {results.rates['engine']:,.0f}/s")
        # What this process holds from here on (the events, the modules (d) loaded) stays out
        # of its collector's passes: a full pass over it took 0.4-1.7 s, and the collector's
        # timestamps, the latencies, waited for it (`pauses_ms`, bench).
        gc.collect()
        gc.freeze()
        # The pass-throughs take about a second for `events`: the same events several times over
        # make their figures less noisy (a pass-through does not look at the contents).
        repeated = list(events) * cfg.passthrough_repeat
        for role, key, label in (
            ("passthrough-txn", "passthrough_txn", "(a) pass-through, transactional"),
            ("passthrough-plain", "passthrough_plain", "(a') pass-through, no transactions"),
        ):
            progress(label)
            rate, _ = await throughput(
                cfg,
                _settings(cfg, run, key),
                [role],
                repeated,
                warmup,
                results=results,
                label=label,
            )
            results.rates[key] = rate
        progress("(c) full worker, one process, then latency at 70 % load")
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
        lat_rate = results.latency_ms["rate"]
        progress(f"(a) transactional pass-through, latency at the worker's {lat_rate:,.0f}/s")
        await throughput(
            cfg,
            _settings(cfg, run, "passlat"),
            ["passthrough-txn"],
            warmup,
            warmup,
            latency=make_events(max(100, int(lat_rate * cfg.latency_seconds)), f"{cfg.seed}-pl"),
            latency_rate=lat_rate,
            results=results,
            label="(a) pass-through latency",
        )
        for update in cfg.variants:
            # The same worker with settings changed, side by side in this run: its max rate,
            # then its latency at the rate the worker's was measured at.
            changed = " ".join(f"{field}={value}" for field, value in update.items())
            label = f"1 worker, {changed}"
            progress(f"(c') {label}")
            varied = _settings(cfg, run, f"variant{len(results.variants)}").model_copy(
                update=update
            )
            rate_v, _ = await throughput(
                cfg,
                varied,
                ["worker"],
                events,
                warmup,
                latency=make_events(max(100, int(lat_rate * cfg.latency_seconds)), f"{cfg.seed}-v"),
                latency_rate=lat_rate,
                latency_key=f"variant{len(results.variants)}",
                results=results,
                label=label,
            )
            results.variants.append(label)
            results.rates[f"worker_1 {changed}"] = rate_v
        progress("(c) two worker processes in one group")
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
        await _delete_topics(StreamSettings(bootstrap_servers=cfg.bootstrap), f"bench{run}.")
        stage_dir.cleanup()
        counts_dir.cleanup()
        results.probe.close()
        gc.unfreeze()
        os.environ.pop(requests.REQUESTS_ENV, None)
        if not keep:
            os.environ.pop(STAGES_ENV, None)
    results.config["load_average_end"] = os.getloadavg()[0]
    results.notes.append(
        "rates: publish start to last output visible to read_committed; "
        "(a) transactional per input partition like the worker, (a') idempotent + commit; "
        "(d) Engine.process in batches"
    )
    return results
