"""Run the engine and the naive baseline on one labelled corpus and measure both.

Order matters: the engine runs first so the peak RSS read after it is the engine's alone; the
baseline's figure, read afterwards, is cumulative. Each side is timed on its processing loop only:
encoding the corpus, loading models, warm-up and the leak check are outside the clock.

One-core honesty: `pin_to_one_core` must run before numpy/spaCy start thread pools (the thread
variables are read at import), which is why `cli.main` calls it before `run_bench`, and why the
corpus, the engine and the baseline are imported only when a run starts (this module loads
neither).
"""

from __future__ import annotations

import gc
import json
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.bench.affinity import THREAD_ENV_VARS, current_cpus, peak_rss_mb, pin_to_one_core
from pipeline.bench.parts import (
    EngineLike,
    LabelledEventLike,
    LeakFinder,
    RedactorLike,
)
from pipeline.bench.report import ProgressSink, SilentProgress
from pipeline.bench.results import BenchResult, SideName, SideResult
from pipeline.outcome import STREAMS, StreamName

BASELINE_WARMUP_EVENTS = 2
ENGINE_WARMUP_PER_STREAM = 16

TypeCounts = dict[str, int]  # entity type -> number of planted values


@dataclass(frozen=True)
class BenchOptions:
    """What `pii-pipeline bench` / `python -m pipeline.bench` accepts."""

    events: int = 3000  # corpus size, all of it through the engine
    baseline_events: int = 60  # the first M events of the same corpus through the baseline
    seed: int = 0
    batch_size: int = 256  # engine batch per stream
    json_path: Path | None = None  # where `main` writes the machine-readable result
    pin_cpu: bool = True  # pin the process to one core; tests turn this off


def stream_batches(
    events: Sequence[LabelledEventLike], batch_size: int
) -> Iterator[tuple[StreamName, list[int]]]:
    """Indices of `events` grouped by stream (corpus order kept), in batches of `batch_size`."""
    for stream in STREAMS:
        indices = [i for i, labelled in enumerate(events) if labelled.stream == stream]
        for start in range(0, len(indices), batch_size):
            yield stream, indices[start : start + batch_size]


def _survival(
    events: Sequence[LabelledEventLike],
    outputs: Sequence[dict[str, Any] | None],
    find_leaks: LeakFinder,
) -> tuple[TypeCounts, TypeCounts]:
    """Planted and surviving counts by entity type; `None` output means rejected (no survivor)."""
    planted: TypeCounts = {}
    surviving: TypeCounts = {}
    for labelled, output in zip(events, outputs, strict=True):
        for value in labelled.planted:
            planted[value.entity_type] = planted.get(value.entity_type, 0) + 1
            # One call per planted value: `find_leaks` reports a value once per place it is
            # found, and a value found in three places is still one surviving value.
            if output is not None and find_leaks(output, (value,)):
                surviving[value.entity_type] = surviving.get(value.entity_type, 0) + 1
    return planted, surviving


def _side_result(
    side: SideName,
    events: Sequence[LabelledEventLike],
    outputs: Sequence[dict[str, Any] | None],
    find_leaks: LeakFinder,
    timing: tuple[float, float, float],
) -> SideResult:
    seconds, cpu_seconds, load_seconds = timing
    planted, surviving = _survival(events, outputs, find_leaks)
    return SideResult(
        side=side,
        events=len(events),
        seconds=seconds,
        cpu_seconds=cpu_seconds,
        load_seconds=load_seconds,
        planted=sum(planted.values()),
        surviving=sum(surviving.values()),
        rejected=sum(1 for output in outputs if output is None),
        peak_rss_mb=peak_rss_mb(),
        planted_by_type=planted,
        surviving_by_type=surviving,
    )


