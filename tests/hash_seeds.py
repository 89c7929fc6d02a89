"""Run the same code in subprocesses with different string hash seeds and compare their output.

Python randomises `str` hashing per process, so anything decided by the order of a set of strings
(or a list built from one) differs between two workers, or between a run and its replay.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ("1", "2")


def outputs(code: str, timeout_s: float = 120.0) -> list[str]:
    """Stdout of `code` run once per hash seed in `SEEDS`, the processes side by side."""
    procs = []
    for seed in SEEDS:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        procs.append(
            subprocess.Popen(
                [sys.executable, "-c", code],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    out = []
    try:
        for proc in procs:
            stdout, stderr = proc.communicate(timeout=timeout_s)
            assert proc.returncode == 0, stderr[-2000:]
            out.append(stdout)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return out
