"""Every country identifier recognizer issue 10 lists, on values generated from its rule.

`test_identifiers.py` has a written example for some recognizers; UK NHS, IN PAN, IN Aadhaar,
AU ABN, US ITIN, US passport and crypto addresses had none. Here values are drawn from each
format's rule with a seeded generator (check digits computed, or drawn until the recognizer's own
checksum accepts them), written in several sentences with a context word before them: each must
be reported as its entity and redacted. The recognizers whose shape is a bare digit run
(`detection.context_required`) must not report the same values in a sentence without context.
"""

from __future__ import annotations

import hashlib
import random
import string
from collections.abc import Callable
from typing import Any

import pytest
from presidio_analyzer.predefined_recognizers import (
    AuAbnRecognizer,
    InAadhaarRecognizer,
    NhsRecognizer,
)

from pipeline.transforms.redact import redact

VALUES_PER_RULE = 4
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _drawn(draw: Callable[[], str], valid: Callable[[str], bool]) -> str:
    """A value of the rule's shape that its recognizer's checksum accepts."""
    for _ in range(10_000):
        value = draw()
        if valid(value):
            return value
    raise AssertionError("no valid value drawn")  # pragma: no cover - the rules are satisfiable


def _digits(rng: random.Random, n: int, first: str = "123456789") -> str:
    return rng.choice(first) + "".join(rng.choice(string.digits) for _ in range(n - 1))


def _nhs(rng: random.Random) -> str:
    v = _drawn(lambda: _digits(rng, 10, "4689"), NhsRecognizer().validate_result)
    return f"{v[:3]} {v[3:6]} {v[6:]}"


def _aadhaar(rng: random.Random) -> str:
    v = _drawn(lambda: _digits(rng, 12, "23456789"), InAadhaarRecognizer().validate_result)
    return f"{v[:4]} {v[4:8]} {v[8:]}"


def _abn(rng: random.Random) -> str:
    v = _drawn(lambda: _digits(rng, 11), AuAbnRecognizer().validate_result)
    return f"{v[:2]} {v[2:5]} {v[5:8]} {v[8:]}"


def _pan(rng: random.Random) -> str:
    letters = string.ascii_uppercase
    head = "".join(rng.choice(letters) for _ in range(3)) + rng.choice("PCHFT")
    return head + rng.choice(letters) + _digits(rng, 4, string.digits) + rng.choice(letters)


def _itin(rng: random.Random) -> str:
    group = rng.choice([*range(50, 66), *range(70, 89), 90, 91, 92, *range(94, 100)])
    return f"9{_digits(rng, 2, string.digits)}-{group}-{_digits(rng, 4, string.digits)}"


def _passport(rng: random.Random) -> str:
    return _digits(rng, 9) if rng.random() < 0.5 else rng.choice("ACEFHJ") + _digits(rng, 8)


def _btc(rng: random.Random) -> str:
    """A pay-to-public-key-hash address: version 0, a random 20-byte hash, a 4-byte check."""
    payload = b"\x00" + rng.randbytes(20)
    check = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    number = int.from_bytes(payload + check, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _B58[rest] + out
    return "1" + out  # the leading zero byte is written as "1"


RULES: dict[str, tuple[Callable[[random.Random], str], list[str]]] = {
    "UK_NHS": (
        _nhs,
        ["My NHS number is {} if the surgery asks.", "patient {} (nhs) was seen on Monday"],
    ),
    "IN_PAN": (_pan, ["PAN card {} attached to the claim.", "his permanent account number {}"]),
    "IN_AADHAAR": (
        _aadhaar,
        ["Aadhaar {} for the KYC check.", "uid {} was linked to the account"],
    ),
    "AU_ABN": (_abn, ["Our ABN is {} on every invoice.", "business number {} for the GST form"]),
    "US_ITIN": (_itin, ["ITIN {} for the tax return.", "my taxpayer number is {} thanks"]),
    "US_PASSPORT": (
        _passport,
        ["passport {} expires in May.", "travel document: passport no. {} please"],
    ),
    "CRYPTO": (_btc, ["send the refund to {} today", "wallet {} received 0.2"]),
}

# The same values in sentences without a context word: shapes that are bare digit runs.
NO_CONTEXT = ["Order {} shipped on Monday.", "Ticket {} was closed."]
CONTEXT_REQUIRED = ["UK_NHS", "IN_AADHAAR", "AU_ABN", "US_PASSPORT"]


def _cases(entities: list[str], templates: dict[str, list[str]] | None = None) -> list[Any]:
    cases = []
    for entity in entities:
        make, written = RULES[entity]
        rng = random.Random(f"identifiers-{entity}")
        for i in range(VALUES_PER_RULE):
            value = make(rng)
            for template in (templates or {}).get(entity, written):
                cases.append(
                    pytest.param(template.format(value), value, entity, id=f"{entity}-{i}")
                )
    return cases


@pytest.mark.parametrize(("text", "value", "entity"), _cases(sorted(RULES)))
def test_generated_identifier_with_context_is_found_and_redacted(
    detector: Any, text: str, value: str, entity: str
) -> None:
    dets = detector.detect(text)
    assert entity in {d.entity_type for d in dets}, dets
    redacted = redact(text, dets)
    assert not [part for part in value.split() if len(part) >= 4 and part in redacted], redacted


@pytest.mark.parametrize(
    ("text", "value", "entity"),
    _cases(CONTEXT_REQUIRED, dict.fromkeys(CONTEXT_REQUIRED, NO_CONTEXT)),
)
def test_the_same_digit_runs_without_context_are_not_that_identifier(
    detector: Any, text: str, value: str, entity: str
) -> None:
    assert entity not in {d.entity_type for d in detector.detect(text)}
