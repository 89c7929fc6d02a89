"""One core, one thread: the conditions under which "events/s" is comparable, and peak RSS."""

from __future__ import annotations

import os
import resource

THREAD_ENV_VARS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
)


def pin_to_one_core() -> tuple[int, ...]:
    """Limit native thread pools to one thread and pin every thread to the first allowed CPU.

    Returns the resulting affinity. Threads are pinned one by one (Linux applies affinity per
    thread), so pools started before this call are caught too; the env variables only help
    libraries not imported yet.
    """
    for var in THREAD_ENV_VARS:
        os.environ[var] = "1"
    if not hasattr(os, "sched_setaffinity"):  # not Linux: report, cannot pin
        return tuple(range(os.cpu_count() or 1))
    cpu = min(os.sched_getaffinity(0))
    for tid in os.listdir("/proc/self/task"):
        try:
            os.sched_setaffinity(int(tid), {cpu})
        except ProcessLookupError:  # the thread ended meanwhile
            continue
    return tuple(sorted(os.sched_getaffinity(0)))


def current_cpus() -> tuple[int, ...]:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return tuple(sorted(os.sched_getaffinity(0)))
    return tuple(range(os.cpu_count() or 1))


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
