"""DP in the streaming aggregator's state (over a plain dict, as its changelog holds it): the ε
ledger lives in the same store as the releases, refuses overspending and never spends twice."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from pipeline.aggregation.aggregator import default_validator
from pipeline.aggregation.engine import Pending, WindowStore
from pipeline.aggregation.messages import decode, encode
from pipeline.aggregation.observer import Observer, routing_key
from pipeline.aggregation.settings import AggregationSettings
from pipeline.aggregation.windows import iso
from pipeline.config.policy import AggregateSettings
from pipeline.streaming.aggregator.settings import aggregation_settings
from pipeline.streaming.settings import StreamSettings
from tests.aggregation.test_engine import T0, Book, page

STREAM = StreamSettings(
    streams=("analytics_events",),
    allowed_lateness_s=0,
    k_analytics=2,
    k_ads=2,
    window_size_s=3600,
)
K = aggregation_settings(STREAM, AggregateSettings())
DP = aggregation_settings(
    STREAM,
    AggregateSettings.model_validate(
        {
            "mechanisms": {"ads.audience": "dp"},
            "dp": {"epsilon_per_window": 0.6, "budget_per_day": 1.0},
        }
    ),
)


class DpHarness:
    def __init__(self, store: dict[str, Any], settings: AggregationSettings = DP) -> None:
        self.store = store
        self.observer = Observer(settings)
        self.windows = WindowStore(settings, store, Book(), default_validator())
        self.published: list[Pending] = []

    def run(self, records: list[dict[str, Any]], first_offset: int = 0) -> None:
        for offset, record in enumerate(records, first_offset):
            for _, message in self.observer.observe(
                "analytics_events", json.dumps(record).encode(), "sanitized/0", offset, 0.0
            ):
                for pending in self.windows.handle(0, decode(encode(message))):
                    self.published.append(pending)
                    self.windows.finish(pending)

    def reports(self) -> list[dict[str, Any]]:
        return [p.report.to_json() for p in self.published if p.metric == "ads.audience"]


def _hour(hour: int, subjects: range) -> list[dict[str, Any]]:
    return [page(n, hour * 60 + 5) for n in subjects]


def test_dp_observations_of_a_day_share_one_partition_key() -> None:
    observer = Observer(DP)
    keys = {
        key
        for record in (page(1, 5), page(2, 125))
        for key, message in observer.observe(
            "analytics_events", json.dumps(record).encode(), "s/0", 0, 0.0
        )
        if getattr(message, "metric", None) == "ads.audience"
    }
    assert keys == {routing_key("ads.audience", iso(T0)[:10])}


def test_budget_refuses_the_window_that_would_overspend_and_a_restart_spends_nothing_twice() -> (
    None
):
    store: dict[str, Any] = {}
    first = DpHarness(store)
    first.run(_hour(0, range(200)))  # window 10:00, 200 visitors, still open
    restarted = DpHarness(store)  # a restart mid-window: the state is the changelog's
    restarted.run(_hour(0, range(200)))  # replayed observations: duplicates, skipped
    restarted.run(_hour(1, range(300, 500)), first_offset=1000)  # 11:00 closes 10:00
    restarted.run(_hour(2, range(600, 610)), first_offset=2000)  # 12:00 closes 11:00
    reports = restarted.reports()
    assert [r["window_start"][11:16] for r in reports] == ["10:00", "11:00"]
    spent, refused = reports
    assert spent["mechanism"] == "dp" and spent["released"] == 1
    assert (spent["epsilon_spent"], spent["epsilon_left"]) == (0.6, 0.4)
    assert "budget" in refused["refused"] and refused["released"] == 0
    released = [r for p in restarted.published for r in p.records]
    assert abs(released[0]["distinct_visitors"] - 200) < 40  # counted once despite the replay
    ledger = [json.loads(k) for k in store if k.startswith('["b"')]
    assert [k[3] for k in ledger] == [iso(T0)]  # one window spent, once
    # the next day has its own budget
    day2 = T0 + timedelta(days=1)
    later = DpHarness(store)
    later.run([page(n, 24 * 60 + 5) for n in range(700, 900)], first_offset=3000)
    later.run([page(n, 24 * 60 + 65) for n in range(900, 905)], first_offset=4000)
    [next_day] = [r for r in later.reports() if r["window_start"] == iso(day2)]
    assert "refused" not in next_day and next_day["epsilon_spent"] == 0.6


def test_a_mechanism_changed_at_a_restart_mid_window_releases_that_window_by_neither() -> None:
    for before, after in ((K, DP), (DP, K)):
        store: dict[str, Any] = {}
        DpHarness(store, before).run(_hour(0, range(100)))  # window 10:00 open at the restart
        restarted = DpHarness(store, after)
        restarted.run(_hour(0, range(100, 200)), first_offset=1000)
        restarted.run(_hour(1, range(300, 500)), first_offset=2000)  # 11:00 closes 10:00
        restarted.run(_hour(2, range(600, 610)), first_offset=3000)  # 12:00 closes 11:00
        first, second = restarted.reports()
        assert first["released"] == 0 and first["records"] == 0
        assert first["refused"].startswith("mechanism: the window was opened under")
        assert second["released"] >= 1 and "refused" not in second  # counted under one
        ledger = [json.loads(k)[3] for k in store if k.startswith('["b"')]
        assert ledger == ([iso(T0 + timedelta(hours=1))] if after is DP else [])  # 10:00: none
