"""Findings of the adversarial review of the releases, one test each: dominance of sums, the
subject key, free-form cell keys (paths, referrers), one window grid per metric."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.aggregation import aggregate_window
from pipeline.aggregation.grids import GridBook, GridChange
from pipeline.aggregation.metrics import generalise_path
from pipeline.cli import main
from tests.aggregation.support import token


def _call(caller: int, seconds: int, cause: str = "NORMAL_CLEARING") -> dict[str, Any]:
    return {
        "initiation_time": "2026-03-01T10:05:00Z",
        "call_direction": "inbound",
        "from_number": {"token": token(caller), "country": "DE"},
        "to_number": {"token": token(9_999), "country": "US"},
        "hangup_cause_name": cause,
        "bill_duration": seconds,
        "total_amount": "0.01000",
    }


def test_a_sum_dominated_by_one_caller_is_suppressed_with_its_complement() -> None:
    # 10 callers; one holds 95 % of the billed seconds of the NORMAL_CLEARING cell
    calls = [_call(0, 9_500)] + [_call(i, 55) for i in range(1, 10)]
    calls += [_call(100 + i, 60, "NO_ANSWER") for i in range(12)]
    calls += [_call(200 + i, 60, "USER_BUSY") for i in range(12)]
    release = aggregate_window(calls, "analytics.call_volume", k=10)
    causes = {r["hangup_cause"] for r in release.records if r["kind"] == "cell"}
    assert "NORMAL_CLEARING" not in causes
    assert release.dominated >= 1
    # the DE margin and the total must not give the dominated cell by subtraction: with the
    # dominated cell withheld, a second cell of its block is withheld too (or the margin is)
    margins = [r for r in release.records if r["kind"] == "margin"]
    assert len(causes) <= 1 or not margins
    without_rule = aggregate_window(calls, "analytics.call_volume", k=10, dominance=None)
    assert "NORMAL_CLEARING" in {r.get("hangup_cause") for r in without_rule.records}


def _visit(cookie: int, account: int | None, referrer: str = "google.com") -> dict[str, Any]:
    return {
        "timestamp": "2026-03-01T10:05:00Z",
        "event_type": "page_view",
        "anonymous_id": token(cookie),
        "account_id": token(account) if account is not None else None,
        "url": "https://www.voxly.io/pricing",
        "referrer": referrer,
        "user_agent": {"browser_family": "Chrome", "os_family": "iOS", "device_class": "mobile"},
    }


def test_one_logged_in_person_with_ten_cookies_is_one_subject() -> None:
    one_person = [_visit(cookie, account=7) for cookie in range(10)]
    release = aggregate_window(one_person, "ads.audience", k=5)
    assert release.released == 0  # ten cookies, one account: one subject
    ten_people = [_visit(cookie, account=None) for cookie in range(10)]
    assert aggregate_window(ten_people, "ads.audience", k=5).released == 1


def test_a_personal_referrer_domain_never_keys_a_released_cell() -> None:
    visits = [_visit(i, None, "maria-garcia-lopez.com") for i in range(1)]
    visits += [_visit(10 + i, None, "google.com") for i in range(15)]
    visits += [_visit(100 + i, None, "news-site.example.org") for i in range(14)]
    visits += [_visit(200 + i, None, "forum.example.net") for i in range(12)]
    release = aggregate_window(visits, "ads.audience", k=10)
    referrers = {r.get("referrer_domain") for r in release.records}
    assert "maria-garcia-lopez.com" not in referrers  # one visitor: "other", suppressed
    assert "google.com" in referrers  # allow-listed
    assert "news-site.example.org" in referrers  # popular in the window: 14 visitors
    # forum.example.net (12) is the complementary cell that protects the lone "other"


def test_ids_and_rare_slugs_leave_the_path_dimension() -> None:
    assert generalise_path("/users/12345/profile") == "/users/<ID>/profile"
    assert generalise_path("/u/maria.garcia@example.org") == "/u/<ID>"
    assert generalise_path("/orders/3f2a9c1e-7b1d-4c1e-9f0a-1b2c3d4e5f6a") == "/orders/<ID>"
    visits = []
    for i in range(12):
        visit = _visit(i, None)
        visit["url"] = "https://www.voxly.io/pricing" if i else "https://www.voxly.io/p/john-smith"
        visits.append(visit)
    release = aggregate_window(visits, "analytics.web_traffic", k=10)
    paths = {r.get("path") for r in release.records if "path" in r}
    assert "/p/john-smith" not in paths  # one visitor's slug: bucketed as "other"


def test_a_second_window_grid_for_a_metric_is_refused(tmp_path: Path) -> None:
    records = [_visit(i, None) for i in range(12)]
    source = tmp_path / "sanitized.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    grids = tmp_path / "grids.json"
    base = ["aggregate", "analytics.web_traffic", "--input", str(source), "--grid-file", str(grids)]
    assert main([*base, "--output", str(tmp_path / "hour.jsonl")]) == 0
    assert json.loads(grids.read_text()) == {"analytics.web_traffic": 3600}
    # the same events on half-hour windows: a suppressed half-hour would follow by subtraction
    half = tmp_path / "half.jsonl"
    assert main([*base, "--window-minutes", "30", "--output", str(half)]) == 3
    assert not half.exists()
    assert main([*base, "--output", str(tmp_path / "again.jsonl")]) == 0  # same grid: fine


def test_grid_book_records_the_first_grid_and_refuses_another() -> None:
    book = GridBook({})
    book.check("ads.audience", 86_400)
    book.check("ads.audience", 86_400)
    with pytest.raises(GridChange, match="86400 s windows"):
        book.check("ads.audience", 3_600)
