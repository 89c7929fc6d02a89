"""Names in the structured lines of sports news: scorecards, results, line-ups and lists
(pipeline/detection/names/lineups.py).

Every line here was written for this test (none comes from an evaluation set). Many of the names
are also English words ("Law", "Bowler", "Stone"): the slot, not the word, tells a name.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from pipeline.detection.names.lineups import lineup_names
from pipeline.detection.spans import Detection
from pipeline.transforms.redact import redact


def _found(text: str, lexicon: Any, dets: list[Detection] | None = None) -> list[tuple[str, str]]:
    given = dets or []
    out = lineup_names(text, given, lexicon)
    assert out[: len(given)] == given  # the detections given are kept as they were
    return [(text[d.start : d.end], d.recognizer) for d in out[len(given) :]]


# (line, the names the rules add, their rule)
SLOTS = [
    ("Jo Bloggs c Fielder b Bowler 46", ["Bowler", "Fielder"], "dismissal"),
    ("Ann Other lbw b Marsh 12", ["Marsh"], "dismissal"),
    ("Tom Hale st Wood b Law 7 ,", ["Law", "Wood"], "dismissal"),
    ("Bowling : Hartley 9-1-36-2 , Law 4-0-21-1 , Wood 10-2-40-0", ["Hartley", "Law", "Wood"], "figures"),
    ("134 Ann Hale ( Ireland ) 68 66 , Joe Bush 67 67", ["Ann Hale", "Joe Bush"], "figures"),
    # the last bowler's figures are on the next line
    ("Bowling : Hale 9-1-49-0 , Bush 9-3-28-0 , Wood", ["Hale", "Bush", "Wood"], "figures"),
    ("Wood 47.4 10 125 2 62.50", ["Wood"], "figures"),  # overs, maidens, runs, wickets, average
    ("Stone 12 3 40 0 -", ["Stone"], "figures"),
    ("Riverside 4 ( Fox 15th , Hunter 54th , Stone 67th penalty )", ["Fox", "Hunter", "Stone"], "scorers"),
    ("Harbour - Lake ( 32nd ) , Bell ( 84th minute )", ["Lake", "Bell"], "scorers"),
    ("Kent 301 ( T. Wood 88 , L. Fox 41 not out ; P. Such 5-68 )", ["T. Wood", "L. Fox", "P. Such"], "innings"),
    ("Marsh ( 9-4 ) struck out seven in six innings .", ["Marsh"], "record"),
    ("Reliever Tom Wood ( 0-2 ) , who came on in the eighth , took the loss .", ["Tom Wood"], "record"),
    ("Bush , a .312 hitter , doubled twice .", ["Bush"], "record"),
    ("3. Gardener 10-1 ( Ann Hale )", ["Gardener"], "ranked"),
    ("1. Stone 280 points", ["Stone"], "ranked"),
    ("Guy Wood ( France ) beat 4 - Ann Hale ( Chile ) 6-3 6-4", ["Guy Wood", "Ann Hale"], "result"),
    ("2 - Ann Hale ( U.S. ) beat Joe Bush ( Chile )", ["Ann Hale", "Joe Bush"], "result"),
    ("Ann Hale ( Chile ) vs. Guy Wood ( France )", ["Ann Hale", "Guy Wood"], "result"),  # no digit
    ("Riverside - 1 - Ann Hale , 4 - Joe Bush ( 14 - Al Ross , 57th ) , 2 - Tom Wood", ["Ann Hale", "Joe Bush", "Al Ross", "Tom Wood"], "shirts"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "names", "rule"), SLOTS)
def test_each_slot_finds_its_names(detector: Any, text: str, names: list[str], rule: str) -> None:
    found = _found(text, detector.lexicon)
    assert sorted(found) == sorted((name, f"lineup:{rule}") for name in names)


# Lines of the same shapes whose capitalised words are no person: nothing is added.
PLAIN = [
    "Take vitamin b Complex 12 tablets a day .",  # no batter's line: words follow the number
    "The plan b Option 2 was dropped .",
    "Revenue 120 130 140 15 12.50",  # more maidens than overs, an average that is no runs/wicket
    "Margin 40 10 125 2 12.00",
    "Hartley 9-12-36-2 , Marsh 4-0-21-14",  # more maidens than overs, fourteen wickets
    "1. Italy 45 points",  # a place is ranked
    "4. Riverside 3 2 1 0 10 4 7",  # a league table row after the rank
    "Real Madrid ( Spain ) v Ajax ( Netherlands ) 2-1",  # clubs: football's "v"
    "Bonn ( Germany ) 310,000 up 2.1",  # a city and its population
    "The May ( 3-1 ) figures were revised .",
    "He scored on May 27th and June 3rd .",  # dates, no scorers
    "Section 4 - Summary ; 5 - Appendix",  # one numbered item a line is no line-up
]


@pytest.mark.parametrize("text", PLAIN)
def test_everyday_lines_of_the_same_shapes_stay(detector: Any, text: str) -> None:
    assert _found(text, detector.lexicon) == []


def test_a_record_after_a_found_place_is_a_teams(detector: Any) -> None:
    text = "Brookvale ( 9-4 ) won again on Sunday ."
    place = Detection(0, 9, "LOCATION", 0.85, "test")
    assert _found(text, detector.lexicon, [place]) == []
    assert _found(text, detector.lexicon) == [("Brookvale", "lineup:record")]


def test_a_record_after_a_gazetteer_city_is_a_teams(detector: Any) -> None:
    # Riverside, California: a city of the gazetteer even when nothing found it
    assert _found("Riverside ( 9-4 ) won again on Sunday .", detector.lexicon) == []


def _persons(text: str, *names: str) -> list[Detection]:
    return [Detection(text.index(n), text.index(n) + len(n), "PERSON", 0.85, "test") for n in names]


def test_the_odd_item_of_a_list_of_found_names_is_a_name(detector: Any) -> None:
    text = "Young , Okafor , Brandt , Kowalski , Nakamura ."
    dets = _persons(text, "Okafor", "Brandt", "Kowalski", "Nakamura")
    assert _found(text, detector.lexicon, dets) == [("Young", "lineup:name_list")]


def test_a_line_up_after_its_heading_and_numbers(detector: Any) -> None:
    text = "Riverside : Marsh , 4 - Okafor , Brandt , Kowalski , Nakamura"
    dets = _persons(text, "Okafor", "Brandt", "Kowalski", "Nakamura")
    assert _found(text, detector.lexicon, dets) == [("Marsh", "lineup:name_list")]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # too few found names, or as many other items as names: no list of names
        ("Red , Green , Blue , Okafor", ["Okafor"]),
        ("Young , Old , Okafor , Brandt , Kowalski", ["Okafor", "Brandt", "Kowalski"]),
        # a long item breaks the list: "Young" is in a list of its own
        ("Young people came , Okafor , Brandt , Kowalski", ["Okafor", "Brandt", "Kowalski"]),
        # a function word or a date word stays
        (
            "Monday , Okafor , Brandt , Kowalski , Nakamura",
            ["Okafor", "Brandt", "Kowalski", "Nakamura"],
        ),
    ],
)
def test_lists_that_are_no_lists_of_names(detector: Any, text: str, names: list[str]) -> None:
    assert _found(text, detector.lexicon, _persons(text, *names)) == []


# Through the whole detector: the name goes, the figures and the words around it stay.
REDACTED = [
    ("Jo Bloggs c Fielder b Bowler 46", "Bowler", "46"),
    ("Bowling : Hartley 9-1-36-2 , Law 4-0-21-1", "Law", "4-0-21-1"),
    ("Marsh ( 9-4 ) struck out seven .", "Marsh", "struck out seven"),
    ("Guy Wood ( France ) beat Ann Hale ( Chile ) 6-3 6-4", "Guy", "6-3 6-4"),
    ("1. Stone 280 points", "Stone", "280 points"),
]


@pytest.mark.parametrize(("text", "secret", "kept"), REDACTED)
def test_lineup_names_are_redacted(detector: Any, text: str, secret: str, kept: str) -> None:
    out = redact(text, detector.detect(text))
    assert secret not in out
    assert kept in out


@pytest.mark.parametrize(
    "text",
    [
        "A. " * 7000 + "1",  # initials that never reach a name
        "Ab , " * 5000 + "1",
        "1 - Ab Cd ( " * 2000,
        "b Ab " * 5000 + "1",
    ],
)
def test_long_runs_of_shapes_stay_linear(detector: Any, text: str) -> None:
    """Each rule does bounded work at each offset: a run of initials took minutes when their
    number was unbounded (quadratic backtracking)."""
    started = time.monotonic()
    lineup_names(text, [], detector.lexicon)
    assert time.monotonic() - started < 5.0
