"""Free-text detection, one table per kind of identifier; the post-condition is redaction."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.spans import Detection, merge
from pipeline.transforms.redact import redact

PLANTED = [
    # (text, the value that must not survive, expected entity)
    ("Hello John Smith, your appointment is confirmed.", "John Smith", "PERSON"),
    ("hi maria garcia, thanks for calling", "maria garcia", "PERSON"),
    ("Please call back Xzavier Okonkwo-Brandt today.", "Okonkwo-Brandt", "PERSON"),
    ("Dear Mrs. Müller, your order shipped.", "Müller", "PERSON"),
    ("Ask for Jean-Luc Picard at the front desk.", "Jean-Luc", "PERSON"),
    ("Siobhán O'Brien left a message.", "O'Brien", "PERSON"),
    ("Deliver to 221 Baker Street, London NW1 6XE tomorrow.", "221 Baker Street", "STREET_ADDRESS"),
    ("Nuova sede: Piazza Pellico, 59 dal lunedì.", "Piazza Pellico, 59", "STREET_ADDRESS"),
    ("Lieferung an Röhrdanzplatz 83/53 bitte.", "Röhrdanzplatz 83/53", "STREET_ADDRESS"),
    ("Write to bob.jones@example.org for help", "bob.jones@example.org", "EMAIL_ADDRESS"),
    ("Call me on +44 20 7183 8750 after six", "7183 8750", "PHONE_NUMBER"),
    ("my number is (415) 555-2671.", "555-2671", "PHONE_NUMBER"),
    ("From=%2B14155550100&x=1", "14155550100", "PHONE_NUMBER"),
    ("card 4111 1111 1111 1111 exp 12/29", "4111 1111 1111 1111", "CREDIT_CARD"),
    ("IBAN DE89 3704 0044 0532 0130 00 please", "DE89 3704 0044 0532 0130 00", "IBAN_CODE"),
    ("ssn 536-90-4399 on file", "536-90-4399", "US_SSN"),
    ("login from 203.0.113.77 blocked", "203.0.113.77", "IP_ADDRESS"),
    ("born on 1984-07-21 in Lyon", "1984-07-21", "DATE_OF_BIRTH"),
    ("she was born 7/21/84 downtown", "7/21/84", "DATE_OF_BIRTH"),
    ("send it to P.O. Box 1234 please", "P.O. Box 1234", "STREET_ADDRESS"),
    ("card 2720-4388-3546-4543 was charged twice", "2720-4388-3546-4543", "CREDIT_CARD"),
    ("put me through to mr. banik", "banik", "PERSON"),
    ("hi it's xavier again", "xavier", "PERSON"),
    ("this is okonkwo from accounts", "okonkwo", "PERSON"),
    ("Please ask Siobhan McCooey to call", "McCooey", "PERSON"),
    ("asun elimäenpolku 76, 57566 tohmajärvi", "elimäenpolku 76", "STREET_ADDRESS"),
    ("Tell Nguyen Thi Minh her car is ready", "Nguyen", "PERSON"),
    ("Ms. Wojciechowska called twice", "Wojciechowska", "PERSON"),
    ("agathe n'diaye speaking", "n'diaye", "PERSON"),
    (
        "the parcel should go to 5559 jennifer road suite 605",
        "5559 jennifer road",
        "STREET_ADDRESS",
    ),
]

SAFE = [
    "the order is pending",
    "status is ringing, please hold",
    "Press 1 for Sales and 2 for Support.",
    "Your balance is 42 dollars.",
    "Thank you for calling, goodbye.",
    "The call lasted 65 seconds.",
]


@pytest.mark.parametrize(("text", "value", "entity"), PLANTED)
def test_planted_value_is_detected_and_redacted(
    detector: Any, text: str, value: str, entity: str
) -> None:
    dets = detector.detect(text)
    assert entity in {d.entity_type for d in dets}
    assert value not in redact(text, dets)


@pytest.mark.parametrize("text", SAFE)
def test_safe_text_is_left_alone(detector: Any, text: str) -> None:
    assert redact(text, detector.detect(text)) == text


def test_batch_results_match_single_results(detector: Any) -> None:
    texts = [t for t, _, _ in PLANTED]
    batched = detector.detect_many(texts)
    assert batched == [detector.detect(t) for t in texts]


def test_merge_covers_every_detected_character() -> None:
    dets = [
        Detection(0, 4, "PERSON", 0.5, "a"),
        Detection(4, 9, "LOCATION", 0.9, "b"),
        Detection(2, 3, "EMAIL_ADDRESS", 1.0, "c"),
        Detection(12, 14, "PERSON", 0.5, "d"),
    ]
    merged = merge(dets)
    covered = {i for d in merged for i in range(d.start, d.end)}
    assert covered >= {i for d in dets for i in range(d.start, d.end)}
    assert [(d.start, d.end) for d in merged] == [(0, 9), (12, 14)]
