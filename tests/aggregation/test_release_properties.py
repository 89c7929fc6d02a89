"""Whatever the input: no published aggregate under k, and no suppressed cell can be solved for."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.aggregation import METRICS, MetricName, aggregate_window
from pipeline.aggregation.release import plan_release
from tests.aggregation.support import determined_unknowns, members, oracle, rows

NAMES: list[MetricName] = list(METRICS)
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def cases(draw: st.DrawFn) -> tuple[MetricName, list[dict[str, Any]], int]:
    metric = draw(st.sampled_from(NAMES))
    return metric, draw(rows(metric)), draw(st.integers(1, 6))


@FAST
@given(cases())
def test_no_released_cell_margin_or_total_counts_fewer_than_k_subjects(
    case: tuple[MetricName, list[dict[str, Any]], int],
) -> None:
    metric, records, k = case
    if not records:
        return
    cells = oracle(metric, records, k)
    keys = sorted(cells)
    release = aggregate_window(records, metric, k)
    for published in release.records:
        covered = members(metric, published, keys)
        subjects = set().union(*(cells[key].subjects for key in covered))
        assert len(subjects) >= k, published


@FAST
@given(cases())
def test_no_suppressed_cell_is_determined_by_published_cells_margins_and_total(
    case: tuple[MetricName, list[dict[str, Any]], int],
) -> None:
    metric, records, k = case
    if not records:
        return
    keys = sorted(oracle(metric, records, k))
    release = aggregate_window(records, metric, k)
    assert release.released + release.suppressed == len(keys)
    assert determined_unknowns(metric, release, keys) == []


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.sampled_from("abcd"), st.sampled_from("xyz")), st.integers(1, 12), max_size=12
    ),
    st.integers(1, 8),
    st.frozensets(st.tuples(st.sampled_from("abcd"), st.sampled_from("xyz")), max_size=3),
)
def test_plan_leaves_each_published_block_and_the_residual_with_zero_or_two_unknowns(
    subjects: dict[tuple[str, ...], int], k: int, blocked: frozenset[tuple[str, ...]]
) -> None:
    # disjoint subjects per cell: block and window counts are sums
    block_subjects: dict[str, int] = {}
    for key, n in subjects.items():
        block_subjects[key[0]] = block_subjects.get(key[0], 0) + n
    plan = plan_release(
        subjects,
        lambda key: key[0],
        block_subjects,
        sum(subjects.values()),
        k,
        blocked_cells=blocked,
    )
    unknown = subjects.keys() - plan.released
    assert all(subjects[key] >= k for key in plan.released)
    assert all(block_subjects[block] >= k for block in plan.margins)
    for block in plan.margins:
        assert sum(key[0] == block for key in unknown) != 1
    if plan.total:
        assert sum(key[0] not in plan.margins for key in unknown) != 1


def test_a_lone_small_cell_takes_the_smallest_released_cell_of_its_block_with_it() -> None:
    subjects = {("DE", "a"): 3, ("DE", "b"): 20, ("DE", "c"): 12, ("FR", "a"): 30}
    plan = plan_release(subjects, lambda key: key[0], {"DE": 35, "FR": 30}, 65, 10)
    assert plan.small == {("DE", "a")}
    assert plan.complementary == {("DE", "c")}
    assert plan.released == {("DE", "b"), ("FR", "a")}
    assert plan.margins == {"DE", "FR"}
    assert plan.total


def test_a_lone_unknown_outside_published_margins_withholds_the_total() -> None:
    subjects = {("DE", "a"): 12, ("FR", "a"): 4}
    plan = plan_release(subjects, lambda key: key[0], {"DE": 12, "FR": 4}, 16, 10)
    assert plan.margins == {"DE"}
    assert not plan.total
