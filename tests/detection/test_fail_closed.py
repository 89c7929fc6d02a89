"""Recognizers are linear and fail closed: a timeout or an error withholds the text, counted.

Presidio skips a pattern whose regex times out (logging "timed out, skipping") and returns
nothing for it, so an e-mail elsewhere in the same text passed verbatim.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult

from pipeline.detection.detector import UNSCANNED, FreeTextDetector
from pipeline.detection.presidio.linear import LOOKAHEAD, RecognizerFailed, bounded, harden
from pipeline.engine import Engine
from pipeline.outcome import Sanitized
from pipeline.processing.processor import Processor

EMAIL = "maria.garcia@example.org"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\b((?=.*?[a-z])x)", rf"\b((?=\S{{0,{LOOKAHEAD}}}?[a-z])x)"),
        (
            r"(?=.*\d)(?=.*?[A-Z])\w{8}",
            rf"(?=\S{{0,{LOOKAHEAD}}}\d)(?=\S{{0,{LOOKAHEAD}}}?[A-Z])\w{{8}}",
        ),
        (r"\b\d{4}\b", r"\b\d{4}\b"),  # nothing to bound
        (r"(?=\d{3})\d+", r"(?=\d{3})\d+"),
    ],
)
def test_unbounded_lookaheads_are_bounded(pattern: str, expected: str) -> None:
    assert bounded(pattern) == expected


def test_no_loaded_pattern_keeps_an_unbounded_lookahead(engine: Engine) -> None:
    for recognizer in engine.detector._recognizers:
        for pattern in getattr(recognizer, "patterns", None) or ():
            assert "(?=.*" not in pattern.regex, (recognizer.name, pattern.name)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ09@#-_ .", min_size=0, max_size=40))
def test_a_bounded_pattern_matches_what_the_original_matched_in_short_texts(text: str) -> None:
    # Within LOOKAHEAD characters the bounded lookahead sees what `.*` saw (no spaces here
    # but the one the alphabet has: the PAN pattern's tokens never contain one).
    original = r"\b((?=.*?[a-zA-Z])(?=.*?[0-9]{4})[\w@#$%^?~-]{10})\b"
    old = {m.span() for m in regex.finditer(original, text) if " " not in text[m.start() :]}
    new = {m.span() for m in regex.finditer(bounded(original), text)}
    assert old <= new


def _catastrophic(timeout_s: float) -> PatternRecognizer:
    rec = PatternRecognizer(
        supported_entity="SLOW", name="Slow", patterns=[Pattern("slow", r"^(a|aa)+$", 0.9)]
    )
    harden([rec], timeout_s)
    return rec


def test_a_regex_timeout_raises_instead_of_skipping() -> None:
    rec = _catastrophic(0.05)
    with pytest.raises(RecognizerFailed):
        rec.analyze("a" * 36 + "!", ["SLOW"], None)


class _Broken(EntityRecognizer):
    def __init__(self) -> None:
        super().__init__(supported_entities=["BROKEN"], name="Broken")

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None
    ) -> list[RecognizerResult]:
        if "@" in text:  # fails on one text of the record, not on the others
            raise ValueError("a message that may quote " + text)
        return []


def _detector_with(engine: Engine, extra: EntityRecognizer) -> FreeTextDetector:
    d = engine.detector
    return FreeTextDetector(d._engine, [*d._recognizers, extra], d._lexicon, d._settings)


@pytest.mark.parametrize("make", [_Broken, lambda: _catastrophic(0.05)])
def test_a_failing_recognizer_withholds_the_whole_field_and_is_counted(
    engine: Engine, make: Any
) -> None:
    recognizer = make()
    detector = _detector_with(engine, recognizer)
    processor = Processor(engine.config, detector, engine.tokens, engine.cipher)
    text = "a" * 36 + f"!\nwrite to {EMAIL}"
    event = {"event_id": "e1", "properties": {"message": text, "plan": "pro"}}
    [outcome] = processor.process("analytics_events", [json.dumps(event).encode()])
    assert isinstance(outcome, Sanitized)
    dumped = json.dumps(outcome.record)
    assert EMAIL not in dumped and "aaaa" not in dumped
    assert outcome.record["properties"]["message"] == f"<{UNSCANNED}>"
    assert outcome.record["properties"]["plan"] == "pro"  # the rest of the record flows on
    assert detector.stats.failures == {recognizer.name: 1}
