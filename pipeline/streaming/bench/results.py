"""Figures of one run: configuration, rates, latency, RSS; targets; the table."""

from __future__ import annotations

import logging
import math
import sys
import time
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

TARGETS = {
    "pipeline_vs_engine": 0.7,
    "two_vs_one_worker": 1.5,  # where the cores allow (broker, load and workers share them)
    "p99_ms": 250.0,
    "p99_vs_passthrough": 3.0,  # worker p99 / transactional pass-through p99, same rate
    "rss_mb": 600.0,
}

# What `peak_rss_mb` counts per worker (and what the rss_mb target is held to).
RSS_COUNTS = (
    "per worker: the sum of each of its processes' peak VmHWM - the event loop ('loop'), the "
    "engine process ('engine') and multiprocessing's resource tracker - as in "
    "peak_rss_mb_by_process; each process's own peak, so the sum bounds their peak together"
)

# The Kafka requests shown in the table (all of them are in the JSON).
REQUEST_COLUMNS = ("Fetch", "Produce", "AddPartitionsToTxn", "TxnOffsetCommit", "EndTxn")


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class BenchConfig:
    bootstrap: str
    events: int = 6000
    seed: str = "bench"
    partitions: int = 3
    batch_size: int = 256
    batch_timeout_ms: int = 100
    commit_interval_ms: int = 0  # the workers' (0: adaptive, see StreamSettings)
    latency_seconds: float = 10.0
    load: float = 0.7
    curve: tuple[float, ...] = ()  # further loads to measure latency at (below `load`)
    passthrough_repeat: int = 4
    # StreamSettings fields and values: the 1-worker phase again with them, side by side
    variants: tuple[dict[str, Any], ...] = ()
    broker_pid: int | None = None  # its CPU time is counted per phase (`cores_busy`)
    timeout_s: float = 180.0


