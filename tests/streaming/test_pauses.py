"""The pause probe (observability.pauses, bench.pauses) and the engine process's frozen heap."""

from __future__ import annotations

import asyncio
import gc
import json
import multiprocessing
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from pipeline.config.loader import load_config
from pipeline.observability.pauses import PAUSES_ENV, GcPauses, LoopLag, summary, window
from pipeline.secrets import Secrets
from pipeline.streaming.bench.pauses import Pauses
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker import engine_process


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], {"n": 0, "total": 0.0, "p50": 0.0, "p99": 0.0, "max": 0.0}),
        ([3.0, 1.0, 2.0], {"n": 3, "total": 6.0, "p50": 2.0, "p99": 3.0, "max": 3.0}),
        ([float(i) for i in range(1, 201)], {"n": 200, "p50": 101.0, "p99": 199.0, "max": 200.0}),
    ],
)
def test_summary(values: list[float], expected: dict[str, float]) -> None:
    found = summary(values)
    assert {k: found[k] for k in expected} == expected


def test_window_keeps_the_pauses_that_began_inside_it() -> None:
    pauses = [(10.0, 1.0), (20.0, 2.0), (30.0, 3.0)]
    assert window(pauses, 15.0, 30.0) == [2.0, 3.0]
    assert window(pauses, 31.0, 40.0) == []


def test_gc_pauses_times_each_pass_by_generation() -> None:
    pauses = GcPauses()
    pauses.install()
    try:
        gc.collect(2)
        gc.collect(0)
    finally:
        pauses.uninstall()
    gc.collect(2)  # not counted: uninstalled
    assert len(pauses.ms[2]) == 1 and len(pauses.ms[0]) >= 1
    assert all(ms >= 0 for _, ms in pauses.ms[2])


def test_loop_lag_sees_a_blocked_loop() -> None:
    async def run() -> LoopLag:
        lag = LoopLag(interval_s=0.005)
        lag.start()
        await asyncio.sleep(0.05)
        time.sleep(0.12)  # the loop blocked
        await asyncio.sleep(0.05)
        lag.stop()
        return lag

    lag = asyncio.run(run())
    assert lag.figures()["max"] >= 100
    assert lag.figures()["p50"] < 50


def test_a_process_writes_its_figures_at_exit(tmp_path: Path) -> None:
    prefix = tmp_path / "p"
    code = (
        "import gc; from pipeline.observability.pauses import install_from_env; "
        "install_from_env('probe'); gc.collect(2)"
    )
    env = {**os.environ, PAUSES_ENV: str(prefix)}
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    (written,) = tmp_path.glob("p.probe.*.json")
    figures = json.loads(written.read_text())
    assert figures["role"] == "probe" and figures["parent"] == os.getpid()
    assert len(figures["gc"]["2"]) >= 1


def test_bench_pauses_cut_each_window_and_name_children_and_their_engines() -> None:
    probe = Pauses()
    try:
        prefix = os.environ[PAUSES_ENV]
        probe.begin("phase")
        inside = time.time()
        probe.stop()
        after = time.time() + 100
        for role, pid, parent in (("worker", 101, 1), ("engine", 202, 101), ("other", 303, 9)):
            figures = {
                "role": role,
                "pid": pid,
                "parent": parent,
                "gc": {"0": [], "1": [], "2": [[inside, 40.0], [after, 900.0]]},
                "frozen": 7,
            }
            if role == "worker":
                figures["loop_lag"] = [[inside, 5.0]]
            Path(f"{prefix}.{role}.{pid}.json").write_text(json.dumps(figures))
        found = probe.end([101])
    finally:
        probe.close()
    assert PAUSES_ENV not in os.environ or os.environ[PAUSES_ENV] != prefix
    assert set(found) == {"phase"}
    procs = found["phase"]
    assert set(procs) == {"bench", "worker #1", "engine of #1"}
    assert procs["worker #1"]["gc_ms"]["gen2"]["n"] == 1  # the 900 ms pass was after the window
    assert procs["engine of #1"]["gc_ms"]["gen2"]["max"] == 40.0
    assert procs["worker #1"]["loop_lag_ms"]["max"] == 5.0


@pytest.mark.timeout(240)
@pytest.mark.parametrize("freeze", [True, False])
def test_the_engine_process_freezes_its_loaded_heap(freeze: bool) -> None:
    settings = StreamSettings(engine_gc_freeze=freeze)
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=1,
        mp_context=context,
        initializer=engine_process._start,
        initargs=(load_config(), Secrets.generate(), settings, context.RawValue("q", 0)),
    )
    try:
        frozen = pool.submit(gc.get_freeze_count).result(timeout=200)
    finally:
        pool.shutdown(wait=True)
    if freeze:
        assert frozen > 50_000  # the engine's models and lexicons
    else:
        assert frozen == 0


def test_the_engine_process_refreezes_what_a_full_pass_left() -> None:
    # engine_gc_refreeze: only a finished full pass (generation 2, "stop") leads to a freeze,
    # done at the end of the trip (`_refreeze`), once.
    kept = [[i] for i in range(1000)]  # long-lived containers, tracked by the collector
    engine_process._full_pass = False  # a pass noted by another test's engine in this process
    before = gc.get_freeze_count()
    try:
        for phase, generation in (("start", 2), ("stop", 1), ("stop", 0)):
            engine_process._after_full_pass(phase, {"generation": generation})
            engine_process._refreeze()
            # (frozen objects still die by their reference counts: the count may only fall)
            assert gc.get_freeze_count() <= before
        gc.collect()
        engine_process._after_full_pass("stop", {"generation": 2})
        engine_process._refreeze()
        frozen = gc.get_freeze_count()
        assert frozen >= before + len(kept) // 2
        engine_process._refreeze()  # nothing new since
        assert gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()  # this test session must not keep a frozen heap (gc.get_referrers)
