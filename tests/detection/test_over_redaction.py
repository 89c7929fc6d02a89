"""Words that are no PII stay in clear: numbers in scores, tables and dates, everyday words."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.transforms.redact import redact

# Each text holds no personal data at all: redaction must leave it unchanged.
CLEAN = [
    # numbers: scores, tables, decimals, dates and times
    "Final score 4-2, three points, up to 7th with 31 pts from 19 games.",
    "The index closed at 7,432.18 points, up 0.6 per cent.",
    "Rovers 2 United 2, City 0 Albion 1 (attendance 38,112).",
    "The meeting moved to 2025-03-11 at 14:30.",
    "Posted on Feb 1 2015 11:11 PM by the moderators.",
    "Doors open Sunday Sept 19th at 7pm.",
    "See you on January 11th!",
    "blog post: http://example.com/nfl/2010/09/17/week-two/",
    # everyday words that some Faker locale lists as a name
    "my iban is the one on file",
    "The Calm Before It",
    "Haha Lol Hey Gonna go, Told you so, Congrats",
    "SO WHEN I GET ON N JOKE AROUND YALL TALK ABOUT ME LIKE A DOG",
    "Good Morning ! Have a pleasant day ! http://dlvr.it/5Rh4w",
    "Sunday can you please hurry up and get here already",
    # contractions, possessives and stretched spellings are English words
    "Honestly I'm tired and I've had enough, so I'll go home. Can't wait. They're late.",
    "OUR TEACHER'S PET WON , Niiiiice , LOVEEE it , SORRRRY",
    # after a determiner a lower-case given name is a noun
    "she left a mark on the door of the rose garden",
    # a headline of dictionary words is no name, even when one is a surname somewhere
    "Home Field Advantage and Recognition Day return this week",
    "The Village Green Festival opens on Saturday",
    # no street without a number unless the type word is a foreign street prefix
    "Follow Friday : Little Girl , Break A Leg",
    # numbers followed by units or function words are no house numbers
    "a 30 min run, a 7 hour drive and 3 more on the way",
    "The album is in stores Nov 2, top spot for 40 days in the charts",
    "took 5th place out of 11 teams, close to 20 songs",
]


@pytest.mark.parametrize("text", CLEAN)
def test_text_without_pii_is_left_alone(detector: Any, text: str) -> None:
    assert redact(text, detector.detect(text)) == text


# The same shapes next to real PII: the PII goes, the rest stays.
MIXED = [
    ("April Jones called on 3 May about the roast.", "April Jones", "called on 3 May"),
    ("Senator MARISOL QUINTANILLA voted against.", "QUINTANILLA", "voted against."),
    (
        "born on 1984-07-21, and the next team meeting is set for 2025-03-11",
        "1984-07-21",
        "2025-03-11",
    ),
    ("RT @dune_rider99 : RT this tonight", "dune_rider99", "RT this tonight"),
    ("Meet me on Calle Escarlata tonight", "Escarlata", "Meet me on"),
    ("the parcel goes to 5559 cardigan road, a 5 min walk", "cardigan", "a 5 min walk"),
    ("I'm with Oluwaseun Adeyemi today", "Adeyemi", "I'm with"),
    ("a new single by Scooter Braun today", "Braun", "a new single by"),
]


@pytest.mark.parametrize(("text", "secret", "kept"), MIXED)
def test_pii_goes_and_its_neighbours_stay(detector: Any, text: str, secret: str, kept: str) -> None:
    out = redact(text, detector.detect(text))
    assert secret not in out
    assert kept in out


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Israel grinds to a halt for the holiday", "Israel"),
        ("14th century ( England ) manuscripts", "England"),
        ("snow in NEW YORK tonight", "NEW YORK"),
    ],
)
def test_country_and_state_names_are_places(detector: Any, text: str, place: str) -> None:
    dets = detector.detect(text)
    assert place not in redact(text, dets)
    assert "LOCATION" in {d.entity_type for d in dets}