@dataclass
class Results:
    config: dict[str, Any]
    rates: dict[str, float] = field(default_factory=dict)
    latency_ms: dict[str, float] = field(default_factory=dict)
    latency_curve: list[dict[str, float]] = field(default_factory=list)
    # worker -> its processes' peaks summed (the target's figure), and each (`Child.peak_rss_mb`)
    rss_mb: dict[str, float] = field(default_factory=dict)
    rss_by_process_mb: dict[str, dict[str, float]] = field(default_factory=dict)
    client_warnings: dict[str, dict[str, int]] = field(default_factory=dict)
    cpu: dict[str, dict[str, float]] = field(default_factory=dict)  # phase -> cores busy
    # phase -> Kafka API -> requests/s the processors sent, and all_per_event (bench.requests)
    requests: dict[str, dict[str, float]] = field(default_factory=dict)
    # phase -> stage -> p50 / p99 / mean of the slowest 1 % (bench.stages)
    stages_ms: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # phase -> process -> collector passes by generation and loop lag, ms (bench.pauses)
    pauses_ms: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    probe: Any = field(default=None, repr=False)  # the run's bench.pauses.Pauses
    variants: list[str] = field(default_factory=list)  # labels; latency_ms["variant<i>_p99"]

    def ratios(self) -> dict[str, float]:
        r = self.rates
        out: dict[str, float] = {}
        if r.get("engine") and r.get("worker_1"):
            out["pipeline_vs_engine"] = r["worker_1"] / r["engine"]
        if r.get("worker_1") and r.get("worker_2"):
            out["two_vs_one_worker"] = r["worker_2"] / r["worker_1"]
        lat = self.latency_ms
        if lat.get("p99") and lat.get("passthrough_p99"):
            out["p99_vs_passthrough"] = lat["p99"] / lat["passthrough_p99"]
        return out

    def targets(self) -> dict[str, bool]:
        ratios = self.ratios()
        met: dict[str, bool] = {}
        for name in ("pipeline_vs_engine", "two_vs_one_worker"):
            if name in ratios:
                met[name] = ratios[name] >= TARGETS[name]
        if "p99_vs_passthrough" in ratios:
            met["p99_vs_passthrough"] = (
                ratios["p99_vs_passthrough"] <= TARGETS["p99_vs_passthrough"]
            )
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
            "peak_rss_mb_by_process": self.rss_by_process_mb,
            "peak_rss_counts": RSS_COUNTS,
            "client_warnings": self.client_warnings,
            "cores_busy": self.cpu,
            "kafka_requests_per_s": self.requests,
            "stages_ms": self.stages_ms,
            "pauses_ms": self.pauses_ms,
            "targets": TARGETS,
            "targets_met": self.targets(),
            "variants": self.variants,
            "notes": self.notes,
        }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))
    return ordered[index]


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
        ("pipeline_vs_engine", "(c)/(d)", ">= 0.7"),
        ("two_vs_one_worker", "speed-up 1 -> 2 workers", ">= 1.5"),
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
    if "passthrough_p99" in lat:
        row(
            f"(a) pass-through p50 / p99 at {lat['passthrough_rate']:,.0f}/s [ms]",
            f"{lat['passthrough_p50']:.0f} / {lat['passthrough_p99']:.0f}",
        )
    for i, label in enumerate(results.variants):
        key = f"variant{i}"
        if f"{key}_p99" in lat:
            row(
                f"{label}: p50 / p99 at {lat[f'{key}_rate']:,.0f}/s [ms]",
                f"{lat[f'{key}_p50']:.0f} / {lat[f'{key}_p99']:.0f}",
            )
    if "p99_vs_passthrough" in ratios:
        row(
            "p99 worker / p99 pass-through",
            f"{ratios['p99_vs_passthrough']:.2f}",
            "<= 3",
            met.get("p99_vs_passthrough"),
        )
    for label, counts in results.client_warnings.items():
        if counts:
            text = ", ".join(f"{name} {n}" for name, n in sorted(counts.items()))
            row(f"client warnings, {label}", text)
    for label, used in results.cpu.items():
        if "machine" in used:
            row(
                f"cores: processors (engines) / bench / broker / rest, {label}",
                f"{used['processors']:.2f} ({used['engines']:.2f}) / {used['bench']:.2f} / "
                f"{used.get('broker', math.nan):.2f} / {used['rest']:.2f}",
                f"of {used['cores']:.0f}",
            )
        if "processors_ms_per_event" in used:
            loop = used["processors_ms_per_event"] - used["engines_ms_per_event"]
            row(
                f"CPU ms/event: loops / engines / broker, {label}",
                f"{loop:.2f} / {used['engines_ms_per_event']:.2f} / "
                f"{used.get('broker_ms_per_event', math.nan):.2f}",
            )
    for label, rates in results.requests.items():
        if rates:
            shown = [f"{rates.get(api, 0.0):,.0f}" for api in REQUEST_COLUMNS]
            bench = [f"{rates.get('bench ' + api, 0.0):,.0f}" for api in ("Produce", "Fetch")]
            row(
                f"requests/s: {' / '.join(REQUEST_COLUMNS)} (per event); the bench's "
                f"Produce / Fetch, {label}",
                f"{' / '.join(shown)} ({rates.get('all_per_event', math.nan):.2f}); "
                f"{' / '.join(bench)}",
            )
    for label, procs in results.pauses_ms.items():
        shown = []
        for name, figures in procs.items():
            gen2, lag = figures.get("gc_ms", {}).get("gen2", {}), figures.get("loop_lag_ms")
            text = f"{name} {gen2.get('n', 0)} / {gen2.get('max', 0):.0f}"
            shown.append(text + (f" ({lag['p99']:.0f} / {lag['max']:.0f})" if lag else ""))
        row(f"gen-2 passes / max [ms] (loop lag p99 / max), {label}", "; ".join(shown))
    config = results.config
    if "load_average_end" in config:
        row(
            "machine load average (1 min), start / end",
            f"{config['load_average_start']:.1f} / {config['load_average_end']:.1f}",
        )
    for name, rss in results.rss_mb.items():
        parts = results.rss_by_process_mb.get(name, {})
        each = " + ".join(f"{kind} {mb:.0f}" for kind, mb in parts.items())
        row(
            f"peak RSS {name}, sum of its processes [MB]" + (f" ({each})" if each else ""),
            f"{rss:.0f}",
            "<= 600",
            rss <= TARGETS["rss_mb"],
        )
    Console().print(table)
