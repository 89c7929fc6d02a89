"""Presidio's e-mail pattern runs only around each `@`: the same matches, no quadratic work.

Over a long dotted run (`1.1.1.…`) the pattern tried every word boundary and read to the run's
end from each; it ran to the regex timeout before the field failed closed. Counted, not timed:
`_EmailWindows.scanned` is the number of characters the regex was given.
"""

from __future__ import annotations

import json

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer.predefined_recognizers import EmailRecognizer

from pipeline.detection.detector import UNSCANNED
from pipeline.detection.presidio.linear import (
    EMAIL_PATTERN,
    EMAIL_RUN,
    RecognizerFailed,
    _EmailWindows,
    email_windows,
    harden,
)
from pipeline.engine import Engine
from pipeline.outcome import Sanitized

EMAIL = "maria.garcia@example.org"
FLAGS = regex.DOTALL | regex.MULTILINE | regex.IGNORECASE  # Presidio's


def _windowed() -> _EmailWindows:
    rec = EmailRecognizer()
    harden([rec], 2.0)
    compiled = rec.patterns[0].compiled_regex
    assert isinstance(compiled, _EmailWindows)
    return compiled


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="a1.@-_+ !é", max_size=60))
def test_the_windows_find_what_the_whole_text_scan_found(text: str) -> None:
    whole = [m.span() for m in regex.compile(EMAIL_PATTERN, FLAGS).finditer(text)]
    assert [m.span() for m in _windowed().finditer(text)] == whole


@pytest.mark.parametrize("pad", ["1.", "a.", "1-", "x+", "a_1."])
def test_a_long_run_away_from_the_at_is_never_given_to_the_regex(pad: str) -> None:
    compiled = _windowed()
    text = pad * 16_000 + f" write to {EMAIL} " + pad * 16_000
    before = _EmailWindows.scanned
    assert [text[m.start() : m.end()] for m in compiled.finditer(text)] == [EMAIL]
    assert _EmailWindows.scanned - before == len(EMAIL)


@pytest.mark.parametrize("side", ["local", "domain"])
def test_a_run_too_long_for_an_address_next_to_the_at_fails_closed_without_the_regex(
    side: str,
) -> None:
    compiled = _windowed()
    run = "1." * (EMAIL_RUN // 2 + 1)
    text = f"{run}@example.org" if side == "local" else f"maria@{run}org"
    before = _EmailWindows.scanned
    with pytest.raises(RecognizerFailed):
        list(compiled.finditer(text))
    assert _EmailWindows.scanned == before
    ok = "1." * (EMAIL_RUN // 2 - 2) + "1@example.org"  # within the bound: found
    assert [m.span() for m in compiled.finditer(ok)] == [(0, len(ok))]


def test_no_at_no_regex() -> None:
    before = _EmailWindows.scanned
    assert list(_windowed().finditer("1." * 30_000)) == []
    assert email_windows("a@ b @c d@") == []
    assert _EmailWindows.scanned == before


def test_the_loaded_email_recognizer_is_windowed(engine: Engine) -> None:
    [rec] = [r for r in engine.detector._recognizers if r.name == "EmailRecognizer"]
    assert all(isinstance(p.compiled_regex, _EmailWindows) for p in rec.patterns)


def test_a_dotted_run_against_an_address_withholds_the_field_at_once_counted(
    engine: Engine,
) -> None:
    text = "1." * 4_000 + "1@example.org and more"
    event = {"event_id": "e1", "properties": {"message": text, "plan": "pro"}}
    before = _EmailWindows.scanned
    failures = dict(engine.detector.stats.failures)
    [outcome] = engine.process("analytics_events", [json.dumps(event).encode()])
    assert isinstance(outcome, Sanitized)
    assert outcome.record["properties"]["message"] == f"<{UNSCANNED}>"
    assert outcome.record["properties"]["plan"] == "pro"
    assert engine.detector.stats.failures.get("EmailRecognizer", 0) == (
        failures.get("EmailRecognizer", 0) + 1
    )
    assert _EmailWindows.scanned == before


def test_a_recognizer_built_later_leaves_the_engine_hardened(engine: Engine) -> None:
    """Presidio's predefined recognizers share their class's pattern objects, and a new instance
    compiles them again (another engine, a reload, a test): the engine keeps its own."""
    EmailRecognizer()  # compiles the class's patterns again
    harden([EmailRecognizer()], 2.0)
    for recognizer in engine.detector._recognizers:
        for pattern in getattr(recognizer, "patterns", None) or ():
            assert type(pattern.compiled_regex).__name__ in ("_FailClosedRegex", "_EmailWindows")
    text = "1." * 4_000 + "1@example.org and more"
    event = {"event_id": "e2", "properties": {"message": text}}
    [outcome] = engine.process("analytics_events", [json.dumps(event).encode()])
    assert isinstance(outcome, Sanitized)
    assert outcome.record["properties"]["message"] == f"<{UNSCANNED}>"
