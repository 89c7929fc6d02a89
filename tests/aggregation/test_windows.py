"""Tumbling windows close once; a record arriving after the close is dropped, never re-published."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.aggregation import Aggregator, Pending, WindowSpec
from pipeline.aggregation.windows import parse_timestamp


def _call(at: str, subject: int) -> dict[str, object]:
    return {"timestamp": at, "call_uuid": f"tok_{subject:032x}", "latency_ms": 10}


def test_windows_are_aligned_half_open_and_days_start_at_utc_midnight() -> None:
    hourly = WindowSpec()
    moment = parse_timestamp("2025-05-01T12:59:59.999+02:00")
    assert moment is not None
    window = hourly.window_of(moment)
    assert (window.start, window.end) == (
        datetime(2025, 5, 1, 10, tzinfo=UTC),
        datetime(2025, 5, 1, 11, tzinfo=UTC),
    )
    assert not window.contains(window.end)
    daily = WindowSpec(size=timedelta(days=1)).window_of(moment)
    assert daily.start == datetime(2025, 5, 1, tzinfo=UTC)


def test_a_late_record_after_close_is_counted_as_dropped_and_not_republished() -> None:
    agg = Aggregator("analytics.webhook_health", k=1, lateness=timedelta(minutes=5))
    assert agg.add(_call("2025-05-01T10:10:00Z", 1)) == []
    # inside the allowed lateness the 10:00 window still takes records
    assert agg.add(_call("2025-05-01T11:04:00Z", 2)) == []
    assert agg.add(_call("2025-05-01T10:50:00Z", 3)) == []
    [first] = agg.add(_call("2025-05-01T11:05:00Z", 4))
    assert first.window.start.hour == 10
    assert [r["requests"] for r in first.records if r["kind"] == "total"] == [2]
    # the 10:00 window is closed now: this one is late
    assert agg.add(_call("2025-05-01T10:59:00Z", 5)) == []
    later = agg.advance(datetime(2025, 5, 2, tzinfo=UTC))
    assert [release.window.start.hour for release in later] == [11]
    assert later[0].dropped == {"late": 1}
    assert [r["requests"] for r in later[0].records if r["kind"] == "total"] == [2]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(0, 6 * 60), max_size=80),
    st.integers(0, 90),
)
def test_each_window_is_released_at_most_once_and_every_record_is_counted_or_dropped(
    minutes: list[int], lateness: int
) -> None:
    agg = Aggregator("analytics.webhook_health", k=1, lateness=timedelta(minutes=lateness))
    base = datetime(2025, 5, 1, tzinfo=UTC)
    releases: list[Pending] = []
    for i, minute in enumerate(minutes):
        at = (base + timedelta(minutes=minute)).isoformat()
        releases += agg.add(_call(at, i))
    releases += agg.advance(base + timedelta(days=2))
    windows = [release.window for release in releases]
    assert len(windows) == len(set(windows))
    assert windows == sorted(windows)
    counted = sum(r["requests"] for rel in releases for r in rel.records if r["kind"] == "total")
    dropped = sum(release.dropped_total for release in releases) + sum(agg.pending_drops.values())
    assert counted + dropped == len(minutes)


def test_erasing_a_subject_removes_its_contributions_from_open_windows() -> None:
    agg = Aggregator("analytics.webhook_health", k=1)
    agg.add(_call("2025-05-01T10:10:00Z", 1))
    agg.add(_call("2025-05-01T10:11:00Z", 2))
    assert agg.forget(f"tok_{1:032x}") == 1
    [release] = agg.advance(datetime(2025, 5, 2, tzinfo=UTC))
    assert [r["requests"] for r in release.records if r["kind"] == "total"] == [1]
