"""The bench harness: counts, ratio and JSON figures, with stand-ins for corpus, engine, baseline.

The stand-ins make every figure predictable: the engine rejects every fifth event and keeps the
`note` field verbatim (so its planted e-mail survives) while dropping every other string; the
baseline returns events unchanged (everything it is given survives).
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pipeline.bench import cli, runner
from pipeline.bench.affinity import THREAD_ENV_VARS, pin_to_one_core
from pipeline.bench.parts import LabelledEventLike, LeakFinder
from pipeline.bench.report import LineProgress
from pipeline.bench.runner import BenchOptions, run_bench, stream_batches
from pipeline.outcome import STREAMS, Outcome, Rejected, Sanitized, StreamName

N_EVENTS = 20
N_BASELINE = 3


@dataclass(frozen=True)
class FakePlanted:
    entity_type: str
    value: str


@dataclass(frozen=True)
class FakeEvent:
    stream: StreamName
    event: dict[str, Any]
    planted: tuple[FakePlanted, ...]


def fake_find_leaks(sanitized: dict[str, Any], planted: Sequence[Any]) -> list[str]:
    """Verbatim containment only; enough for stand-ins that either keep or drop a value."""
    rendered = json.dumps(sanitized)
    return [p.entity_type for p in planted if p.value in rendered]


def fake_corpus(n: int = N_EVENTS) -> list[FakeEvent]:
    """`n` events cycling through the streams, each with a planted phone and e-mail."""
    events = []
    for i in range(n):
        phone, email = f"+1415555{i:04d}", f"user{i}@example.com"
        event = {
            "id": i,
            "reject": i % 5 == 0,
            "caller": phone,
            "note": f"mail {email}",
            "nested": {"items": [phone, {"deep": email}]},
        }
        planted = (FakePlanted("PHONE_NUMBER", phone), FakePlanted("EMAIL_ADDRESS", email))
        events.append(FakeEvent(STREAMS[i % 3], event, planted))
    return events


def _drop_strings(value: Any) -> Any:
    if isinstance(value, str):
        return "<dropped>"
    if isinstance(value, dict):
        return {k: _drop_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_drop_strings(v) for v in value]
    return value


class StandInEngine:
    """Rejects flagged events, keeps `note` verbatim, drops every other string."""

    def __init__(self) -> None:
        self.calls: list[tuple[StreamName, int]] = []

    def process(self, stream: StreamName, raws: list[bytes]) -> Sequence[Outcome]:
        self.calls.append((stream, len(raws)))
        outcomes: list[Outcome] = []
        for raw in raws:
            event = json.loads(raw)
            if event["reject"]:
                outcomes.append(Rejected(str(event["id"]), stream, "contract", "flagged"))
                continue
            record = _drop_strings(event)
            record["note"] = event["note"]
            outcomes.append(Sanitized(str(event["id"]), stream, record))
        return outcomes


class IdentityRedactor:
    """Returns the event unchanged: the worst possible baseline, every planted value survives."""

    def redact(self, event: dict[str, Any]) -> dict[str, Any]:
        return event


def _inputs() -> tuple[Sequence[LabelledEventLike], LeakFinder]:
    return fake_corpus(), fake_find_leaks


def test_stream_batches_group_by_stream_in_corpus_order() -> None:
    events = fake_corpus()
    batches = list(stream_batches(events, batch_size=3))
    assert [stream for stream, _ in batches] == ["call_logs"] * 3 + ["notification_logs"] * 3 + [
        "analytics_events"
    ] * 2
    assert all(len(indices) <= 3 for _, indices in batches)
    flat = [i for _, indices in batches for i in indices]
    assert sorted(flat) == list(range(N_EVENTS))
    for stream in STREAMS:
        mine = [i for s, indices in batches if s == stream for i in indices]
        assert mine == sorted(mine)
        assert all(events[i].stream == stream for i in mine)


def test_counts_and_ratio_with_stand_ins() -> None:
    engine = StandInEngine()
    options = BenchOptions(events=N_EVENTS, baseline_events=N_BASELINE, batch_size=4, pin_cpu=False)
    result = run_bench(
        options, corpus=_inputs(), engine_factory=lambda: engine, redactor_factory=IdentityRedactor
    )

    rejected = sum(1 for i in range(N_EVENTS) if i % 5 == 0)
    assert result.engine.events == N_EVENTS
    assert result.engine.rejected == rejected
    assert result.engine.planted == 2 * N_EVENTS
    # Only the e-mail of accepted events survives (in `note`); rejected events leak nothing.
    assert result.engine.surviving == N_EVENTS - rejected
    assert result.engine.planted_by_type == {"PHONE_NUMBER": N_EVENTS, "EMAIL_ADDRESS": N_EVENTS}
    assert result.engine.surviving_by_type == {"EMAIL_ADDRESS": N_EVENTS - rejected}
    assert result.engine.surviving_pct == pytest.approx(100.0 * (N_EVENTS - rejected) / 40)
    # Warm-up (one call per stream) plus the timed batches of at most 4.
    timed = engine.calls[len(STREAMS) :]
    assert sum(size for _, size in timed) == N_EVENTS
    assert max(size for _, size in timed) == 4

    assert result.baseline.events == N_BASELINE
    assert result.baseline.planted == 2 * N_BASELINE
    assert result.baseline.surviving == 2 * N_BASELINE
    assert result.baseline.surviving_pct == pytest.approx(100.0)
    assert result.baseline.rejected == 0

    for side in (result.engine, result.baseline):
        assert side.seconds > 0
        assert side.events_per_s == pytest.approx(side.events / side.seconds)
        assert side.peak_rss_mb > 0
    assert result.ratio == pytest.approx(result.engine.events_per_s / result.baseline.events_per_s)
    assert result.baseline.peak_rss_mb >= result.engine.peak_rss_mb


def test_the_heap_is_frozen_for_the_timed_rounds_only() -> None:
    class FreezeWatchingEngine(StandInEngine):
        def __init__(self) -> None:
            super().__init__()
            self.frozen: list[int] = []

        def process(self, stream: StreamName, raws: list[bytes]) -> Sequence[Outcome]:
            self.frozen.append(gc.get_freeze_count())
            return super().process(stream, raws)

    engine = FreezeWatchingEngine()
    options = BenchOptions(events=N_EVENTS, baseline_events=N_BASELINE, batch_size=4, pin_cpu=False)
    run_bench(
        options, corpus=_inputs(), engine_factory=lambda: engine, redactor_factory=IdentityRedactor
    )
    warm_up, timed = engine.frozen[: len(STREAMS)], engine.frozen[len(STREAMS) :]
    assert all(n == 0 for n in warm_up) and all(n > 0 for n in timed)
    # A heap left frozen hides objects from gc.get_referrers for the rest of the process.
    assert gc.get_freeze_count() == 0


def test_engine_returning_too_few_outcomes_is_an_error() -> None:
    class ShortEngine:
        def process(self, stream: StreamName, raws: list[bytes]) -> Sequence[Outcome]:
            return []

    options = BenchOptions(events=N_EVENTS, baseline_events=1, pin_cpu=False)
    with pytest.raises(RuntimeError, match="outcomes"):
        run_bench(options, corpus=_inputs(), engine_factory=ShortEngine)


def test_main_writes_every_figure_and_prints_no_planted_value(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[tuple[int, int]] = []

    def corpus(n: int, seed: int) -> tuple[Sequence[LabelledEventLike], LeakFinder]:
        seen.append((n, seed))
        return fake_corpus(n), fake_find_leaks

    monkeypatch.setattr(runner, "_real_corpus", corpus)
    monkeypatch.setattr(runner, "_real_engine", StandInEngine)
    monkeypatch.setattr(runner, "_real_redactor", IdentityRedactor)
    monkeypatch.setattr(cli, "default_progress", LineProgress)
    out = tmp_path / "bench.json"
    argv = ["--events", "20", "--baseline-events", "3", "--seed", "7", "--batch-size", "8"]
    assert cli.main([*argv, "--json", str(out), "--no-pin"]) == 0

    assert seen == [(20, 7)]
    figures = json.loads(out.read_text("utf-8"))
    assert set(figures) == {
        "engine",
        "baseline",
        "ratio",
        "seed",
        "batch_size",
        "cpus",
        "thread_env",
    }
    assert (figures["seed"], figures["batch_size"]) == (7, 8)
    side_keys = {
        "side", "events", "seconds", "cpu_seconds", "events_per_s", "load_seconds", "planted",
        "surviving", "surviving_pct", "rejected", "peak_rss_mb", "planted_by_type",
        "surviving_by_type",
    }  # fmt: skip
    assert set(figures["engine"]) == side_keys
    assert set(figures["baseline"]) == side_keys
    assert figures["engine"]["events"] == 20
    assert figures["baseline"]["events"] == 3
    assert figures["ratio"] == pytest.approx(
        figures["engine"]["events_per_s"] / figures["baseline"]["events_per_s"]
    )

    captured = capsys.readouterr()
    assert "events/s" in captured.out
    assert "EMAIL_ADDRESS" in captured.out
    assert "timed run: 6 alternating rounds" in captured.err
    for labelled in fake_corpus():
        for planted in labelled.planted:
            assert planted.value not in captured.out + captured.err


def test_pin_to_one_core_pins_every_thread_and_limits_pools(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for var in THREAD_ENV_VARS:
        monkeypatch.setenv(var, "4")  # monkeypatch restores each variable afterwards
    tids = [int(t) for t in os.listdir("/proc/self/task")]
    before = {tid: os.sched_getaffinity(tid) for tid in tids}
    try:
        cpus = pin_to_one_core()
        assert cpus == (min(before[os.getpid()]),)
        assert all(os.sched_getaffinity(tid) == set(cpus) for tid in tids)
        assert all(os.environ[var] == "1" for var in THREAD_ENV_VARS)
    finally:
        for tid, allowed in before.items():
            os.sched_setaffinity(tid, allowed)
