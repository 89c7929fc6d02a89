"""The release rule: k distinct subjects per published aggregate, plus complementary suppression.

What a window publishes: the cells that pass, one margin per value of the metric's margin
dimension (a partition of the cells) and the window total, each only if it has >= k subjects.

Why no suppressed cell can be computed from that. Restricted to the suppressed cells (the
unknowns), every published margin is the indicator vector of the unknowns in its block, and the
total, minus the published margins, is the indicator of the unknowns in the blocks whose margin
is withheld (the "residual"). These vectors have disjoint supports, so a unit vector lies in
their span only if one of them has exactly one unknown. The rule therefore ensures that each
published block, and the residual when the total is published, holds zero or at least two
unknowns: a lone suppressed cell in a published block takes the smallest released cell of the
block with it (or the margin is withheld if there is none), and a lone unknown in the residual
withholds one more margin or, failing that, the total. Blocks are disjoint, so one pass reaches
the fixed point; records the schema blocks become unknowns too, and planning repeats until no
new record is blocked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pipeline.aggregation.cells import Cell, CellKey, CellTable
from pipeline.aggregation.metrics import REFERRER_ALLOW, MetricSpec
from pipeline.aggregation.validation import ReleaseValidator
from pipeline.aggregation.windows import Window, iso

WHOLE = ""  # the one block of a metric without a margin dimension


@dataclass(frozen=True)
class Plan:
    """Which cells, margins and total a window publishes."""

    released: frozenset[CellKey]
    small: frozenset[CellKey]  # under k
    complementary: frozenset[CellKey]  # suppressed so that no small cell can be derived
    margins: frozenset[str]
    total: bool


def plan_release(
    subjects: Mapping[CellKey, int],
    block_of: Callable[[CellKey], str],
    block_subjects: Mapping[str, int],
    window_subjects: int,
    k: int,
    *,
    blocked_cells: frozenset[CellKey] = frozenset(),
    blocked_margins: frozenset[str] = frozenset(),
    blocked_total: bool = False,
    with_margins: bool = True,
    sensitive: frozenset[CellKey] = frozenset(),
) -> Plan:
    """Apply the k threshold (and the dominance rule's `sensitive` cells) and complementary
    suppression to one window's cells."""
    small = frozenset(key for key, n in subjects.items() if n < k) | (sensitive & subjects.keys())
    unknown = set(small | (blocked_cells & subjects.keys()))
    blocks: dict[str, list[CellKey]] = {}
    for key in sorted(subjects):
        blocks.setdefault(block_of(key), []).append(key)
    margins = {
        block
        for block in blocks
        if block_subjects[block] >= k and block not in blocked_margins and with_margins
    }
    total = window_subjects >= k and not blocked_total
    if not with_margins:  # the single block's margin is the total
        margins = {WHOLE} if total else set()
    complementary: set[CellKey] = set()
    for block in sorted(margins):
        lone = [key for key in blocks[block] if key in unknown]
        if len(lone) != 1:
            continue
        partners = [key for key in blocks[block] if key not in unknown]
        if partners:
            partner = min(partners, key=lambda key: (subjects[key], key))
            complementary.add(partner)
            unknown.add(partner)
        else:
            margins.discard(block)
    if not with_margins:
        total = WHOLE in margins
    elif total:
        residual = [key for key in unknown if block_of(key) not in margins]
        if len(residual) == 1:
            # withholding a margin with >= 2 unknowns moves them into the residual
            spare = [b for b in margins if sum(key in unknown for key in blocks[b]) >= 2]
            if spare:
                margins.discard(min(spare, key=lambda b: (block_subjects[b], b)))
            else:
                total = False
    released = frozenset(subjects.keys() - unknown)
    return Plan(released, small, frozenset(complementary), frozenset(margins), total)


COST_KS: tuple[int, ...] = (5, 10, 20, 50)  # the thresholds whose cost every report shows
# (n, p)-dominance for sums: a cell (margin, total) is sensitive when its n largest
# contributors hold more than p of any of its sums, whatever its number of subjects
DOMINANCE: tuple[int, float] = (2, 0.85)
DOMINANCE_MEASURES: tuple[str, ...] = ("billed_seconds", "amount")


def dominated(cell: Cell, rule: tuple[int, float] = DOMINANCE) -> bool:
    """Whether the `n` largest subjects of `cell` hold more than `p` of one of its sums."""
    n, p = rule
    tallies = [tally for _, tally in cell.tallies()]
    for measure in DOMINANCE_MEASURES:
        values = sorted((max(float(getattr(t, measure)), 0.0) for t in tallies), reverse=True)
        total = sum(values)
        if total > 0 and sum(values[:n]) > p * total:
            return True
    return False


@dataclass(frozen=True)
class KCost:
    """What releasing a window under threshold `k` would withhold (complementary included)."""

    k: int
    cells_suppressed: int
    events_suppressed: int  # the counts (records) of the withheld cells


@dataclass(frozen=True)
class Release:
    """What one window of one metric publishes, and what it cost."""

    metric: str
    window: Window
    k: int
    records: tuple[dict[str, Any], ...]  # validated: cells, then margins, then the total
    cells: int  # distinct cells in the window
    released: int  # cell records published
    suppressed: int  # cells withheld: under k, complementary or blocked
    complementary: int  # of the suppressed, those withheld only to protect others
    blocked: int  # records refused by the release schema (fail closed)
    dropped: Mapping[str, int] = field(default_factory=dict)  # input records not counted
    dominated: int = 0  # cells, margins and total withheld by the (n, p)-dominance rule
    events: int = 0  # records counted in the window's cells
    costs: tuple[KCost, ...] = ()  # the same window under each of COST_KS

    @property
    def dropped_total(self) -> int:
        """All input records that were not counted, whatever the reason."""
        return sum(self.dropped.values())


def _header(spec: MetricSpec, window: Window, kind: str) -> dict[str, Any]:
    return {
        "metric": spec.name,
        "kind": kind,
        "window_start": iso(window.start),
        "window_end": iso(window.end),
    }


def generalise_rare(spec: MetricSpec, table: CellTable, k: int) -> CellTable:
    """`table` with each free-form dimension value of fewer than k subjects made "other"."""
    if not spec.popular_only:
        return table
    cells = list(table.items())
    keep: dict[int, set[str]] = {}
    for name in spec.popular_only:
        at = spec.dimensions.index(name)
        seen: dict[str, set[str]] = {}
        for key, cell in cells:
            seen.setdefault(key[at], set()).update(s for s, _ in cell.tallies())
        allowed = REFERRER_ALLOW if name == "referrer_domain" else frozenset({"unknown"})
        keep[at] = {v for v, who in seen.items() if len(who) >= k or v in allowed}
    merged = CellTable()
    for key, cell in cells:
        new = tuple(v if i not in keep or v in keep[i] else "other" for i, v in enumerate(key))
        for subject, tally in cell.tallies():
            merged.add_tally(new, subject, tally)
    return merged


def release_window(
    spec: MetricSpec,
    window: Window,
    table: CellTable,
    k: int,
    validator: ReleaseValidator,
    dropped: Mapping[str, int] | None = None,
    dominance: tuple[int, float] | None = DOMINANCE,
) -> Release:
    """Plan, build and validate the records of one closed window."""
    if k < 1:
        raise ValueError("k must be at least 1")
    table = generalise_rare(spec, table, k)
    cells = dict(table.items())
    margin_at = spec.dimensions.index(spec.margin) if spec.margin else None

    def block_of(key: CellKey) -> str:
        return key[margin_at] if margin_at is not None else WHOLE

    by_block: dict[str, list[Cell]] = {}
    for key, cell in cells.items():
        by_block.setdefault(block_of(key), []).append(cell)
    block_cells = {block: Cell.union(members) for block, members in by_block.items()}
    whole = Cell.union(cells.values())
    subjects = {key: cell.subjects for key, cell in cells.items()}
    block_subjects = {block: cell.subjects for block, cell in block_cells.items()}

    blocked_cells: set[CellKey] = set()
    blocked_margins: set[str] = set()
    blocked_total = False
    sensitive: frozenset[CellKey] = frozenset()
    dom_margins: frozenset[str] = frozenset()
    dom_total = False
    if dominance is not None and any(m in spec.additive for m in DOMINANCE_MEASURES):
        sensitive = frozenset(key for key, cell in cells.items() if dominated(cell, dominance))
        dom_margins = frozenset(b for b, c in block_cells.items() if dominated(c, dominance))
        dom_total = dominated(whole, dominance)
    while True:
        plan = plan_release(
            subjects,
            block_of,
            block_subjects,
            whole.subjects,
            k,
            blocked_cells=frozenset(blocked_cells),
            blocked_margins=frozenset(blocked_margins) | dom_margins,
            blocked_total=blocked_total or dom_total,
            with_margins=margin_at is not None,
            sensitive=sensitive,
        )
        records: list[dict[str, Any]] = []
        fresh = False
        for key in sorted(plan.released):
            record = _header(spec, window, "cell") | dict(zip(spec.dimensions, key, strict=True))
            record |= spec.measures(cells[key].totals())
            if validator.accepts(spec.schema, record):
                records.append(record)
            else:
                blocked_cells.add(key)
                fresh = True
        if margin_at is not None and spec.margin is not None:
            for block in sorted(plan.margins):
                record = _header(spec, window, "margin") | {spec.margin: block}
                record |= spec.measures(block_cells[block].totals())
                if validator.accepts(spec.schema, record):
                    records.append(record)
                else:
                    blocked_margins.add(block)
                    fresh = True
        if plan.total:
            record = _header(spec, window, "total") | spec.measures(whole.totals())
            if validator.accepts(spec.schema, record):
                records.append(record)
            else:
                blocked_total = True
                fresh = True
        if not fresh:
            break
    blocked = len(blocked_cells) + len(blocked_margins) + int(blocked_total)
    events = {key: cell.totals().events for key, cell in cells.items()}
    costs = []
    for cost_k in COST_KS:
        other = plan_release(
            subjects,
            block_of,
            block_subjects,
            whole.subjects,
            cost_k,
            with_margins=margin_at is not None,
        )
        withheld = subjects.keys() - other.released
        costs.append(KCost(cost_k, len(withheld), sum(events[key] for key in withheld)))
    return Release(
        metric=spec.name,
        window=window,
        k=k,
        records=tuple(records),
        cells=len(cells),
        released=len(plan.released),
        suppressed=len(cells) - len(plan.released),
        complementary=len(plan.complementary),
        blocked=blocked,
        dropped=dict(dropped or {}),
        events=sum(events.values()),
        costs=tuple(costs),
        dominated=len(sensitive) + len(dom_margins) + int(dom_total),
    )
