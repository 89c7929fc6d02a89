"""Address shapes skipped on a text without whitespace (or a comma): each must need it.

`find_lines` does not search a text that holds no whitespace (or no comma) for a shape
`pattern_facts` proves needs one (every way through its parse tree consumes such a character).
Checked here: the proof on written rows, the shapes that match without whitespace are never
skipped, shapes with a comma are still found, and skipping changes no result.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.detection.addresses import lines as address_lines
from pipeline.detection.pattern_facts import (
    COMMA,
    WHITESPACE,
    has_whitespace,
    needs_whitespace,
    pattern_needs,
    text_holds,
)
from pipeline.detection.spans import Detection


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"\d+\s+[A-Z]", True),
        (r"\d+ [A-Z]", True),
        (r"(?:a|b\s)c\s?", False),  # one way through holds none
        (r"(?:a\s|b[ \t])+", True),
        (r"\d+\s*[A-Z]", False),
        (r"\d(?=\s)", False),  # a lookahead consumes nothing: not counted
        (r"\d[\s,]+x", False),  # a comma alone is no whitespace
        (r"(?i:box)\s{1,3}\d", True),
        (r"(?:\s)?x", False),
        (r"[^\S]x", False),  # not understood: no answer
    ],
)
def test_needs_whitespace_rows(source: str, expected: bool) -> None:
    assert needs_whitespace(re.compile(source)) is expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"\d+, [A-Z]", WHITESPACE | COMMA),
        (r"\d+,? [A-Z]", WHITESPACE),
        (r"(?:a,|b\s*,)c", COMMA),  # in every branch
        (r"[,;]x", 0),  # a class with another member: not counted
        (r"(?=,)\d", 0),  # a lookahead consumes nothing
        (r"(?:,){0,2}\d", 0),
        (r"(?i:x,y)", COMMA),
    ],
)
def test_pattern_needs_rows(source: str, expected: int) -> None:
    assert pattern_needs(re.compile(source)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a b", WHITESPACE), ("a,b", COMMA), ("a, b", WHITESPACE | COMMA), ("ab", 0)],
)
def test_text_holds_rows(text: str, expected: int) -> None:
    assert text_holds(text) == expected


def test_has_whitespace_is_str_isspace() -> None:
    for ch in map(chr, range(0x3000 + 1)):
        assert has_whitespace(f"a{ch}b") is ch.isspace(), hex(ord(ch))


def test_shapes_found_without_whitespace_are_searched() -> None:
    lines = list(zip(address_lines._LINE_NAMES, address_lines._line_patterns(), strict=True))
    # "RR2", "POB12", "zip:60601"
    assert [needs_whitespace(p) for n, p in lines if n in ("box", "cued_postcode")] == [False] * 2
    # and most are skipped, or the check is worth nothing
    assert sum(needs_whitespace(p) for _, p in lines) >= 5


_TOKENS = st.sampled_from(
    ["RR", "rr", "2", "12", "60601", "Box", "BOX", "box", "#", "PO", "P.O.", "POB", "pmb", "HC",
     "zip", "ZIP", ":", "=", ",", "-", ".", "N", "W", "Main", "St", "Street", "IL", "Route", "66",
     "A1B", "2C3", "Drawer", "plz", "12345-6789", "/", "h.no.", "Via", "strasse", "SW1A", "2AA",
     "Alder", "Glen", "Court", "Tulsa", "OK", "74105", "415", "3B", "West", ", ", "NE"]
)  # fmt: skip


def _unskipped(find: Callable[[str], list[Detection]], text: str) -> list[Detection]:
    saved = address_lines.needs_whitespace, address_lines._line_needs
    address_lines.needs_whitespace = lambda pattern: False
    address_lines._line_needs = lambda: (0,) * len(address_lines._line_patterns())
    try:
        return find(text)
    finally:
        address_lines.needs_whitespace, address_lines._line_needs = saved


@settings(max_examples=300, deadline=None)
@given(st.lists(_TOKENS, max_size=8))
def test_skipping_changes_nothing(tokens: list[str]) -> None:
    for text in ("".join(tokens), " ".join(tokens)):
        assert address_lines.find_lines(text) == _unskipped(address_lines.find_lines, text), text


@pytest.mark.parametrize(
    "text",
    ["RR2", "POB12", "zip:60601", "Box#12", "HC61Box7A", "to Alder Glen Court, Tulsa, 74105 now"],
)
def test_unspaced_lines_still_found(text: str) -> None:
    assert address_lines.find_lines(text), text
