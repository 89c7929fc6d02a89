"""The detector's fast paths give what the slow paths gave.

Street words as a trie instead of a flat alternation, first looks kept across batches, digits
counted once per text, propagation automata kept, one search for all of a recognizer's patterns
before it runs: each is checked here against the plain way
of doing the same thing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult

from pipeline.budget import UNLIMITED, WorkBudget
from pipeline.corpus import generate_mixed
from pipeline.detection import detector as detector_module
from pipeline.detection import propagate as propagate_module
from pipeline.detection.addresses import patterns as address_patterns
from pipeline.detection.addresses import street_words
from pipeline.detection.detector import UNSCANNED, FreeTextDetector
from pipeline.detection.presidio.linear import harden
from pipeline.detection.presidio.precheck import _alternative, precheck
from pipeline.detection.spans import Coverage, Detection
from pipeline.engine import Engine
from pipeline.outcome import Sanitized
from pipeline.processing.processor import Processor


def _flat(words: set[str]) -> str:
    """The alternation the trie replaced: every word, the longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _corpus_texts() -> list[str]:
    texts = {s for labelled in generate_mixed(90, "fast-paths") for s in _strings(labelled.event)}
    texts |= {
        "Apt. 297, 88 Harrow Lane, Leeds LS6 2QT",
        "Calle Mayor 3, 3º B, 28013 Madrid",
        "Röhrdanzplatz 83/53, 50968 Köln",
        "mail 14 Avenue des Champs-Élysées 75008 Paris please",
        "the parcel should go to 5559 jennifer road suite 605",
        "VIA ROMA 12, via dei Mille 7 and viale Europa",
        "Storgatan 4, Karl Johans gate 22 and Váci utca 9",
    }
    return sorted(texts)


@settings(max_examples=200, deadline=None)
@given(
    st.sets(st.text(alphabet="abcé. /", min_size=1, max_size=6), min_size=1, max_size=12),
    st.text(alphabet="abcéABCÉ. /1", max_size=60),
)
def test_the_trie_matches_what_the_flat_alternation_matched(words: set[str], text: str) -> None:
    for template in (r"(?i:{})", r"\b(?i:{})\.?(?!\w)", r"(?i:{})\s+\d"):
        flat = re.compile(template.format(_flat(words)))
        trie = re.compile(template.format(street_words.alternation(words)))
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]


def test_the_address_patterns_find_the_same_spans_as_with_flat_alternations(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fast = address_patterns.patterns()
    address_patterns.patterns.cache_clear()
    monkeypatch.setattr(street_words, "alternation", _flat)
    try:
        slow = address_patterns.patterns()
    finally:
        address_patterns.patterns.cache_clear()
    assert [p.pattern for p in slow] != [p.pattern for p in fast]
    texts = _corpus_texts()
    found = 0
    for name, quick, plain in zip(address_patterns.PATTERN_NAMES, fast, slow, strict=True):
        for text in texts:
            spans = [m.span() for m in plain.finditer(text)]
            assert [m.span() for m in quick.finditer(text)] == spans, (name, text)
            found += len(spans)
    assert found >= 7  # the texts do hold addresses of several shapes


def _fresh(engine: Engine, extra: list[EntityRecognizer] | None = None) -> FreeTextDetector:
    d = engine.detector
    return FreeTextDetector(d._engine, [*d._recognizers, *(extra or [])], d._lexicon, d._settings)


def test_a_kept_first_look_equals_a_fresh_one(engine: Engine) -> None:
    kept, fresh = _fresh(engine), _fresh(engine)
    texts = _corpus_texts()
    for text in texts:
        kept.first_look(text)
    for text in texts:
        again = kept.first_look(text)
        assert again is kept._looks[text]
        new = fresh.first_look(text)
        assert (again.raw, again.pending, again.detections) == (
            new.raw,
            new.pending,
            new.detections,
        ), text
    assert kept.stats.texts == len(texts)  # the second round was served from the cache


def test_the_kept_looks_are_bounded(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(detector_module, "LOOK_CACHE_SIZE", 5)
    d = _fresh(engine)
    for n in range(40):
        d.first_look(f"order {n} shipped")
        assert len(d._looks) <= 5
    d.first_look("x" * (detector_module.LOOK_CACHE_CHARS + 1))
    assert all(len(t) <= detector_module.LOOK_CACHE_CHARS for t in d._looks)


class _FailsOnAt(EntityRecognizer):
    def __init__(self) -> None:
        super().__init__(supported_entities=["BROKEN"], name="FailsOnAt")

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None
    ) -> list[RecognizerResult]:
        if "@" in text:
            raise ValueError("broken")
        return []


def test_a_failed_text_is_not_kept_and_is_counted_in_every_batch(engine: Engine) -> None:
    d = _fresh(engine, [_FailsOnAt()])
    processor = Processor(engine.config, d, engine.tokens, engine.cipher)
    event = {"event_id": "e1", "properties": {"message": "write to ana@example.org"}}
    for batch in (1, 2):
        [outcome] = processor.process("analytics_events", [json.dumps(event).encode()])
        assert isinstance(outcome, Sanitized)
        assert outcome.record["properties"]["message"] == f"<{UNSCANNED}>"
        assert d.stats.failures == {"FailsOnAt": batch}
    assert "write to ana@example.org" not in d._looks


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="ana maria garcía ló-pez 123@.", max_size=80),
    st.sets(st.sampled_from(["ana", "maria", "garcía", "123456789", "a@b.co", "ló"]), max_size=4),
)
def test_a_kept_automaton_finds_and_charges_what_a_new_one_does(text: str, words: set[str]) -> None:
    parts = frozenset((w, "PERSON") for w in words)
    kept, fresh = WorkBudget(10**9), WorkBudget(10**9)
    first = list(propagate_module._occurrences(text, parts, WorkBudget(10**9)))
    again = list(propagate_module._occurrences(text, parts, kept))  # from the cache
    new = list(propagate_module._occurrences(text, list(parts), fresh))  # built anew
    assert first == again == new
    assert kept.spent == fresh.spent


