"""A street named before its house number where a sentence about the post puts an address.

Rows for detection/addresses/cued_names.py: found whole, and left clear (scores, versions,
counted things, years, times, units, sentences not about the post). The streets and towns are
invented for these tables (none is from tests/data/addresses).
"""

from __future__ import annotations

import pytest

from pipeline.detection.addresses.cued_names import find_cued_names


def _found(text: str) -> list[str]:
    return [text[d.start : d.end] for d in find_cued_names(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Please post it to Vrabcová 812, Lhota.", "Vrabcová 812, Lhota"),
        ("The parcel for Lhota, Sýkorová 51/7 came back.", "Lhota, Sýkorová 51/7"),
        ("We moved to Nad Struhou 64/12 last month.", "Nad Struhou 64/12"),
        ("Ship it to Kestrel Haugen 18B, thanks.", "Kestrel Haugen 18B"),
        ("My address is Olav Trygvesons vei 7 now.", "Olav Trygvesons vei 7"),
        ("Deliver to Strada Pescarului 41 Galați please.", "Strada Pescarului 41 Galați"),
        ("Ship to Rua dos Pinheiros 230, we moved.", "Rua dos Pinheiros 230"),
        ("Kestrelweide 9 is where the parcel should be delivered.", "Kestrelweide 9"),
        ("my address is Żurawia 22 thanks", "Żurawia 22"),
    ],
)
def test_cued_name_found(text: str, expected: str) -> None:
    assert expected in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "We shipped it to Windows 10 users.",
        "Ship it to Apollo 13 fans.",
        "The parcel went to Gate 12 at noon.",
        "The delivery moved to Monday 14 at the depot.",
        "The post is at Terminal 5 today.",
        "Parcels go to Room 12 for pick-up.",
        "He moved to Chelsea 2019 with the post.",  # a year is no house number
        "The mail came at Noon 12 hours late.",
        "Deliveries rose to Level 3 and Phase 2.",
        "We drove to Vrabcová 812, Lhota.",  # no word of the post
        "The shipment went to Kestrel 300 times.",
        "Send it to the depot at 12 Kestrel St.",  # number first: cued_streets' and lines'
        "Mail it to Version 2 testers.",
        "Kestrelton NSW 2999 is a postcode we do not deliver to.",
        "The delivery is moved. Call 202.555.0147 to book it.",  # a phone number
    ],
)
def test_text_without_a_cued_name(text: str) -> None:
    assert _found(text) == []


def test_a_person_before_a_street_is_no_town() -> None:
    assert _found("Ship to: Jana Vrabcová, Sýkorová 5") == []
