"""DP mode on the broker: the aggregator releases ads.audience with OpenDP, spends ε from the
ledger in its changelog (committed with the release), survives a restart mid-window without
spending or counting anything twice, refuses the window that would overspend the day's budget,
and never publishes a cell of one subject (thresholded partition selection). The mechanism, ε and
budget come from the policy alone (`aggregates.mechanisms`, `aggregates.dp`), as for the file
command.

Sanitized records go straight to the sanitized topics (no worker) and a window is closed by a
record of a later window only once every record before it is on the internal topic: the sanitized
topics have several partitions, and with lateness 0 a closing record read first would make the
others late (that is what an earlier version of this test met: 18 of 146 visitors counted)."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from pipeline.aggregation.dp import DpSettings, selection_threshold
from pipeline.aggregation.windows import iso
from pipeline.outcome import StreamName
from pipeline.streaming.aggregator.topics import aggregate_changelog
from tests.streaming import test_aggregate_app
from tests.streaming.conftest import SettingsFactory
from tests.streaming.test_aggregate_app import (
    T0,
    _topics_with_consent,
    observed,
    page,
    publish,
    read,
    released,
    reports,
    start,
    state_key,
    until,
)
from tests.streaming.test_reloader import _policy

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(150)]
agg_settings = test_aggregate_app.agg_settings  # the fixture: topics deleted afterwards

EPSILON, BUDGET = 0.6, 1.0
CROWD = range(200)  # one cell: (unknown, Chrome, google.com)
SOLOS = range(1000, 1020)  # twenty cells of one visitor each


def dp_policy(path: Path, metric: str = "ads.audience") -> Path:
    """The bundled policy with `metric` released by DP at ε EPSILON, budget BUDGET a day."""
    text = _policy(path).read_text(encoding="utf-8")
    for old, new in (
        ("  mechanisms: {}", f"  mechanisms: {{{metric}: dp}}"),
        ("    epsilon_per_window: 0.5", f"    epsilon_per_window: {EPSILON}"),
        ("    budget_per_day: 4.0", f"    budget_per_day: {BUDGET}"),
    ):
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return path


def _visits(subjects: range, minute: int, **fields: Any) -> list[dict[str, Any]]:
    return [page(n, T0 + timedelta(minutes=minute), **fields) for n in subjects]


def _solos() -> list[dict[str, Any]]:
    return [page(n, T0 + timedelta(minutes=7), browser=f"Solo{n}") for n in SOLOS]


async def _ledger(settings: Any) -> dict[str, Any]:
    """Latest changelog value of every ε-ledger key ("b", partition, metric, window start)."""
    latest: dict[str, Any] = {}
    for message in await read(settings, aggregate_changelog(settings)):
        key = state_key(message)
        if key[0] == "b":
            latest[key[3]] = None if message.value is None else json.loads(message.value)
    return {start: value for start, value in latest.items() if value is not None}


async def _grids(settings: Any) -> dict[tuple[int, str], int]:
    """The window grid each internal partition holds, from the changelog."""
    found: dict[tuple[int, str], int] = {}
    for message in await read(settings, aggregate_changelog(settings)):
        key = state_key(message)
        if key[0] == "g" and message.value is not None:
            found[(key[1], key[2])] = json.loads(message.value)
    return found


async def _tallies(settings: Any, metric: str) -> int:
    keys = {
        json.dumps(state_key(m))
        for m in await read(settings, aggregate_changelog(settings))
        if state_key(m)[0] == "t" and state_key(m)[2] == metric and m.value is not None
    }
    return len(keys)


def test_dp_release_on_the_broker_spends_once_across_a_restart_and_refuses_overspending(
    agg_settings: SettingsFactory, tmp_path: Path
) -> None:
    settings = agg_settings(
        streams=("analytics_events",),
        window_size_s=3600,
        policy_path=dp_policy(tmp_path / "policy.yaml"),  # no PII_DP_*: the policy alone
    )
    stream: StreamName = "analytics_events"
    first = {stream: _visits(CROWD[:100], 5) + _solos()}
    second = {stream: _visits(CROWD[100:], 9)}
    next_hour = {stream: _visits(range(300, 500), 65)}  # window 11:00; closes 10:00
    closer = {stream: _visits(range(600, 601), 125)}  # window 12:00; closes 11:00

    async def run() -> list[dict[str, Any]]:
        await _topics_with_consent(settings)
        running = start(settings)
        try:  # the first aggregator counts half the crowd and the solos, and stops mid-window
            await publish(settings, first)
            await observed(settings, first, running)

            async def stored() -> bool:
                return await _tallies(settings, "ads.audience") >= 120

            await until(stored, running, "the first half's tallies in the changelog")
        finally:
            await running.finish()
        assert await _ledger(settings) == {}  # nothing spent on an open window
        running = start(settings)  # restarted: resumes from the changelog
        try:
            await publish(settings, second)
            seen = {stream: first[stream] + second[stream]}
            await observed(settings, seen, running)
            await publish(settings, next_hour)
            seen[stream] += next_hour[stream]
            await observed(settings, seen, running)
            await publish(settings, closer)

            async def two() -> bool:
                ads = [r for r in await reports(settings) if r["metric"] == "ads.audience"]
                return len(ads) >= 2

            await until(two, running, "both ads.audience reports")
            await asyncio.sleep(1.0)  # a second release of a window would show up by now
            return await reports(settings)
        finally:
            await running.finish()

    found = asyncio.run(run())
    ads = [r for r in found if r["metric"] == "ads.audience"]
    assert [r["window_start"] for r in ads] == [iso(T0), iso(T0 + timedelta(hours=1))]
    spent, refused = ads
    threshold = selection_threshold(DpSettings(epsilon=EPSILON), EPSILON)
    assert spent["mechanism"] == "dp" and spent["epsilon"] == EPSILON
    assert (spent["epsilon_spent"], spent["epsilon_left"]) == (EPSILON, round(BUDGET - EPSILON, 6))
    assert spent["threshold"] == threshold and "refused" not in spent
    assert spent["events"] == len(CROWD) + len(SOLOS)  # every record counted once, restart or not
    assert spent["dropped"] == {}
    assert (spent["cells"], spent["released"]) == (1 + len(SOLOS), 1)
    cells = asyncio.run(released(settings, "ads.audience"))
    assert [(c["country"], c["browser_family"], c["referrer_domain"]) for c in cells] == [
        ("unknown", "Chrome", "google.com")
    ]  # none of the twenty one-visitor cells
    assert abs(cells[0]["distinct_visitors"] - len(CROWD)) < 25  # Laplace scale 1/0.6: noisy
    assert refused["released"] == 0 and refused["records"] == 0
    assert refused["refused"].startswith(f"budget: {EPSILON:g} of {BUDGET:g} already spent")
    assert (refused["epsilon_spent"], refused["epsilon_left"]) == (
        spent["epsilon_spent"],
        spent["epsilon_left"],
    )  # the refused window spent nothing
    # one window grid per metric: the authority's answer reached every internal partition
    grids = asyncio.run(_grids(settings))
    assert grids == {(p, "analytics.web_traffic"): 3600 for p in range(settings.partitions)}
    ledger = asyncio.run(_ledger(settings))
    assert list(ledger) == [iso(T0)]  # one window spent, once
    assert ledger[iso(T0)]["epsilon"] == EPSILON
    assert ledger[iso(T0)]["records"] == cells  # what a replay would publish again: no new noise
