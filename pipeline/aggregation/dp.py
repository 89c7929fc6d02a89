"""Differential privacy beside k: one window of one metric released with OpenDP's mechanisms.

Nothing here draws noise itself: OpenDP's `make_laplace_threshold` (noisy counts with a
threshold: a cell is published only when its noisy count clears the threshold, so whether a cell
exists leaks nothing beyond ε, δ) and `make_laplace` (noisy sums of the published cells).

Contribution bounding, per subject and window (stated in the README):
- a subject counts in at most `max_cells` cells (the others of its cells are dropped, chosen by
  a keyed hash of subject and window, so the choice is stable on a replay);
- in each cell, at most `max_events` of its records count, and its sums are clamped to
  `[0, bound]` (billed seconds, amount).
The partition-selection count is the number of distinct (bounded) subjects; the other measures
each get an equal share of ε. Margins and totals are not published in this mode.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from pipeline.aggregation.cells import CellKey, CellTable, SubjectTally
from pipeline.aggregation.metrics import MetricSpec
from pipeline.aggregation.validation import ReleaseValidator
from pipeline.aggregation.windows import Window, iso

_SEPARATOR = "\x1f"


class DpUnavailable(ValueError):
    """The metric has no DP form (e.g. latency percentiles)."""


@dataclass(frozen=True)
class DpSettings:
    """ε per window, δ of partition selection, and the contribution bounds."""

    epsilon: float
    delta: float = 1e-6
    max_cells: int = 1
    max_events: int = 3
    billed_seconds_bound: int = 3600
    amount_bound: float = 10.0

    def __post_init__(self) -> None:
        if not self.epsilon > 0:
            raise ValueError("epsilon must be positive")
        if not 0 < self.delta < 1:
            raise ValueError("delta must be between 0 and 1")
        if self.max_cells < 1 or self.max_events < 1:
            raise ValueError("contribution bounds must be at least 1")


@dataclass(frozen=True)
class DpRelease:
    """The noisy cells of one window, and what they cost."""

    metric: str
    window: Window
    records: tuple[dict[str, Any], ...]
    cells: int  # cells before selection (internal: not published, reports show it)
    released: int
    epsilon: float
    delta: float
    threshold: int
    bounded_out: int  # (subject, cell) contributions dropped by the max_cells bound


# measure name -> (what it sums, integer?) ; "subjects" is the selection count itself
_MEASURES: Mapping[str, tuple[tuple[str, str], ...]] = {
    "ads.audience": (("distinct_visitors", "subjects"),),
    "analytics.web_traffic": (
        ("distinct_visitors", "subjects"),
        ("page_views", "page_views"),
        ("signups", "signups"),
    ),
    "analytics.call_volume": (
        ("calls", "events"),
        ("billed_seconds", "billed_seconds"),
        ("amount", "amount"),
    ),
}


def _rank(subject: str, window: Window, key: CellKey) -> str:
    text = _SEPARATOR.join((subject, iso(window.start), *key))
    return hashlib.sha256(text.encode()).hexdigest()


def bound_contributions(
    table: CellTable, window: Window, max_cells: int
) -> tuple[dict[CellKey, dict[str, SubjectTally]], int]:
    """Each subject kept in at most `max_cells` of its cells; how many (subject, cell) were cut."""
    by_subject: dict[str, list[tuple[CellKey, SubjectTally]]] = {}
    for key, cell in table.items():
        for subject, tally in cell.tallies():
            by_subject.setdefault(subject, []).append((key, tally))
    kept: dict[CellKey, dict[str, SubjectTally]] = {}
    cut = 0
    for subject, cells in by_subject.items():
        cells.sort(key=lambda item: _rank(subject, window, item[0]))
        cut += max(len(cells) - max_cells, 0)
        for key, tally in cells[:max_cells]:
            kept.setdefault(key, {})[subject] = tally
    return kept, cut


def _value(tally: SubjectTally, what: str, settings: DpSettings) -> float:
    if what == "events":
        return min(tally.events, settings.max_events)
    if what in ("page_views", "signups"):
        return min(int(getattr(tally, what)), settings.max_events)
    if what == "billed_seconds":
        return min(max(tally.billed_seconds, 0), settings.billed_seconds_bound)
    if what == "amount":
        return float(min(max(tally.amount, Decimal(0)), Decimal(str(settings.amount_bound))))
    raise ValueError(what)


def _bound(what: str, settings: DpSettings) -> float:
    """Largest value one subject adds to one cell for measure `what`."""
    if what in ("events", "page_views", "signups"):
        return settings.max_events
    if what == "billed_seconds":
        return settings.billed_seconds_bound
    return settings.amount_bound


@lru_cache(maxsize=64)  # building the measurement and searching its threshold is the slow part
def _selection(settings: DpSettings, epsilon: float) -> tuple[Any, int]:
    """OpenDP's thresholded Laplace over cell -> subject count, with the smallest threshold
    that keeps δ within settings (the count changes by at most 1 in at most max_cells cells)."""
    import opendp.prelude as dp

    dp.enable_features("contrib")
    domain = dp.map_domain(dp.atom_domain(T=str), dp.atom_domain(T=int))
    metric = dp.l01inf_distance(dp.absolute_distance(T=int))
    d_in = (settings.max_cells, settings.max_cells, 1)
    scale = settings.max_cells / epsilon

    def delta_at(threshold: int) -> float:
        mechanism = dp.m.make_laplace_threshold(domain, metric, scale, threshold=threshold)
        return float(mechanism.map(d_in)[1])  # type: ignore[no-untyped-call]

    low, high = 1, 1
    while delta_at(high) > settings.delta:
        low, high = high, high * 2
    while low < high:
        mid = (low + high) // 2
        if delta_at(mid) > settings.delta:
            low = mid + 1
        else:
            high = mid
    return dp.m.make_laplace_threshold(domain, metric, scale, threshold=high), high


def selection_threshold(settings: DpSettings, epsilon: float) -> int:
    """The threshold OpenDP's partition selection uses at `epsilon` (the smallest within δ)."""
    return _selection(settings, epsilon)[1]


