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


def _without_shortcut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(propagate_module, "_absent", lambda low, parts, budget: False)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ana maria ló 123@b.co-ANM", max_size=60), _PARTS)
def test_a_text_holding_no_part_is_answered_and_charged_as_by_the_search(
    text: str, parts: frozenset[tuple[str, str]]
) -> None:
    # the shortcut (no part anywhere in the text) gives what the search gives, at the same cost
    quick, full = WorkBudget(10**9), WorkBudget(10**9)
    quick_found = propagate_module.propagate(text, [], parts, quick)
    quick_new = propagate_module.new_occurrence(text, [], parts, quick)
    with pytest.MonkeyPatch.context() as patch:
        _without_shortcut(patch)
        full_found = propagate_module.propagate(text, [], parts, full)
        full_new = propagate_module.new_occurrence(text, [], parts, full)
    assert (quick_found, quick_new, quick.spent) == (full_found, full_new, full.spent)


def test_the_shortcut_answers_only_when_no_part_occurs() -> None:
    parts = frozenset({("maria", "PERSON"), ("", "PERSON"), ("ana", "PERSON")})
    budget = WorkBudget(10**9)
    assert propagate_module._absent("call me later", parts, budget)
    assert budget.spent == len("maria") + len("ana") + len("call me later") // 8 + 1
    assert not propagate_module._absent("banana split", parts, WorkBudget(10**9))  # "ana" inside
    assert not propagate_module._absent("call me later", [("maria", "PERSON")], budget)  # no set
    empty = WorkBudget(10**9)
    assert propagate_module._absent("anything", frozenset({("", "PERSON")}), empty)
    assert empty.spent == 0  # nothing to look for costs nothing, as in _occurrences
    found = propagate_module.propagate("Maria called", [], parts, WorkBudget(10**9))
    assert [(d.start, d.end) for d in found] == [(0, 5)]
