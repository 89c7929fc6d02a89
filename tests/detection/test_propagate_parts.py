"""What a found name's parts make PII elsewhere: name parts, never a function word or a role."""

from __future__ import annotations

import pytest

from pipeline.detection.propagate import parts_of, propagate
from pipeline.detection.spans import Detection

# A name rule that takes in a function word or a title ("the Marlins", "Will Smith", "Coach
# Okafor") must not make every "the", "will" or "coach" of the text a name.
SPANS = [
    ("the Hartwell Marlins", ["Hartwell", "Marlins"]),
    ("Will Okafor", ["Okafor"]),
    ("Coach Brennagh", ["Brennagh"]),
    ("and Tomasz", ["Tomasz"]),
    ("Other Mwangi", ["Mwangi"]),
]


@pytest.mark.parametrize(("span", "alone"), SPANS)
def test_only_the_name_words_of_a_found_person_are_looked_for(span: str, alone: list[str]) -> None:
    assert [p for p in parts_of("PERSON", span) if " " not in p] == alone


@pytest.mark.parametrize(("span", "alone"), SPANS)
def test_a_function_word_of_a_found_name_stays_in_clear_elsewhere(
    span: str, alone: list[str]
) -> None:
    first = f"Yesterday {span} won."
    rest = " Then the crowd will see the other team and coach them, said " + alone[-1] + "."
    text = first + rest
    start = first.index(span)
    found = propagate(
        text, [Detection(start, start + len(span), "PERSON", 0.9, "test")], frozenset()
    )
    spread = [text[d.start : d.end] for d in found if d.start >= len(first)]
    assert spread == [alone[-1]]