_MARKED = re.compile(r"\[\[[A-Z_]+:(.*?)\]\]")


def _identifier_texts() -> list[str]:
    lines = (Path(__file__).parents[1] / "data" / "free_text" / "held_out.txt").read_text()
    plain = [_MARKED.sub(r"\1", line) for line in lines.splitlines() if line.strip()]
    return _corpus_texts() + plain


def test_a_recognizer_skipped_by_its_precheck_would_have_found_nothing(engine: Engine) -> None:
    checked = found = 0
    for g in engine.detector._gates:
        recognizer, patterns = g.recognizer, g.patterns
        if patterns is None:
            continue
        checked += 1
        for text in _identifier_texts():
            results = recognizer.analyze(text, recognizer.supported_entities, None)
            if results:
                found += 1
                assert patterns.may_match(text), (recognizer.name, text)
    assert checked >= 15 and found >= 20


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 -./:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefx", max_size=40))
def test_the_joined_search_finds_a_match_whenever_one_pattern_does(
    engine: Engine, text: str
) -> None:
    for recognizer in engine.detector._recognizers:
        check = precheck(recognizer, 2.0)
        if check is None:
            continue
        if any(next(iter(p.compiled_regex.finditer(text)), None) for p in recognizer.patterns):
            assert check.may_match(text), (recognizer.name, text)


def test_only_plain_pattern_recognizers_get_a_precheck(engine: Engine) -> None:
    without = {g.name for g in engine.detector._gates if g.patterns is None}
    # the e-mail windows, a back-reference (MAC) and an own `analyze` (IBAN) keep the slow path
    assert {"EmailRecognizer", "MacAddressRecognizer", "IbanRecognizer"} <= without
    assert _alternative("(?i)ab c") == "(?i:ab c)"
    assert _alternative("a(?x) b") is None and _alternative(r"(\d)-\1") is None


def test_a_precheck_that_runs_out_of_time_lets_the_recognizer_run() -> None:
    slow = PatternRecognizer(
        supported_entity="SLOW", name="Slow", patterns=[Pattern("slow", r"^(a|aa)+$", 0.9)]
    )
    harden([slow], 0.05)
    check = precheck(slow, 0.04)
    assert check is not None
    assert check.may_match("a" * 40 + "!")  # undecided, so the recognizer runs (and fails closed)
    assert not check.may_match("b")


def _propagate_reference(
    text: str, detections: list[Detection], known: frozenset[tuple[str, str]]
) -> list[Detection]:
    """`propagate` without its fast path for texts with no detection."""
    found = list(detections)
    local = propagate_module.known_parts((d.entity_type, text[d.start : d.end]) for d in detections)
    wanted = local | known
    covered = Coverage((d.start, d.end) for d in detections)
    candidates = sorted(
        (
            Detection(s, e, entity, 1.0, "propagated")
            for s, e, entity in propagate_module._occurrences(text.lower(), wanted, UNLIMITED)
            if not covered.covers(s, e)
        ),
        key=lambda d: (d.start, -d.end),
    )
    reach = -1
    for det in candidates:
        if det.end > reach:
            found.append(det)
            reach = det.end
    return found


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="Ana María García ló-pez 415 555 0100", max_size=60),
    st.sets(st.sampled_from(["Ana", "María García", "ló", "4155550100", "Pez"]), max_size=3),
    st.booleans(),
)
def test_propagation_without_detections_equals_the_general_path(
    text: str, names: set[str], detected: bool
) -> None:
    known = propagate_module.known_parts(("PERSON", n) for n in names)
    dets = [Detection(0, min(3, len(text)), "PERSON", 0.9, "t")] if detected and text else []
    assert propagate_module.propagate(text, dets, known) == _propagate_reference(text, dets, known)
