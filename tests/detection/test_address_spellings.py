"""Address words as people write them: "So." for South, "M/C" for a mail code, mistyped types.

Rows that must be found whole and rows that must stay clear. The addresses are invented for these
tables (none is from tests/data/addresses).
"""

from __future__ import annotations

import pytest

from pipeline.detection.addresses import typos
from pipeline.detection.addresses.house_numbers import numbered_names
from pipeline.detection.addresses.streets import find_addresses
from pipeline.detection.spans import Detection, merge


def _found(text: str) -> list[str]:
    return [text[d.start : d.end] for d in merge(find_addresses(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "So" / "So." for South: a grid line, a numbered street, a name with no type word
        ("Ship to 350 So. 400 East today", "350 So. 400 East"),
        ("Ship to 350 So 400 E, Provo, UT 84601 now", "350 So 400 E, Provo, UT 84601"),
        ("Ship to 1200 So. 4th today", "1200 So. 4th"),
        ("Ship to 1200 So. Kestrel, Tulsa, OK 74105 now", "1200 So. Kestrel, Tulsa, OK 74105"),
        ("Ship to 1200 So. Kestrel today", "1200 So. Kestrel"),
        # a mail code or mail stop after the street, in brackets or not
        (
            "Ship to 82 Orchard Street (m/c 455) rm. 210 today",
            "82 Orchard Street (m/c 455) rm. 210",
        ),
        (
            "Ship to 82 Orchard Street (M/C 4-12), Rm. 9 today",
            "82 Orchard Street (M/C 4-12), Rm. 9",
        ),
        ("Ship to 82 Orchard Street m/s 12B today", "82 Orchard Street m/s 12B"),
        ("Ship to 82 Orchard Street, Mail Stop 7A today", "82 Orchard Street, Mail Stop 7A"),
        ("Ship to 82 Orchard Street (mail code 4120) today", "82 Orchard Street (mail code 4120)"),
        # a street word with one slip of the keys
        ("Ship to 82 Orchard steet today", "82 Orchard steet"),
        ("Ship to 82 Orchard Stree, Tulsa, OK 74105 now", "82 Orchard Stree, Tulsa, OK 74105"),
        ("Ship to 82 Orchard Bouelvard today", "82 Orchard Bouelvard"),
        ("Ship to 82 ORCHARD AVNUE APT 4 today", "82 ORCHARD AVNUE APT 4"),
        ("ship to 82 orchard streeet apt 4 today", "82 orchard streeet apt 4"),
        ("Ship to 82 Orchard bkvd today", "82 Orchard bkvd"),
        ("Ship to 82 Kestrel PKWT today", "82 Kestrel PKWT"),
        # a vowelless unit designator with two neighbours swapped
        ("ship to 82 alder rd., suite 20c pbm 214 now", "82 alder rd., suite 20c pbm 214"),
        ("Ship to 82 Orchard Lane, Bdlg 4 today", "82 Orchard Lane, Bdlg 4"),
    ],
)
def test_spellings_found_whole(text: str, expected: str) -> None:
    assert expected in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "It was 1200 So. I left.",  # "So" ends a sentence after a count
        "We sold 1200 so many",
        "I drove 350 so 400 e-bikes were sold",  # lower-case "so" is the word
        "The m/c 455 engine failed",  # a mail code's words with no street
        "We had 82 people at the venue today",  # "venue" is a word, no "avenue"
        "It took 12 hours on the highwy",  # the slip after a function word: no street's name
        "We took 82 Kestrel dive trips",  # a short type's slips are words: none taken
        "The pbm 214 report is late",  # a designator's slip with no street
    ],
)
def test_spellings_without_an_address(text: str) -> None:
    assert _found(text) == []


def test_a_word_one_slip_from_a_type_is_taken_only_when_no_word() -> None:
    slips = typos.mistyped_types()
    assert {"steet", "stret", "avnue", "bouelvard", "bkvd", "pkwt"} <= slips
    assert not {"venue", "street", "blvd", "dive", "curt", "line"} & slips
    designators = set(typos.mistyped_designators())
    assert {"pbm", "bdlg", "mcs"} <= designators
    assert not {"pmb", "bldg", "psc", "foc"} & designators


def test_a_mail_code_needs_its_number() -> None:
    assert _found("Ship to 82 Orchard Street (m/c) today") == ["82 Orchard Street"]


def test_so_for_south_before_a_found_name() -> None:
    text = "We moved to 210 So. Halsted last month."
    name = Detection(text.index("Halsted"), text.index(" last"), "PERSON", 0.85, "spacy")
    assert [text[d.start : d.end] for d in numbered_names(text, [name])] == ["210 So. Halsted"]
    text = "It was 210 so Halsted left."  # lower-case "so" is the word
    name = Detection(text.index("Halsted"), text.index(" left"), "PERSON", 0.85, "spacy")
    assert numbered_names(text, [name]) == []
