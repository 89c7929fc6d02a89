"""Where the latency goes: the workers' stage times (`worker.stages`) joined with what the
collector saw, for the records of the paced run at the target load.

Each worker child writes its stage clock to `<prefix>.<pid>.json` when it stops; a record's
stages are differences of wall-clock times taken in three processes (worker, engine process,
bench) on one machine. `visible` is from its transaction's commit to the collector seeing it.

Each transaction's own timeline (`worker.stages.TXN_POINTS`, in `<prefix>.<pid>.txns.json`) gives
`TXN_SPANS` over the transactions that committed during the paced run: how long one waited for
the task's previous commit, how long its begin took (AddOffsetsToTxn, with any retry after
CONCURRENT_TRANSACTIONS, and TxnOffsetCommit), how long its records then waited for it to be
open, and its produce and EndTxn.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from pipeline.streaming.bench.results import percentile

log = logging.getLogger(__name__)

STAGES_ENV = "PII_BENCH_STAGES"  # a path prefix: worker children write their stage clock there

# (name, from point, to point); "seen" is the collector's.
SPANS = (
    ("fetch", "published", "fetched"),
    ("inbox", "fetched", "taken"),
    ("queue", "taken", "engine_in"),
    ("handover", "engine_in", "engine_start"),
    ("engine", "engine_start", "engine_end"),
    ("return", "engine_end", "engine_out"),
    ("txn_wait", "engine_out", "txn_start"),
    ("produce", "txn_start", "produced"),
    ("end_txn", "produced", "committed"),
    ("visible", "committed", "seen"),
)


# (name, from point, to point) of a transaction; waits that may not happen count as 0.
TXN_SPANS = (
    ("txn: previous commit", "gathered", "begun"),
    ("txn: begin+offsets", "begun", "open"),
    ("txn: results after open", "ready", "sending"),
    ("txn: produce", "sending", "produced"),
    ("txn: end", "produced", "committed"),
)


def read_transactions(files: Iterable[Path]) -> list[dict[str, float]]:
    found: list[dict[str, float]] = []
    for path in files:
        txns = path.with_name(path.stem + ".txns.json")
        try:
            found.extend(json.loads(txns.read_text()))
        except (OSError, ValueError):
            continue
    return found


def transaction_spans(
    transactions: Iterable[Mapping[str, float]], start: float, end: float
) -> dict[str, dict[str, float]]:
    """Per `TXN_SPANS`, over the transactions committed between `start` and `end` (wall
    clock): p50, p99 and the mean, ms."""
    chosen = [t for t in transactions if start <= t.get("committed", 0.0) <= end]
    out: dict[str, dict[str, float]] = {}
    for name, first, last in TXN_SPANS:
        values = [max(0.0, (t[last] - t[first]) * 1000) for t in chosen if first in t and last in t]
        if values:
            out[name] = {
                "p50": round(percentile(values, 0.50), 1),
                "p99": round(percentile(values, 0.99), 1),
                "slowest_1pct_mean": round(sum(values) / len(values), 1),  # here: the mean
            }
    if chosen:
        out["transactions"] = {"p50": float(len(chosen)), "p99": 0.0, "slowest_1pct_mean": 0.0}
    return out


def read_points(files: Iterable[Path]) -> dict[str, dict[str, float]]:
    points: dict[str, dict[str, float]] = {}
    for path in files:
        try:
            points.update(json.loads(path.read_text()))
        except (OSError, ValueError) as exc:
            log.warning("no stage times from %s (%s)", path.name, type(exc).__name__)
    return points


def breakdown(
    points: Mapping[str, Mapping[str, float]], seen: Mapping[str, float]
) -> dict[str, dict[str, float]]:
    """Per stage, over the records seen: p50, p99, and the mean over the slowest 1 % (by
    published-to-seen) - what the p99 is made of. Records missing a point are left out."""
    rows: list[dict[str, float]] = []
    for event_id, at in seen.items():
        point = dict(points.get(event_id, {}))
        point["seen"] = at
        if not all(name in point for _, start, end in SPANS for name in (start, end)):
            continue
        row = {name: (point[end] - point[start]) * 1000 for name, start, end in SPANS}
        row["total"] = (point["seen"] - point["published"]) * 1000
        rows.append(row)
    if not rows:
        return {}
    rows.sort(key=lambda row: row["total"])
    tail = rows[-max(1, len(rows) // 100) :]
    out: dict[str, dict[str, float]] = {}
    for name in [*(span[0] for span in SPANS), "total"]:
        values = [row[name] for row in rows]
        out[name] = {
            "p50": round(percentile(values, 0.50), 1),
            "p99": round(percentile(values, 0.99), 1),
            "slowest_1pct_mean": round(sum(row[name] for row in tail) / len(tail), 1),
        }
    out["records"] = {"p50": float(len(rows)), "p99": float(len(rows)), "slowest_1pct_mean": 0.0}
    out["engine_ms_per_record"] = _engine_cost(points, seen)
    return out


def _engine_cost(
    points: Mapping[str, Mapping[str, float]], seen: Mapping[str, float]
) -> dict[str, float]:
    """Engine time per record of the trips (records sharing an engine_start), p50 and p90
    over the trips: the engine's own speed during the run, which drops when other processes
    take its core (the same events cost ~1 ms/record on a free core)."""
    trips: dict[float, list[float]] = {}
    for event_id in seen:
        point = points.get(event_id, {})
        if "engine_start" in point and "engine_end" in point:
            trips.setdefault(point["engine_start"], []).append(point["engine_end"])
    costs = [(max(ends) - start) * 1000 / len(ends) for start, ends in trips.items()]
    if not costs:
        return {}
    return {
        "p50": round(percentile(costs, 0.50), 2),
        "p90": round(percentile(costs, 0.90), 2),
        "trips": float(len(costs)),
    }


def paced_stages(files: Sequence[Path], seen: Mapping[str, float]) -> dict[str, dict[str, float]]:
    """`breakdown` of the paced run's records (`seen`), with the `transaction_spans` of the
    transactions that committed while it ran."""
    points = read_points(files)
    found = breakdown(points, seen)
    published = [points[k]["published"] for k in seen if "published" in points.get(k, {})]
    if found and published:
        found.update(
            transaction_spans(read_transactions(files), min(published), max(seen.values()))
        )
    return found


def render_line(label: str, stages: Mapping[str, Mapping[str, float]]) -> str:
    """One progress line: each stage's share of the slowest 1 % and its p99."""
    parts = [
        f"{name} {v['slowest_1pct_mean']:.0f}/{v['p99']:.0f}"
        for name, v in stages.items()
        if name not in ("records", "engine_ms_per_record", "transactions")
        and not name.startswith("txn: ")
    ]
    txn = [f"{name[5:]} {v['p50']:.0f}" for name, v in stages.items() if name.startswith("txn: ")]
    if txn:
        count = stages.get("transactions", {}).get("p50", 0)
        parts.append(f"{count:.0f} transactions, p50 [ms]: " + ", ".join(txn))
    cost = stages.get("engine_ms_per_record")
    if cost:
        parts.append(f"engine ms/record p50 {cost['p50']:.1f} (p90 {cost['p90']:.1f})")
    return f"{label}: stages, slowest-1% mean / p99 [ms]: " + ", ".join(parts)
