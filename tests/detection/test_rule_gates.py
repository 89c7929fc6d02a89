"""Cheap checks that skip work: each must skip only work that would have found nothing.

The lineup rules are skipped on a text without a capitalised word (every rule's name starts
with one), and the recognizer gates are visited through a table by digit count: both must
give what the full work gives.
"""

from __future__ import annotations

from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.detection.detector import _digits
from pipeline.detection.names import lineups
from pipeline.detection.spans import Coverage, Detection

# lines written for this test: slots the rules fill, in upper and lower case
_LINES = [
    "Jo Bloggs c Fielder b Bowler 46",
    "jo bloggs c fielder b bowler 46",
    "Bowling : Hartley 9-1-36-2 , Law 4-0-21-1 , Wood 10-2-40-0",
    "bowling : hartley 9-1-36-2 , law 4-0-21-1 , wood 10-2-40-0",
    "Riverside 4 ( Fox 15th , Hunter 54th , Stone 67th penalty )",
    "3. Marlow 10-1",
    "3. MARLOW 10-1",
    "Guy Hale ( France ) beat Al Ross ( Spain ) 6-3 6-4",
    "guy hale ( france ) beat al ross ( spain ) 6-3 6-4",
    "Given , Ann Hale , Jo Marlow , Al Ross",
    "O'Neill , a .333 hitter , said",
    "1 - Ann Hale , 4 - Jo Marlow ( 14 - Al Ross , 57th )",
]
_PEOPLE = [Detection(8, 16, "PERSON", 0.8, "test"), Detection(19, 28, "PERSON", 0.8, "test")]


def _ungated(text: str, dets: list[Detection], lexicon: Any) -> list[Detection]:
    """What the lineup rules find, the gate left out."""
    places = Coverage((d.start, d.end) for d in dets if d.entity_type == "LOCATION")
    return lineups._slots(text, lexicon, places) + lineups._name_lists(text, dets, lexicon)


@pytest.mark.parametrize("text", _LINES)
def test_lineup_rules_find_nothing_in_a_text_the_gate_skips(text: str, detector: Any) -> None:
    gated = lineups.lineup_names(text, _PEOPLE, detector.lexicon)
    if lineups._WORD_START.search(text) is None:
        assert _ungated(text, _PEOPLE, detector.lexicon) == []
        assert gated == _PEOPLE
    else:  # the upper-case lines are found (the gate lets them through)
        assert len(gated) > len(_PEOPLE) or text.startswith("Given")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcxyz ABC'’.,;:()-0123456789\n", max_size=60))
def test_no_lineup_rule_matches_without_a_capitalised_word(detector: Any, text: str) -> None:
    if lineups._WORD_START.search(text) is None:
        assert _ungated(text, _PEOPLE, detector.lexicon) == []


def _old_open(gates: list[Any], text: str) -> list[str]:
    """The gates the counts and conditions let through, as the loop over all gates had it."""
    digits = _digits(text)
    return [
        g.name
        for g in gates
        if digits >= g.min_digits or any(c(text, digits) for c in g.conditions)
    ]


def _new_open(plan: Any, text: str) -> list[str]:
    digits = _digits(text)
    return [
        g.name
        for g, by_condition in plan[min(digits, len(plan) - 1)]
        if not by_condition or any(c(text, digits) for c in g.conditions)
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 -./:@=%AIBEGBTxyz", max_size=60))
def test_the_gates_by_digit_count_open_as_the_loop_over_all_gates(detector: Any, text: str) -> None:
    assert _new_open(detector._open_by_digits, text) == _old_open(detector._gates, text)


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet="GBDEAZK0123456789 -", max_size=12),
    st.sampled_from(
        ["GB82WEST12345698765432", "DE89 3704 0044 0532 0130 00", "MAK4OKHZUM947ATZ7AG"]
    ),
    st.text(alphabet="GBDEAZK0123456789 -", max_size=12),
)
def test_the_iban_gate_opens_wherever_the_iban_pattern_matches(
    detector: Any, before: str, ident: str, after: str
) -> None:
    iban = next(g for g in detector._gates if g.name == "IbanRecognizer")
    pattern = iban.recognizer.patterns[0]
    for text in (before + ident + after, before + ident[: len(after)] + after, before + after):
        if regex.search(pattern.regex, text, flags=iban.recognizer.global_regex_flags):
            assert any(c(text, _digits(text)) for c in iban.conditions), text
