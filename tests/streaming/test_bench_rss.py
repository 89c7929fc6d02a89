"""stream-bench's peak RSS per worker: each of the worker's processes by what it runs, and the
figure held to the target is their sum (broker-free: a real process with a spawned child)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from pipeline.streaming.bench.children import Child, _process_kind
from pipeline.streaming.bench.results import Results
from pipeline.streaming.settings import StreamSettings

# A stand-in for a worker: a spawned child (as the engine process is) and a queue (whose lock
# starts multiprocessing's resource tracker, as the worker's pool does), then it waits.
WORKER = """
import multiprocessing, sys, time
if __name__ == "__main__":
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=time.sleep, args=(30,))
    child.start()
    print("ready", flush=True)
    time.sleep(30)
"""


@pytest.mark.parametrize(
    ("cmdline", "kind"),
    [
        (
            b"python3\0-c\0from multiprocessing.resource_tracker import main;main(17)\0",
            "resource tracker",
        ),
        (
            b"python3\0-c\0from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=18)\0",
            "engine",
        ),
        (b"/bin/sh\0-c\0sleep 1\0", "other"),
    ],
)
def test_a_workers_child_is_named_by_what_it_runs(cmdline: bytes, kind: str) -> None:
    assert _process_kind(cmdline) == kind


def test_each_process_of_a_worker_is_counted_and_the_target_takes_their_sum(
    tmp_path: Path,
) -> None:
    script = tmp_path / "worker.py"
    script.write_text(WORKER)

    async def run() -> dict[str, float]:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, str(script), stdout=asyncio.subprocess.PIPE, start_new_session=True
        )
        try:
            assert proc.stdout is not None
            assert (await asyncio.wait_for(proc.stdout.readline(), 60)).strip() == b"ready"
            child = Child("worker", StreamSettings())
            child.proc = proc
            deadline = time.monotonic() + 10
            found = child.peak_rss_mb()
            # A process just forked or exec'd has a peak of a few hundred KB for a moment (seen:
            # the resource tracker at 0.64 MB on a loaded machine): wait for each to be running.
            while set(found) != {"loop", "engine", "resource tracker"} or not all(
                mb > 1 for mb in found.values()
            ):
                assert time.monotonic() < deadline, found
                await asyncio.sleep(0.1)
                found = child.peak_rss_mb()
            return found
        finally:
            os.killpg(proc.pid, signal.SIGKILL)  # its children too
            await proc.wait()

    found = asyncio.run(run())
    assert all(mb > 1 for mb in found.values()), found
    results = Results(config={})
    results.rss_mb["1 worker #1"] = sum(found.values())
    results.rss_by_process_mb["1 worker #1"] = found
    out = results.to_json()
    assert out["peak_rss_mb"]["1 worker #1"] == pytest.approx(sum(found.values()))
    assert out["peak_rss_mb_by_process"]["1 worker #1"] == found
    assert "sum" in out["peak_rss_counts"]


def test_a_child_not_started_has_no_figure() -> None:
    assert Child("worker", StreamSettings()).peak_rss_mb() == {}
