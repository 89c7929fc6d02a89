"""Recognizer gates: a recognizer skipped because its gate stayed shut would have found nothing."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer import Pattern, PatternRecognizer

from pipeline.detection.detector import _digits, _has_user_label
from pipeline.detection.presidio.gates import CONDITIONS, MIN_DIGITS, SHAPES, Gate, gate
from pipeline.engine import Engine
from tests.detection.test_fast_paths import _identifier_texts


def _entity_conditions_hold(entities: list[str], text: str) -> bool:
    """The rule the gates replaced: one condition per entity, any of them."""
    digits = _digits(text)
    return any(
        digits >= MIN_DIGITS[e] if e in MIN_DIGITS else CONDITIONS[e](text, digits)
        for e in entities
    )


def _shut(g: Gate, text: str) -> bool:
    """Shut by its counts and conditions (not by context or the patterns' own search)."""
    digits = _digits(text)
    return digits < g.min_digits and not any(c(text, digits) for c in g.conditions)


def _shut_by_shape(g: Gate, text: str) -> bool:
    return not _shut(g, text) and g.shape is not None and g.shape.search(text) is None


def test_a_recognizer_whose_gate_stays_shut_would_have_found_nothing(engine: Engine) -> None:
    # nothing that could be kept: results of an entity that needs context words are dropped
    # without them (the US licence pattern matches 'X-Plivo-Signature-V3'), and a context word
    # raises a score by at most 0.35
    policy = engine.config.policy.detection
    found = 0
    for g in engine.detector._gates:
        for text in _identifier_texts():
            results = g.recognizer.analyze(text, g.entities, None)
            if any(
                r.entity_type not in policy.context_required
                and r.score + 0.35 >= policy.threshold(r.entity_type)
                for r in results
            ):
                found += 1
                assert not _shut(g, text), (g.name, text)
                assert not _shut_by_shape(g, text), (g.name, text)
    assert found >= 20


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 -./:@=AIBEGBTxyz", max_size=40))
def test_a_gate_opens_when_one_of_its_entities_conditions_holds(engine: Engine, text: str) -> None:
    for g in engine.detector._gates:
        assert _shut(g, text) == (not _entity_conditions_hold(g.entities, text)), g.name


@pytest.mark.parametrize(
    ("entities", "opens_on_nothing"),
    [(["SOMETHING_NEW"], True), (["US_SSN", "SOMETHING_NEW"], True), (["US_SSN"], False)],
)
def test_an_entity_without_a_known_condition_keeps_the_gate_open(
    entities: list[str], opens_on_nothing: bool
) -> None:
    recognizer = PatternRecognizer(
        supported_entity=entities[0], patterns=[Pattern("any", r"x", 0.5)], name="Any"
    )
    recognizer.supported_entities = entities
    g = gate(recognizer, (), 1.0)
    assert (not _shut(g, "no digits here")) == opens_on_nothing
    assert not _shut(g, "123-45-6789 and more")


_HINTED = [
    "Authorization: Bearer abc",
    "API-KEY=1",
    "my apiXkey",
    "PASSWORD",
    "ſecret",  # long s: the same letter as s when case is ignored
    "\u212aey",  # Kelvin sign
    "Tökén",
    "sk_live_1",
    "SK_LIVE_1",  # a prefix counts only as written
    "nothing here",
    "UserName: bob",
    "LOGIN",
    "gamer tag",
    "ﬁle handle",
]


@pytest.mark.parametrize("text", _HINTED)
def test_lower_cased_searches_ignore_case_as_the_case_insensitive_ones_did(text: str) -> None:
    secret = re.compile(
        r"(?i:bearer|basic|digest|token|secret|passw|passphrase|pwd|api.?key|auth)"
        r"|sk_|rk_|pk_|whsec_|AKIA|ASIA|ABIA|ACCA|gh[pousr]_|github_pat_|xox|AIza|eyJ|-----BEGIN"
    )
    label = re.compile(r"(?i)user ?name|login|user ?id|gamertag|handle")
    assert CONDITIONS["SECRET"](text, 0) == (secret.search(text) is not None)
    assert _has_user_label(text) == (label.search(text) is not None)


_IDS = [
    "RSSMRA85T10A562S",
    "12345678Z",
    "X1234567L",
    "S1234567D",
    "AB 12 34 56 C",
    "ABCPE1234F",
    "00:1A:2b:3C:4d:5E",
    "00-1a-2b-3c-4d-5e",
    "0a1B.2c3d.4E5f",
    "1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
    "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
    "1987-04-12",
    "12/04/1987",
    "3.4.87",
    "12th March 1987",
    "4 Apr. 2001",
    "Sept 3rd, 2011",
    "January 9 1999",
    "123-45-6789",
    "123 45 6789",
    "12345-6789",
    "123-456789",
    "123456789",
    "912-70-1234",
    "912 70 1234",
    "912701234",
    "4111 1111 1111 1111",
    "4111-1111-1111-1111",
    "4111.1111.1111.1111",
    "378282246310005",
    "5 1 0 5 1 0 5 1 0 5 1 0 5 1 0 0",
    "@jo_bloggs",
    "@a",
    "٩١٢-٧٠-١٢٣٤",  # Arabic-Indic digits: `\d` too
]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(_IDS),
    st.text(alphabet="0123456789 -.ABCDLMPSXZabcdſ\u212a", max_size=12),
    st.text(alphabet="0123456789 -.ABCDLMPSXZabcd", max_size=12),
)
def test_a_text_without_the_shape_holds_no_match(
    engine: Engine, ident: str, before: str, after: str
) -> None:
    # ids with noise around them (and cut short by it): wherever a pattern of the recognizer
    # matches, its entity's shape is found
    shaped = [g for g in engine.detector._gates if g.shape is not None]
    assert {e for g in shaped for e in g.entities} == set(SHAPES)
    for text in (before + ident + after, before + ident[: len(after)] + after):
        for g in shaped:
            patterns = getattr(g.recognizer, "patterns", [])
            if any(next(iter(p.compiled_regex.finditer(text)), None) for p in patterns):
                assert g.shape.search(text) is not None, (g.name, text)
