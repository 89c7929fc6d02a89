"""Released aggregates equal what a straightforward computation over the input gives."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.aggregation import METRICS, MetricName, aggregate_window
from tests.aggregation.support import Group, members, oracle, rows


def _nearest_rank(values: list[int], p: int) -> int | None:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1] if ordered else None


def _expected(metric: MetricName, group: Group) -> dict[str, Any]:
    if metric == "analytics.call_volume":
        return {"calls": group.events, "billed_seconds": group.billed, "amount": group.amount}
    if metric == "analytics.web_traffic":
        visitors = len(group.subjects)
        return {
            "page_views": group.page_views,
            "distinct_visitors": visitors,
            "signups": group.signups,
        }
    if metric == "analytics.webhook_health":
        return {
            "requests": group.events,
            "latency_p50_ms": _nearest_rank(group.latencies, 50),
            "latency_p95_ms": _nearest_rank(group.latencies, 95),
        }
    return {"distinct_visitors": len(group.subjects)}


def _merge(groups: list[Group]) -> Group:
    merged = Group()
    for group in groups:
        merged.subjects |= group.subjects
        merged.events += group.events
        merged.billed += group.billed
        merged.amount += group.amount
        merged.page_views += group.page_views
        merged.signups += group.signups
        merged.latencies += group.latencies
    return merged


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(list(METRICS)).flatmap(lambda m: st.tuples(st.just(m), rows(m))))
def test_every_released_cell_margin_and_total_equals_the_oracle_at_k_1(
    case: tuple[MetricName, list[dict[str, Any]]],
) -> None:
    metric, records = case
    if not records:
        return
    cells = oracle(metric, records)
    release = aggregate_window(records, metric, k=1, dominance=None)  # arithmetic only
    assert release.suppressed == 0
    assert release.released == len(cells)
    kinds = [r["kind"] for r in release.records]
    assert kinds.count("cell") == len(cells)
    assert kinds.count("total") == 1
    for published in release.records:
        expected = _expected(
            metric, _merge([cells[key] for key in members(metric, published, sorted(cells))])
        )
        actual = {name: published[name] for name in expected}
        if "amount" in actual:
            actual["amount"] = Decimal(actual["amount"])
        assert actual == expected, published


def test_call_volume_sums_amounts_exactly_as_decimals() -> None:
    records = [
        {
            "initiation_time": f"2025-05-01T10:{i:02d}:00Z",
            "call_direction": "inbound",
            "from_number": {"token": f"tok_{i:032x}", "country": "DE", "line_type": "mobile"},
            "to_number": {"token": f"tok_{999:032x}", "country": "FR", "line_type": "mobile"},
            "hangup_cause_name": "NORMAL_CLEARING",
            "bill_duration": 60,
            "total_amount": "0.10000",
        }
        for i in range(10)
    ]
    release = aggregate_window(records, "analytics.call_volume", k=10)
    [cell] = [r for r in release.records if r["kind"] == "cell"]
    assert cell["amount"] == "1.00000"  # float addition would give 0.9999999999999999
    assert (cell["calls"], cell["billed_seconds"]) == (10, 600)


def test_records_without_subject_or_timestamp_are_dropped_and_counted() -> None:
    good = {"timestamp": "2025-05-01T10:00:00Z", "call_uuid": f"tok_{1:032x}", "latency_ms": 5}
    records = [good, {**good, "call_uuid": None}, {**good, "timestamp": "yesterday"}]
    release = aggregate_window(records, "analytics.webhook_health", k=1)
    assert release.dropped == {"no_subject": 1, "no_timestamp": 1}
    assert [r["requests"] for r in release.records if r["kind"] == "total"] == [1]
