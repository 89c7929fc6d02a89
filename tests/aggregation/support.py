"""Synthetic sanitized records, an oracle computed straight from them, and the solver check."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
from hypothesis import strategies as st

from pipeline.aggregation import METRICS, MetricName, Release

HOUR_START = "2025-05-01T10:"


def token(n: int) -> str:
    return f"tok_{n:032x}"


@dataclass
class Group:
    subjects: set[int] = field(default_factory=set)
    events: int = 0
    billed: int = 0
    amount: Decimal = Decimal(0)
    page_views: int = 0
    signups: int = 0
    latencies: list[int] = field(default_factory=list)


# one row per record: (subject, dims, measures); dims in the metric's dimension order
Row = tuple[int, tuple[str, ...], tuple[int, int]]

_SMALL = {
    "country": ["DE", "FR", "US"],
    "direction": ["inbound", "outbound"],
    "cause": ["NORMAL_CLEARING", "NO_ANSWER"],
    "path": ["/", "/pricing", "/signup"],
    "browser": ["Chrome", "Firefox"],
    "referrer": ["google.com", None],
    "status": [200, 404, 500],
}


@st.composite
def rows(draw: st.DrawFn, metric: MetricName, max_subjects: int = 25) -> list[dict[str, Any]]:
    """Sanitized records of `metric`'s stream, all in the window 10:00-11:00 (ads: that day)."""
    count = draw(st.integers(0, 60))
    pick = lambda name: st.sampled_from(_SMALL[name])  # noqa: E731
    records = []
    for _ in range(count):
        subject = draw(st.integers(0, max_subjects))
        minute = draw(st.integers(0, 59))
        at = f"{HOUR_START}{minute:02d}:00+00:00"
        if metric == "analytics.call_volume":
            direction = draw(pick("direction"))
            us = {"token": token(10_000 + subject), "country": draw(pick("country"))}
            them = {"token": token(subject), "country": draw(pick("country"))}
            us.update(line_type="mobile")
            them.update(line_type="mobile")
            inbound = direction == "inbound"
            records.append(
                {
                    "initiation_time": at,
                    "call_direction": direction,
                    "from_number": them if inbound else us,
                    "to_number": us if inbound else them,
                    "hangup_cause_name": draw(pick("cause")),
                    "bill_duration": draw(st.integers(0, 600)),
                    "total_amount": f"0.{draw(st.integers(0, 99999)):05d}",
                    "account_id": token(99),
                }
            )
        elif metric == "analytics.webhook_health":
            records.append(
                {
                    "timestamp": at,
                    "call_uuid": token(subject),
                    "response": {"status": draw(pick("status"))},
                    "latency_ms": draw(st.integers(1, 5000)),
                }
            )
        else:
            records.append(
                {
                    "timestamp": at,
                    "anonymous_id": token(subject),
                    "event_type": draw(st.sampled_from(["page_view", "signup", "click"])),
                    "url": f"https://www.voxly.io{draw(pick('path'))}?utm_source=x",
                    "user_agent": {
                        "browser_family": draw(pick("browser")),
                        "os_family": "Windows",
                        "device_class": "desktop",
                    },
                    "referrer": draw(pick("referrer")),
                }
            )
    return records


def oracle_key(metric: MetricName, record: dict[str, Any]) -> tuple[tuple[str, ...], int]:
    """Cell key and subject, read the obvious way from a synthetic record."""
    if metric == "analytics.call_volume":
        inbound = record["call_direction"] == "inbound"
        outside = record["from_number"] if inbound else record["to_number"]
        key = (
            record["from_number"]["country"],
            record["to_number"]["country"],
            record["call_direction"],
            record["hangup_cause_name"],
        )
        return key, int(outside["token"][4:], 16)
    if metric == "analytics.webhook_health":
        return (f"{record['response']['status'] // 100}xx",), int(record["call_uuid"][4:], 16)
    path = record["url"].split("voxly.io", 1)[1].split("?", 1)[0]
    browser = record["user_agent"]["browser_family"]
    referrer = record["referrer"] or "none"
    subject = int(record["anonymous_id"][4:], 16)
    if metric == "ads.audience":
        return ("unknown", browser, referrer), subject
    return (path, browser, "Windows", "desktop", "unknown", referrer), subject


# free-form dimensions (index in the key) and the values kept whatever their count
_FREE = {"analytics.web_traffic": {0: {"unknown"}, 5: {"google.com", "none"}}}
_FREE["ads.audience"] = {2: {"google.com", "none"}}


def oracle(
    metric: MetricName, records: list[dict[str, Any]], k: int = 1
) -> dict[tuple[str, ...], Group]:
    """Every cell of the window with its subjects and plain sums; a path or referrer seen from
    fewer than k subjects is "other"."""
    free = _FREE.get(metric, {})
    seen: dict[tuple[int, str], set[int]] = defaultdict(set)
    for record in records:
        key, subject = oracle_key(metric, record)
        for i in free:
            seen[i, key[i]].add(subject)
    cells: dict[tuple[str, ...], Group] = defaultdict(Group)
    for record in records:
        key, subject = oracle_key(metric, record)
        key = tuple(
            "other" if i in free and v not in free[i] and len(seen[i, v]) < k else v
            for i, v in enumerate(key)
        )
        group = cells[key]
        group.subjects.add(subject)
        group.events += 1
        group.billed += record.get("bill_duration", 0)
        group.amount += Decimal(record.get("total_amount", "0"))
        group.page_views += record.get("event_type") == "page_view"
        group.signups += record.get("event_type") == "signup"
        if "latency_ms" in record:
            group.latencies.append(record["latency_ms"])
    return dict(cells)


def members(
    metric: MetricName, published: dict[str, Any], keys: list[tuple[str, ...]]
) -> list[tuple[str, ...]]:
    """The oracle cells a released record (cell, margin or total) covers."""
    spec = METRICS[metric]
    if published["kind"] == "total":
        return keys
    names = [spec.margin] if published["kind"] == "margin" else list(spec.dimensions)
    index = [spec.dimensions.index(name) for name in names if name is not None]
    return [key for key in keys if all(key[i] == published[spec.dimensions[i]] for i in index)]


def determined_unknowns(metric: MetricName, release: Release, keys: list[tuple[str, ...]]) -> list:
    """Suppressed cells whose value follows linearly from the published cells and sums.

    Published cells are known constants; each published margin or total is one equation over
    the cells it covers. Cell j is determined iff e_j lies in the row space of the equations
    restricted to the unknown cells.
    """
    released = {
        tuple(r[d] for d in METRICS[metric].dimensions)
        for r in release.records
        if r["kind"] == "cell"
    }
    unknown = [key for key in keys if key not in released]
    if not unknown:
        return []
    column = {key: i for i, key in enumerate(unknown)}
    rows = []
    for record in release.records:
        if record["kind"] == "cell":
            continue
        row = np.zeros(len(unknown))
        for key in members(metric, record, keys):
            if key in column:
                row[column[key]] = 1
        rows.append(row)
    if not rows:
        return []
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for key, j in column.items():
        unit = np.zeros(len(unknown))
        unit[j] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(key)
    return found
