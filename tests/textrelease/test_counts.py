"""The k rule on template counts: never a release below k distinct subjects, whatever the order,
the number of workers and when they hear of each other; erasure below k; bounded state."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.textrelease import TemplateCounts, TemplateState

K = 4
S1, S2, S3 = (f"{i:016x}" for i in (1, 2, 3))  # subject digests

# (template, subject, worker, then: share this worker's changes with every other worker?)
_events = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 9), st.integers(0, 3), st.booleans()),
    max_size=120,
)


@settings(max_examples=200, deadline=None)
@given(events=_events, workers=st.integers(1, 4))
def test_no_release_below_k_distinct_subjects_whatever_the_order_and_workers(
    events: list[tuple[int, int, int, bool]], workers: int
) -> None:
    views = [TemplateCounts(K) for _ in range(workers)]
    topic: dict[str, TemplateState | None] = {}  # a compacted topic: last value per key
    truth: dict[str, set[str]] = defaultdict(set)  # subjects really processed per template
    released_at: list[int] = []
    for template, subject, worker, share in events:
        view = views[worker % workers]
        fp, who = f"tpl_{template}", f"{subject:016x}"
        truth[fp].add(who)  # this event is processed now
        if view.with_subject(fp, who) >= K:
            released_at.append(len(truth[fp]))
            assert len(truth[fp]) >= K
        view.observe(fp, who)
        if share:
            for key, state in view.drain():
                topic[key] = state
                for other in views:
                    if other is not view:
                        other.merge(key, state)
    # a worker that restarts from the topic knows no more than what was really seen
    restarted = TemplateCounts(K)
    restarted.load([(fp, s) for fp, s in topic.items() if s is not None])
    for fp, state in restarted.items():
        assert (K if state.common else len(state.subjects)) <= len(truth[fp])


def test_the_kth_distinct_subject_releases_and_repeats_do_not_count() -> None:
    counts = TemplateCounts(3)
    for _ in range(5):
        counts.observe("tpl_a", S1)
    assert counts.with_subject("tpl_a", S1) == 1
    counts.observe("tpl_a", S2)
    assert counts.with_subject("tpl_a", S2) == 2  # the same subject again adds nothing
    assert counts.with_subject("tpl_a", S3) == 3  # the third would be released
    counts.observe("tpl_a", S3)
    assert counts.is_common("tpl_a")
    assert counts.state("tpl_a") == TemplateState(True, frozenset(), counts.state("tpl_a").seen)  # type: ignore[union-attr]


def test_erasure_removes_the_subject_below_k_and_keeps_it_out_of_merges() -> None:
    counts = TemplateCounts(3)
    counts.observe("tpl_a", S1)
    counts.observe("tpl_a", S2)
    stale = counts.state("tpl_a")  # another worker's view, from before the erasure
    assert counts.erase(S1) == 1
    assert counts.distinct("tpl_a") == 1
    assert counts.with_subject("tpl_a", S3) == 2  # one more subject is needed now
    assert stale is not None
    counts.merge("tpl_a", stale)
    assert counts.distinct("tpl_a") == 1  # the stale view does not bring s1 back
    counts.observe("tpl_a", S1)
    assert counts.distinct("tpl_a") == 1
    assert counts.drain()[0] == ("tpl_a", counts.state("tpl_a"))


def test_erasure_leaves_a_common_template_common() -> None:
    counts = TemplateCounts(2)
    counts.observe("tpl_a", S1)
    counts.observe("tpl_a", S2)
    counts.erase(S1)
    assert counts.is_common("tpl_a")


def test_templates_not_seen_for_the_expiry_time_are_forgotten() -> None:
    now = [1_000.0]
    counts = TemplateCounts(3, expire_after=60.0, clock=lambda: now[0])
    counts.observe("tpl_old", S1)
    now[0] += 30
    counts.observe("tpl_new", S1)
    now[0] += 40  # tpl_old last seen 70 s ago
    counts.observe("tpl_new", S2)
    assert counts.distinct("tpl_old") == 0 and counts.distinct("tpl_new") == 2
    assert ("tpl_old", None) in counts.drain()  # a tombstone for the shared topic


def test_beyond_max_templates_the_least_recently_seen_are_forgotten() -> None:
    counts = TemplateCounts(3, max_templates=100)
    for i in range(1_000):
        counts.observe(f"tpl_{i}", S1)
        counts.observe("tpl_hot", f"{i % 2:016x}")
    assert len(counts) == 100
    assert counts.distinct("tpl_hot") == 2 and counts.distinct("tpl_999") == 1


def test_state_round_trips_through_json() -> None:
    counts = TemplateCounts(3)
    counts.observe("tpl_a", S1)
    for s in (S1, S2, S3):
        counts.observe("tpl_b", s)
    for fp, state in counts.items():
        assert TemplateState.from_json(state.to_json()) == state, fp
