"""Streets written without a street word: a house number before a found person or place.

`numbered_names` is given the name span as NER would give it (the table marks it with [...]),
so each row checks the number's context alone; a few rows go through the whole detector. The
addresses are invented for these tables (none is from tests/data/addresses).
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.addresses.house_numbers import numbered_names
from pipeline.detection.spans import Detection


def _streets(marked: str, entity: str = "PERSON") -> list[str]:
    start = marked.index("[")
    end = marked.index("]") - 1
    text = marked.replace("[", "").replace("]", "")
    name = Detection(start, end, entity, 0.85, "spacy")
    return [text[d.start : d.end] for d in numbered_names(text, [name])]


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        ("Please send it to 48 [Willow Bend] today.", "48 Willow Bend"),
        ("My new address is 77 [Van Buren], thanks.", "77 Van Buren"),
        ("We moved to 210 East [Halsted] last month.", "210 East Halsted"),
        ("The van could not find 3120 N [Whitfield] yesterday.", "3120 N Whitfield"),
        ("3120 R [Whitfield] is where it goes.", "3120 R Whitfield"),
        ("Deliver to 5120 [Maple] Crossing please.", "5120 Maple Crossing"),
        ("48 [Willow Bend] is where the box should go.", "48 Willow Bend"),
        ("Address: 1742 [Kessler], Unit 2", None),  # a symbol before the number: a label's cell
        ("ship to 1742 [Kessler] please", "1742 Kessler"),
    ],
)
def test_house_number_before_a_name_is_a_street(marked: str, expected: str | None) -> None:
    assert _streets(marked) == ([expected] if expected else [])


@pytest.mark.parametrize(
    "marked",
    [
        "Leeds 2 [West Ham] 1",  # a result line: a team before the score
        "Charlton 14 [Swansea] 3 in the last game.",
        "He won the 40 [Welsh] seats outright.",  # a count word before the number
        "about 300 [Air Canada] staff walked out",
        "close to 20 [NY] classics for you",  # a state's code
        "30 [Mosques] in 30 Days",  # a count of things named in the plural
        "Troops killed 17 [Kurdish] rebels in clashes.",  # a count word before it
        "They sent 25 [Kurdish] rebels home.",  # a plural noun after the name
        "281 [Tom Lehman] 70 71 69 71",  # a leader board's row
        "66 [Tom Kite]",
        "67 [Nick Price] , Ian Baker-Finch",
        "In 1996 [Clinton] won the vote.",  # a year
        "It was 8 [Smith] against 3.",  # one digit: no house number this rule takes
        "May 24 [Second] one-day international",  # a month before it
        "number 12 [Anna Berg] of Sweden won 6-4 6-2.",
        "Top 10 [Android] tablets of the year",
        "the 3 [Main] reasons",
        "the score was 3 [Smith] 2",
    ],
)
def test_counts_scores_and_tables_stay(marked: str) -> None:
    assert _streets(marked) == []


def test_a_place_after_the_number_counts_as_a_name() -> None:
    assert _streets("Send it to 9120 [Lakeview] Overlook please.", "LOCATION") == [
        "9120 Lakeview Overlook"
    ]


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Please send the parcel to 4418 Ellsworth Calloway, thanks.", "4418 Ellsworth Calloway"),
    ],
)
def test_the_detector_takes_the_number_with_the_name(detector: Any, text: str, street: str) -> None:
    spans = [(text[d.start : d.end], d.entity_type) for d in detector.detect(text)]
    assert (street, "STREET_ADDRESS") in spans, spans
