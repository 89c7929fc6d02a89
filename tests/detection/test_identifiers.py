"""Identifiers in free text: country ids, IBANs as people write them, @handles and user names."""

from __future__ import annotations

import json
from typing import Any

import pytest
from presidio_analyzer.predefined_recognizers import (
    AuTfnRecognizer,
    InAadhaarRecognizer,
    NhsRecognizer,
)

from pipeline.detection.names.handles import find_user_names
from pipeline.detection.numbers.iban import find_ibans, iban_valid
from pipeline.transforms.redact import redact

FOUND = [
    # (text, value that must not survive, entity)
    ("My national insurance number is JG 10 37 59 A, thanks", "JG 10 37 59 A", "UK_NINO"),
    ("NINO: AB123456C", "AB123456C", "UK_NINO"),
    ("DNI 73510226H del titular", "73510226H", "ES_NIF"),
    ("su NIE es Y4417203K", "Y4417203K", "ES_NIE"),
    ("codice fiscale BNCGLI72D41F205L", "BNCGLI72D41F205L", "IT_FISCAL_CODE"),
    ("tax file number 553 870 272 for payroll", "553 870 272", "AU_TFN"),
    ("NRIC T3319478D on the form", "T3319478D", "SG_NRIC_FIN"),
    ("driver license B123-4567-8901 from Illinois", "B123-4567-8901", "US_DRIVER_LICENSE"),
    ("the MAC address is 00:1a:2b:3c:4d:5e", "00:1a:2b:3c:4d:5e", "MAC_ADDRESS"),
    ("router mac 00-1A-2B-3C-4D-5F reboots", "00-1A-2B-3C-4D-5F", "MAC_ADDRESS"),
    ("ask @dune_rider99 about it", "dune_rider99", "USERNAME"),
    ("username: wren.okafor7", "wren.okafor7", "USERNAME"),
    ("pay into it60 x054 2811 1010 0000 0123 456 today", "it60 x054", "IBAN_CODE"),
    ("IBAN BE68 5390 0754 7034.", "BE68 5390 0754 7034", "IBAN_CODE"),
    ("rekening nl44rabo0123456789 graag", "nl44rabo0123456789", "IBAN_CODE"),
]

# Digit runs that pass some identifier's checksum but stand without its context word.
NOT_IDENTIFIERS = [
    ("Order 553870272 shipped on Monday.", "553870272", "AU_TFN"),
    ("Ticket 3787 5936 2449 was closed.", "378759362449", "IN_AADHAAR"),
    ("Invoice 943 476 5919 is paid.", "9434765919", "UK_NHS"),
]


@pytest.mark.parametrize(("text", "value", "entity"), FOUND)
def test_identifier_is_found_and_redacted(
    detector: Any, text: str, value: str, entity: str
) -> None:
    dets = detector.detect(text)
    assert entity in {d.entity_type for d in dets}, dets
    assert value not in redact(text, dets)


@pytest.mark.parametrize(("text", "digits", "entity"), NOT_IDENTIFIERS)
def test_identifier_needing_context_is_not_reported_without_it(
    detector: Any, text: str, digits: str, entity: str
) -> None:
    recognizer = {
        "AU_TFN": AuTfnRecognizer,
        "IN_AADHAAR": InAadhaarRecognizer,
        "UK_NHS": NhsRecognizer,
    }[entity]()
    assert recognizer.validate_result(digits)  # Presidio alone would report it at score 1.0
    assert entity not in {d.entity_type for d in detector.detect(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("iban es91 2100 0418 4502 0005 1332 and more", "es91 2100 0418 4502 0005 1332"),
        ("GB33BUKB20201555555555", "GB33BUKB20201555555555"),
        ("gb33-bukb-2020-1555-5555-55 ok", "gb33-bukb-2020-1555-5555-55"),
        ("GB33BUKB20201555555556", None),  # check digits wrong
        ("AB12 3456 7890 1234", None),  # no such country
    ],
)
def test_iban_in_any_case_and_grouping(text: str, expected: str | None) -> None:
    found = [text[d.start : d.end] for d in find_ibans(text)]
    assert found == ([expected] if expected else [])


def test_iban_validation_is_the_mod97_rule() -> None:
    assert iban_valid("DE89370400440532013000")
    assert not iban_valid("DE89370400440532013001")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("username: ann.b", ["ann.b"]),
        ("login=jdoe88, password hidden", ["jdoe88"]),
        ("my username is jdoe_88", ["jdoe_88"]),
        ("my username is forgotten", []),  # after "is" only ids with a digit or underscore
        ("the login is required", []),
    ],
)
def test_labelled_user_names(text: str, expected: list[str]) -> None:
    assert [text[d.start : d.end] for d in find_user_names(text)] == expected


def test_e_mail_is_not_a_handle(detector: Any) -> None:
    dets = detector.detect("write to mo.li@example.org")
    assert {d.entity_type for d in dets} == {"EMAIL_ADDRESS"}


def test_e_mail_after_the_word_at_is_redacted(sanitize: Any) -> None:
    # "me at t.b" is no spoken e-mail when the real address follows
    text = "You can reach me at wren.okafor@example.net after 5pm."
    event = {"event_id": "e1", "event_type": "feedback", "properties": {"message": text}}
    out = sanitize("analytics_events", event)
    assert "okafor" not in json.dumps(out.record)