@contextmanager
def _settled_heap() -> Iterator[None]:
    """Collect, then freeze what exists: the corpus and the loaded models are long-lived, and
    without this every full collection during the timed loop walks them again (both sides get
    the same treatment, as a long-running worker would after start-up).

    Unfrozen after: a frozen object is hidden from `gc.get_referrers`, so a caller that goes on
    in this process (a test session importing Hypothesis, whose `register_random` check then
    finds no referrer of trio's module-level Random and warns) would see a heap it never froze.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


ROUNDS = 6  # timed chunks per side, alternating engine and baseline


@dataclass
class _Side:
    """One side being timed in rounds: what to run, what came out, how long it took."""

    name: SideName
    chunks: list[Callable[[], None]]
    outputs: list[dict[str, Any] | None]
    load_seconds: float
    wall: float = 0.0
    cpu: float = 0.0

    def run_chunk(self, r: int) -> None:
        if r < len(self.chunks):
            wall, cpu = time.perf_counter(), time.process_time()
            self.chunks[r]()
            self.wall += time.perf_counter() - wall
            self.cpu += time.process_time() - cpu


def _split(items: Sequence[Any], parts: int) -> list[Sequence[Any]]:
    size = max(1, -(-len(items) // parts))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _prepare_engine(
    engine_factory: Callable[[], EngineLike],
    events: Sequence[LabelledEventLike],
    batch_size: int,
    progress: ProgressSink,
) -> _Side:
    """Load and warm up the engine; its timed work is split into rounds of whole batches."""
    with progress.phase("engine: load"):
        started = time.perf_counter()
        engine = engine_factory()
        load_seconds = time.perf_counter() - started
    raws = [json.dumps(labelled.event).encode() for labelled in events]
    with progress.phase("engine: warm-up"):
        for stream in STREAMS:
            warm = [i for i, e in enumerate(events) if e.stream == stream][
                :ENGINE_WARMUP_PER_STREAM
            ]
            if warm:
                engine.process(stream, [raws[i] for i in warm])
    outputs: list[dict[str, Any] | None] = [None] * len(events)

    def chunk(batches: Sequence[tuple[StreamName, list[int]]]) -> Callable[[], None]:
        def run() -> None:
            for stream, indices in batches:
                outcomes = engine.process(stream, [raws[i] for i in indices])
                if len(outcomes) != len(indices):
                    raise RuntimeError(
                        f"engine returned {len(outcomes)} outcomes for {len(indices)} records"
                    )
                for i, outcome in zip(indices, outcomes, strict=True):
                    outputs[i] = outcome.record if outcome.ok else None

        return run

    batches = list(stream_batches(events, batch_size))
    chunks = [chunk(part) for part in _split(batches, ROUNDS)]
    return _Side("engine", chunks, outputs, load_seconds)


def _prepare_baseline(
    redactor_factory: Callable[[], RedactorLike],
    events: Sequence[LabelledEventLike],
    progress: ProgressSink,
) -> _Side:
    """Load and warm up the naive baseline; its timed work is split into rounds of events."""
    with progress.phase("baseline: load"):
        started = time.perf_counter()
        redactor = redactor_factory()
        load_seconds = time.perf_counter() - started
    with progress.phase("baseline: warm-up"):
        for labelled in events[:BASELINE_WARMUP_EVENTS]:
            redactor.redact(labelled.event)
    outputs: list[dict[str, Any] | None] = [None] * len(events)
    indexed = list(enumerate(events))

    def chunk(part: Sequence[tuple[int, LabelledEventLike]]) -> Callable[[], None]:
        def run() -> None:
            for i, labelled in part:
                outputs[i] = redactor.redact(labelled.event)

        return run

    chunks = [chunk(part) for part in _split(indexed, ROUNDS)] if events else []
    return _Side("baseline", chunks, outputs, load_seconds)


def run_interleaved(
    engine_factory: Callable[[], EngineLike],
    redactor_factory: Callable[[], RedactorLike],
    events: Sequence[LabelledEventLike],
    baseline_events: int,
    batch_size: int,
    find_leaks: LeakFinder,
    progress: ProgressSink,
) -> tuple[SideResult, SideResult]:
    """Time both sides in alternating rounds, so a noisy machine slows both alike."""
    engine = _prepare_engine(engine_factory, events, batch_size, progress)
    baseline_slice = events[:baseline_events]
    baseline = _prepare_baseline(redactor_factory, baseline_slice, progress)
    total = len(events) + len(baseline_slice)
    with (
        _settled_heap(),
        progress.phase(f"timed run: {ROUNDS} alternating rounds", total=total) as advance,
    ):
        for r in range(ROUNDS):
            engine.run_chunk(r)
            baseline.run_chunk(r)
            advance(total // ROUNDS)
    with progress.phase("leak check", total=total):
        return (
            _side_result(
                "engine",
                events,
                engine.outputs,
                find_leaks,
                (engine.wall, engine.cpu, engine.load_seconds),
            ),
            _side_result(
                "baseline",
                baseline_slice,
                baseline.outputs,
                find_leaks,
                (baseline.wall, baseline.cpu, baseline.load_seconds),
            ),
        )


# The real parts are imported when first used, not at module import: they pull in spaCy, whose
# thread pools must start after `pin_to_one_core`.


def _real_engine() -> EngineLike:
    from pipeline.engine import Engine

    return Engine.from_config(None)


def _real_redactor() -> RedactorLike:
    from pipeline.bench.naive import NaiveRedactor

    return NaiveRedactor()


def _real_corpus(n: int, seed: int) -> tuple[Sequence[LabelledEventLike], LeakFinder]:
    from pipeline.corpus import find_leaks, generate_mixed

    return generate_mixed(n, seed), find_leaks


def run_bench(
    options: BenchOptions,
    *,
    corpus: tuple[Sequence[LabelledEventLike], LeakFinder] | None = None,
    engine_factory: Callable[[], EngineLike] | None = None,
    redactor_factory: Callable[[], RedactorLike] | None = None,
    progress: ProgressSink | None = None,
) -> BenchResult:
    """Run both sides and return every figure; the keyword arguments replace the real parts.

    `corpus` is `(events, find_leaks)`; by default `pipeline.corpus.generate_mixed(events, seed)`
    and `pipeline.corpus.leaks.find_leaks`. The engine defaults to `Engine.from_config(None)`,
    the baseline to `NaiveRedactor()`.
    """
    sink: ProgressSink = progress if progress is not None else SilentProgress()
    cpus = pin_to_one_core() if options.pin_cpu else current_cpus()
    with sink.phase("corpus: generate", total=options.events):
        events, find_leaks = corpus or _real_corpus(options.events, options.seed)
    engine, baseline = run_interleaved(
        engine_factory or _real_engine,
        redactor_factory or _real_redactor,
        events,
        options.baseline_events,
        options.batch_size,
        find_leaks,
        sink,
    )
    thread_env: Mapping[str, str] = {v: os.environ[v] for v in THREAD_ENV_VARS if v in os.environ}
    return BenchResult(
        engine=engine,
        baseline=baseline,
        seed=options.seed,
        batch_size=options.batch_size,
        cpus=cpus,
        thread_env=dict(thread_env),
    )
