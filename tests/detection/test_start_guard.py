"""A pattern guarded by the characters its matches start with finds what it found before."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.corpus import generate_mixed
from pipeline.detection.addresses import lines as address_lines
from pipeline.detection.addresses import patterns as address_patterns
from pipeline.detection.pattern_facts import pattern_needs, start_guarded

_DATA = Path(__file__).resolve().parents[1] / "data" / "addresses"


def _found(pattern: re.Pattern[str], text: str) -> list[object]:
    return [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(text)]


def _unguarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern as written (the guard is `(?=...)(?:...)` around it, after global flags)."""
    source = pattern.pattern
    at = source.index("(?=")
    inner = source[at:]
    depth, end = 0, 0
    for i, ch in enumerate(inner):  # the guard's own parentheses: a class, nothing nested
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            end = i + 1
            break
    return re.compile(source[:at] + inner[end + 3 : -1], pattern.flags)


def test_the_guard_lets_through_what_a_match_can_start_with() -> None:
    digits = start_guarded(re.compile(r"(?<![\w.])\d{3,5}\s+[A-Z]\w+"))
    assert digits.pattern.startswith("(?=[\\d])(?:")
    assert _found(digits, "at 415 Maple, x415 Oak, 41 Elm") == [((3, 12), (), {})]
    # every alternative is guarded, case folding kept where the pattern folds case
    either = start_guarded(re.compile(r"\b(?i:box)\s*\d+|(?<!\w)PO\s+\d+"))
    assert re.compile(either.pattern).match("BOX 4") and either.match("Box 12")
    assert _found(either, "po 4, PO 12, inbox 3") == [((6, 11), (), {})]
    named = start_guarded(re.compile(r"(?i)(?P<a>n|s)\d+"))
    assert named.pattern.startswith("(?i)(?=") and named.groupindex == {"a": 1}
    assert named.search("x N12").group("a") == "N"


def test_a_pattern_that_may_match_nothing_or_is_not_understood_stays_as_it_is() -> None:
    for source in (r"\d*", r"(?:a|)", r"\b", r".+x", r"[^a]b", r"(a)?\1b", r"(?x) a b"):
        pattern = re.compile(source)
        assert start_guarded(pattern) is pattern


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(
        [
            r"(?<![\w.,/-])\d{3,6}\s+(?:[NSEW]\.?|North)\s+\d{3,5}|(?i:rr|box)\s*\d+",
            r"\b(?i:post\s?code|zip)\s*(?P<a>\d{5})(?![\w-])",
            r"(?:\s*,?\s*)?\d+[A-Z]?(?i:st|nd)\b|(?i:k)\w+",
            r"(?i)(?:apt|ſt)\.?\s*\d+",
        ]
    ),
    st.text(alphabet="0123456789 ,.-/NSEWnorthRrBbOoXxKkKſStTaApP#İı\n", max_size=40),
)
def test_guarded_patterns_find_the_same_matches(source: str, text: str) -> None:
    pattern = re.compile(source)
    assert _found(start_guarded(pattern), text) == _found(pattern, text)


def test_the_address_shapes_are_guarded_and_find_what_they_found_unguarded() -> None:
    texts = {str(v) for e in generate_mixed(150, "start-guard") for v in e.event.values()}
    for name in ("dev.txt", "dev2.txt", "dev3.txt", "dev4.txt"):
        texts |= set((_DATA / name).read_text(encoding="utf-8").splitlines())
    shapes = (*address_patterns.patterns(), *address_lines._line_patterns())
    guarded = [p for p in shapes if "(?=" in p.pattern[:12]]
    assert len(guarded) >= 20  # most shapes get a guard (a few are not understood)
    for pattern in guarded:
        plain = _unguarded(pattern)
        assert pattern_needs(plain) == pattern_needs(pattern)
        for text in texts:
            assert _found(pattern, text) == _found(plain, text), (pattern.pattern[:60], text)
