"""The detector's lean pattern analysis returns what Presidio's `analyze` does, result for result.

`PatternAnalysis` runs a recognizer's patterns without Presidio's clock reads, debug lines and
explanations, and skips the patterns that need a `:` on a text without one. Checked here: the
proof that a pattern needs a character (rows), the IPv6 patterns judged so, and equal results
(type, offsets, score, order) on the corpus, the held-out identifiers and generated text.
"""

from __future__ import annotations

import re

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer import RecognizerResult

from pipeline.detection.pattern_facts import needs_character
from pipeline.engine import Engine
from tests.detection.test_fast_paths import _identifier_texts


@pytest.mark.parametrize(
    ("source", "flags", "expected"),
    [
        (r"a:b", 0, True),
        (r"(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}", re.IGNORECASE, True),
        (r"(?:a:|b::)c", 0, True),  # in every branch
        (r"a:?b", 0, False),  # optional
        (r"(?:a|b:)c", 0, False),  # one branch holds none
        (r"(?=.*:)\w+", 0, False),  # a lookahead consumes nothing
        (r"\:x", 0, True),  # an escaped colon is a colon
        (r"[[:alpha:]]+", 0, False),  # a POSIX class in `regex`: not judged
        (r"[:]x", 0, False),  # a class with a colon: not judged (the guard is crude)
        (r"\p{L}:", 0, False),  # `regex` syntax: not judged
        (r"a:{e<=1}", 0, False),  # a fuzzy count: not judged
        (r"a:b", regex.VERSION1, False),  # another syntax version: not judged
        (r"a:b", regex.ASCII, False),  # `regex.A` is no `re` flag of the same value
        (r"a(b", 0, False),  # no parse: no answer
    ],
)
def test_needs_character_rows(source: str, flags: int, expected: bool) -> None:
    assert needs_character(source, flags, ":") is expected


def test_a_character_with_another_case_is_never_judged() -> None:
    assert needs_character("abc", 0, "a") is False


def _key(results: list[RecognizerResult]) -> list[tuple[str, int, int, float]]:
    return [(r.entity_type, r.start, r.end, r.score) for r in results]


def test_ip_patterns_that_need_a_colon(engine: Engine) -> None:
    ip = next(g for g in engine.detector._gates if g.name == "IpRecognizer")
    assert ip.analysis is not None
    by_name = {
        p.name: q.needs_colon for p, q in zip(ip.recognizer.patterns, ip.analysis._all, strict=True)
    }
    assert by_name["IPv4"] is False
    assert sum(by_name.values()) == 4  # the IPv6 forms


_ROWS = [
    "from 10.0.3.17 and 192.168.1.1",
    "fe80::1ff:fe23:4567:890a and 8.8.8.8",
    "::ffff:192.0.2.128",
    "::",
    "2001:db8::1",
    "card 4111 1111 1111 1111, ssn 123-45-6789",
    "mail bob@example.com or x@y",
    "born 1984-01-05, itin 912-70-1234",
    "mac 00:1A:2B:3C:4D:5E / 0012.3456.789a",
]


def test_the_same_results_as_presidio_on_written_rows_and_the_corpus(engine: Engine) -> None:
    compared = found = 0
    for g in engine.detector._gates:
        if g.analysis is None:
            continue
        compared += 1
        for text in [*_ROWS, *_identifier_texts()]:
            expected = _key(g.recognizer.analyze(text, g.entities, None))
            assert _key(g.analysis.analyze(text)) == expected, (g.name, text)
            found += bool(expected)
    assert compared >= 10 and found >= 40


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789abcdefABCDEF:.-@ /", max_size=48))
def test_the_same_results_as_presidio_on_generated_text(engine: Engine, text: str) -> None:
    for g in engine.detector._gates:
        if g.analysis is not None:
            expected = _key(g.recognizer.analyze(text, g.entities, None))
            assert _key(g.analysis.analyze(text)) == expected, (g.name, text)
