"""A street named without its type word where a sentence about the post puts an address.

Rows for detection/addresses/cued_streets.py: found whole, and left clear (clock times,
counted things, years, companies counted, scores, a caller's number, sentences not about the
post). The addresses are invented for these tables (none is from tests/data/addresses).
"""

from __future__ import annotations

import pytest

from pipeline.detection.addresses.cued_streets import find_cued_streets


def _found(text: str) -> list[str]:
    return [text[d.start : d.end] for d in find_cued_streets(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Please post it to 4410 Kestrel tomorrow.", "4410 Kestrel"),
        ("We moved to 4410 Kestrel Ridge last month.", "4410 Kestrel Ridge"),
        ("Ship the parcel to 4410 KESTREL RIDGE, thanks.", "4410 KESTREL RIDGE"),
        ("My address is 4410 A Kestrel now.", "4410 A Kestrel"),
        ("The courier could not find 4410-12 Kestrel yesterday.", "4410-12 Kestrel"),
        ("4410 Kestrel is where the parcel should be delivered.", "4410 Kestrel"),
        ("my address is 4410 Kestrel thanks", "4410 Kestrel"),
    ],
)
def test_cued_street_found(text: str, expected: str) -> None:
    assert expected in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "The parcel arrived at 1500 GMT today.",
        "The courier came at 1430 local time.",
        "We shipped 1200 Dell laptops to the depot.",
        "Deliver to 500 Fortune companies.",
        "He moved to 2019 Lakeview with the post.",
        "The mail is 1200 Euros too much.",
        "The delivery is due at 1200 Monday.",
        "Results: Lakers 112 Celtics 104, post season.",
        "You are caller number 25 in the queue.",
        "Ship 250 Widgets today.",
        "We drove to 4410 Kestrel Ridge last month.",  # no word of the post
        "The shipment went to 300 The Hague offices.",
        "Send 4410 Kestrel orders to the depot.",
        "Sales rose to 1200 Points in the mail poll.",
    ],
)
def test_text_without_a_cued_street(text: str) -> None:
    assert _found(text) == []
