"""Propagation: a few parts found by plain search give what their automaton gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.budget import WorkBudget
from pipeline.detection import propagate as propagate_module

_PARTS = st.frozensets(
    st.tuples(
        st.sampled_from(
            ["a", "aa", "ana", "na", "maria", "ana maria", "ria", "123", "23", "a@b.co", "", "ló"]
        ),
        st.sampled_from(["PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS"]),
    ),
    max_size=8,
)


def _both(text: str, parts: frozenset[tuple[str, str]]) -> tuple[object, object]:
    """(matches, budget spent) by search, then by automaton (the same parts, never kept)."""
    searched, built = WorkBudget(10**9), WorkBudget(10**9)
    by_search = list(propagate_module._occurrences(text, parts, searched))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(propagate_module, "_SEARCHED_PARTS", -1)
        by_automaton = list(propagate_module._occurrences(text, list(parts), built))
    return (by_search, searched.spent), (by_automaton, built.spent)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ana maria ló 123@b.co-", max_size=60), _PARTS)
def test_searched_parts_find_and_charge_what_the_automaton_does(
    text: str, parts: frozenset[tuple[str, str]]
) -> None:
    searched, built = _both(text, parts)
    assert searched == built


def test_overlapping_and_shared_parts_come_in_the_automatons_order() -> None:
    # "aa" in "aaaa" three times, overlapping; "ana" wanted as two entities goes with the first;
    # a whole name and its surname end together: the longer comes first
    parts = frozenset({("aa", "PERSON"), ("a", "PERSON"), ("ana", "PHONE_NUMBER"), ("ana", "X")})
    parts |= {("ana maria", "PERSON"), ("maria", "PERSON")}
    for text in ("aaaa", "ana banana", "a a aa ana", "ana maria"):
        searched, built = _both(text, parts)
        assert searched == built


def test_past_the_match_limit_the_automaton_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(propagate_module, "_SEARCHED_MATCHES", 3)
    assert propagate_module._searched("a a a a", [("a", "PERSON")]) is None
    found = list(propagate_module._occurrences("a a a a", frozenset({("a", "P")}), WorkBudget(99)))
    assert [s for s, _, _ in found] == [0, 2, 4, 6]
