"""The aggregation engine over a plain dict (no broker): what the streaming changelog holds."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from pipeline.aggregation import aggregate_window
from pipeline.aggregation.aggregator import default_validator
from pipeline.aggregation.engine import Pending, WindowStore
from pipeline.aggregation.messages import Forget, Message, decode, encode
from pipeline.aggregation.observer import Observer
from pipeline.aggregation.settings import AggregationSettings, metrics_for
from pipeline.aggregation.windows import Window

T0 = datetime(2025, 5, 1, 10, tzinfo=UTC)
SETTINGS = AggregationSettings(
    metrics=metrics_for(["analytics_events"]),
    allowed_lateness=timedelta(0),
    k_analytics=2,
    k_ads=2,
    idle=timedelta(seconds=5),
)


def tok(n: int) -> str:
    return f"tok_{n:032x}"


def page(subject: int, minutes: float, browser: str = "Chrome") -> dict[str, Any]:
    return {
        "timestamp": (T0 + timedelta(minutes=minutes)).isoformat(),
        "anonymous_id": tok(subject),
        "event_type": "page_view",
        "url": "https://www.voxly.io/pricing",
        "user_agent": {"browser_family": browser, "os_family": "Linux", "device_class": "desktop"},
        "referrer": "google.com",
    }


class Book:
    def __init__(self) -> None:
        self.blocked_subjects: set[str] = set()
        self.dns: dict[str, datetime] = {}

    def blocked(self, subject: str) -> str | None:
        return "erase" if subject in self.blocked_subjects else None

    def admits(self, metric: str, subject: str, at: datetime) -> bool:
        if subject in self.blocked_subjects:
            return False
        since = self.dns.get(subject)
        return not (metric.startswith("ads.") and since is not None and at >= since)


class Harness:
    """An observer and a store on one partition; messages applied in the order sent."""

    def __init__(self, store: dict[str, Any] | None = None, book: Book | None = None) -> None:
        self.store: dict[str, Any] = {} if store is None else store
        self.book = book or Book()
        self.observer = Observer(SETTINGS)
        self.windows = WindowStore(SETTINGS, self.store, self.book, default_validator())
        self.published: list[Pending] = []
        self.log: list[Message] = []  # the internal topic

    def send(self, records: list[dict[str, Any]], first_offset: int = 0, wall: float = 0.0) -> None:
        for offset, record in enumerate(records, first_offset):
            value = json.dumps(record).encode()
            for _, message in self.observer.observe(
                "analytics_events", value, "sanitized/0", offset, wall
            ):
                self.log.append(message)

    def apply(self, messages: list[Message]) -> None:
        for message in messages:
            for pending in self.windows.handle(0, decode(encode(message))):
                self.published.append(pending)
                self.windows.finish(pending)

    def released(self, metric: str) -> list[dict[str, Any]]:
        return [r for p in self.published if p.metric == metric for r in p.records]


def test_replayed_observations_count_once_and_a_window_is_released_once() -> None:
    records = [page(n % 4, n) for n in range(12)] + [page(9, 30, "Firefox")]
    h = Harness()
    h.send(records)
    h.apply(h.log)
    h.apply(h.log)  # every message again, as after a crash before any offset commit
    assert h.published == []
    h.send([page(20, 24 * 60 + 1)], first_offset=100)
    h.apply([h.log[-2], h.log[-1], h.observer.tick(1.0)])
    h.apply(h.log)  # and a replay after the release: late, never a second release
    metrics = sorted(p.metric for p in h.published)
    assert metrics == ["ads.audience", "analytics.web_traffic"]
    for metric, window in (
        ("analytics.web_traffic", Window(T0, T0 + timedelta(hours=1))),
        ("ads.audience", Window(T0 - timedelta(hours=10), T0 + timedelta(hours=14))),
    ):
        expected = aggregate_window(records, metric, 2, window=window)  # type: ignore[arg-type]
        assert h.released(metric) == list(expected.records)
    left = [json.loads(k) for k in h.store if k.startswith('["t"')]
    assert {k[5] for k in left} == {tok(20)}  # released tallies are deleted, the next day's stay


def test_a_stored_release_is_published_again_unchanged_after_a_crash() -> None:
    h = Harness()
    h.send([page(n, n) for n in range(5)] + [page(9, 24 * 60 + 1)])
    due = []
    for message in [*h.log, h.observer.tick(1.0)]:
        due = h.windows.handle(0, message) or due
    assert due  # stored, not finished: the process dies before publishing
    restarted = Harness(store=dict(h.store), book=h.book)
    h.book.blocked_subjects.add(tok(1))  # consent changed meanwhile: the stored release stands
    again = restarted.windows.due(0)
    assert [p.records for p in again] == [p.records for p in due]


def test_consent_at_release_erasure_and_do_not_share_from_its_time() -> None:
    book = Book()
    h = Harness(book=book)
    h.send([page(n, 10) for n in (1, 2, 3)] + [page(4, 5), page(4, 50)])
    h.apply(h.log)
    book.dns[tok(4)] = T0 + timedelta(minutes=30)  # racing: known only after its events
    book.blocked_subjects.add(tok(3))
    assert h.windows.forget(0, tok(3)) == 2  # one cell in each metric
    assert not [k for k in h.store if tok(3) in k]
    h.send([page(20, 24 * 60 + 1)], first_offset=100)
    h.apply([*h.log[-2:], h.observer.tick(1.0)])
    [ads] = [r for r in h.released("ads.audience") if r["kind"] == "cell"]
    assert ads["distinct_visitors"] == 3  # 1, 2 and 4 (its first event precedes its choice)
    [web] = [r for r in h.released("analytics.web_traffic") if r["kind"] == "cell"]
    assert web["distinct_visitors"] == 3  # do-not-share does not touch analytics


def test_a_quiet_stream_follows_the_wall_clock_a_busy_one_does_not() -> None:
    h = Harness()
    h.send([page(n, 58) for n in range(3)], wall=1000.0)
    h.apply(h.log)
    h.apply([h.observer.tick(1004.0)])  # not quiet yet (idle 5 s)
    assert h.published == []
    h.apply([h.observer.tick(1121.0)])  # quiet: 58 min + 121 s passes the end of the hour
    assert [p.metric for p in h.published] == ["analytics.web_traffic"]


def test_forget_message_and_late_records_are_counted_not_added() -> None:
    h = Harness()
    h.send([page(1, 1), page(2, 2)])
    h.apply([*h.log, Forget(tok(1))])
    assert not [k for k in h.store if tok(1) in k]
    h.send([page(30, 24 * 60 + 1)], first_offset=50)
    h.apply([*h.log[-2:], h.observer.tick(1.0)])
    h.send([page(5, 3)], first_offset=60)  # the hour has closed: late
    h.windows.take_late()
    h.apply(h.log[-2:])
    # counted at once (the aggregator's pii_aggregate_records_late), not only in a later report
    assert h.windows.take_late() == {"analytics.web_traffic": 1, "ads.audience": 1}
    assert h.windows.take_late() == {}
    h.send([page(31, 2 * 24 * 60 + 1)], first_offset=70)
    h.apply([*h.log[-2:], h.observer.tick(2.0)])
    reports = [p.report for p in h.published if p.metric == "analytics.web_traffic"]
    assert reports[-1].dropped == {"late": 1}