def _noisy_sums(values: list[float], scale: float, integer: bool) -> list[float]:
    import opendp.prelude as dp

    dp.enable_features("contrib")
    if integer:
        mechanism = dp.m.make_laplace(
            dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int), scale=scale
        )
        return [float(v) for v in mechanism([round(v) for v in values])]
    mechanism = dp.m.make_laplace(
        dp.vector_domain(dp.atom_domain(T=float, nan=False)), dp.l1_distance(T=float), scale=scale
    )
    return [float(v) for v in mechanism(values)]


def dp_window(
    spec: MetricSpec,
    window: Window,
    table: CellTable,
    settings: DpSettings,
    validator: ReleaseValidator,
) -> DpRelease:
    """Bound, select cells with a noisy threshold, add noise to their measures, validate."""
    measures = _MEASURES.get(spec.name)
    if measures is None:
        raise DpUnavailable(f"{spec.name} has no differentially private form")
    kept, cut = bound_contributions(table, window, settings.max_cells)
    share = settings.epsilon / (len(measures) + (0 if measures[0][1] == "subjects" else 1))
    selection, threshold = _selection(settings, share)
    names = {_SEPARATOR.join(key): key for key in kept}
    selected: dict[str, int] = selection({name: len(kept[key]) for name, key in names.items()})
    chosen = sorted(selected)
    values: dict[str, list[float]] = {}
    for measure, what in measures:
        if what == "subjects":
            values[measure] = [float(max(selected[name], 0)) for name in chosen]
            continue
        raw = [sum(_value(t, what, settings) for t in kept[names[n]].values()) for n in chosen]
        scale = settings.max_cells * _bound(what, settings) / share
        values[measure] = _noisy_sums(raw, scale, integer=what != "amount") if raw else []
    records = []
    for i, name in enumerate(chosen):
        record: dict[str, Any] = {
            "metric": spec.name,
            "kind": "cell",
            "window_start": iso(window.start),
            "window_end": iso(window.end),
        }
        record |= dict(zip(spec.dimensions, names[name], strict=True))
        for measure, what in measures:
            noisy = max(values[measure][i], 0.0)  # post-processing: no negative counts
            record[measure] = f"{noisy:.5f}" if what == "amount" else round(noisy)
        if validator.accepts(spec.schema, record):
            records.append(record)
    return DpRelease(
        metric=spec.name,
        window=window,
        records=tuple(records),
        cells=len(kept),
        released=len(records),
        epsilon=settings.epsilon,
        delta=settings.delta,
        threshold=threshold,
        bounded_out=cut,
    )
