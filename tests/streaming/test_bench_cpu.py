"""stream-bench's CPU accounting: cores and CPU per event, the engine processes apart
(broker-free; the snapshots are built by hand)."""

from __future__ import annotations

import os

from pipeline.streaming.bench import cpu


def test_cpu_per_event_splits_loops_engines_and_broker() -> None:
    before = cpu.Snapshot(
        wall=10.0, processors=5.0, engines=3.0, bench=1.0, machine=20.0, broker=2.0
    )
    after = cpu.Snapshot(
        wall=12.0, processors=7.0, engines=4.5, bench=1.2, machine=24.0, broker=2.5
    )
    used = cpu.cores_used(before, after, events=1000)
    assert used["processors"] == 1.0 and used["engines"] == 0.75
    assert used["broker"] == 0.25
    assert abs(used["rest"] - (2.0 - 1.0 - 0.1 - 0.25)) < 1e-9
    assert used["processors_ms_per_event"] == 2.0  # 2 CPU s over 1000 events
    assert used["engines_ms_per_event"] == 1.5
    assert used["broker_ms_per_event"] == 0.5


def test_without_a_broker_pid_or_events_those_figures_are_absent() -> None:
    before = cpu.Snapshot(
        wall=0.0, processors=0.0, engines=0.0, bench=0.0, machine=None, broker=None
    )
    after = cpu.Snapshot(
        wall=1.0, processors=1.0, engines=0.5, bench=0.0, machine=None, broker=None
    )
    used = cpu.cores_used(before, after)
    assert "broker" not in used and "rest" not in used
    assert not any(name.endswith("_ms_per_event") for name in used)


def test_a_live_process_and_its_children_are_counted() -> None:
    snap = cpu.snapshot([os.getpid()], broker=os.getpid())
    assert snap.processors >= snap.engines >= 0.0
    assert snap.broker is not None and snap.broker > 0.0
