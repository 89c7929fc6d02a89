"""Throughput and leak benchmark: the engine against naive stock Presidio, on one core.

Importing this package is cheap on purpose (no spaCy, no numpy): the process must be pinned
before the heavy modules start their thread pools, so the corpus, the engine and the baseline
are imported only when `run_bench` runs. `NaiveRedactor` lives in `pipeline.bench.naive`.
"""

from pipeline.bench.affinity import pin_to_one_core
from pipeline.bench.cli import main
from pipeline.bench.parts import EngineLike
from pipeline.bench.results import BenchResult, SideResult
from pipeline.bench.runner import BenchOptions, run_bench

__all__ = [
    "BenchOptions",
    "BenchResult",
    "EngineLike",
    "SideResult",
    "main",
    "pin_to_one_core",
    "run_bench",
]
