"""Address shapes skipped on a text without whitespace: each must need a whitespace character.

`address_lines.find_lines` does not search a text that holds no whitespace for the shapes
flagged in `_LINE_SPACED`. A flag is proven here from the pattern itself (its parse tree: every
way through it consumes a whitespace character), and the skip is checked to change nothing.
"""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.detection import address_lines

_SPACE_CATEGORIES = {C.CATEGORY_SPACE, C.CATEGORY_UNI_SPACE}


def _char_is_space(item: tuple[Any, Any]) -> bool:
    op, av = item
    if op is C.LITERAL:
        return chr(av).isspace()
    if op is C.CATEGORY:
        return av in _SPACE_CATEGORIES
    if op is C.RANGE:
        return all(chr(c).isspace() for c in range(av[0], av[1] + 1))
    return False  # NEGATE and anything else: not known to be whitespace


def needs_space(items: Any) -> bool:
    """True only when every match of the parsed pattern `items` consumes a whitespace
    character (conservative: False when unsure)."""
    for op, av in items:
        if op is C.LITERAL and chr(av).isspace():
            return True
        if op is C.IN and av and all(_char_is_space(x) for x in av):
            return True
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            low, _, sub = av
            if low >= 1 and needs_space(sub):
                return True
        if op is C.SUBPATTERN and needs_space(av[3]):
            return True
        if op is C.ATOMIC_GROUP and needs_space(av):
            return True
        if op is C.BRANCH and all(needs_space(branch) for branch in av[1]):
            return True
    return False


def _parsed(pattern: re.Pattern[str]) -> Any:
    return _parser.parse(pattern.pattern, pattern.flags)


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
    ],
)
def test_needs_space_rows(source: str, expected: bool) -> None:
    assert needs_space(_parsed(re.compile(source))) is expected


def test_every_flagged_line_shape_needs_whitespace() -> None:
    patterns = address_lines._line_patterns()
    assert len(patterns) == len(address_lines._LINE_SPACED)
    for name, pattern, flagged in zip(
        address_lines._LINE_NAMES, patterns, address_lines._LINE_SPACED, strict=True
    ):
        if flagged:
            assert needs_space(_parsed(pattern)), name
    first, _ = address_lines._spelled_directional()
    assert needs_space(_parsed(first))


_TOKENS = st.sampled_from(
    ["RR", "rr", "2", "12", "60601", "Box", "BOX", "box", "#", "PO", "P.O.", "POB", "pmb", "HC",
     "zip", "ZIP", ":", "=", ",", "-", ".", "N", "W", "Main", "St", "IL", "Route", "66", "A1B",
     "2C3", "Drawer", "plz", "12345-6789", "/"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_TOKENS, max_size=8))
def test_skipping_changes_nothing(tokens: list[str]) -> None:
    for text in ("".join(tokens), " ".join(tokens)):
        flags = address_lines._LINE_SPACED
        fast = address_lines.find_lines(text)
        address_lines._LINE_SPACED = (False,) * len(flags)  # type: ignore[assignment]
        try:
            full = address_lines.find_lines(text)
        finally:
            address_lines._LINE_SPACED = flags  # type: ignore[assignment]
        assert fast == full, text


@pytest.mark.parametrize("text", ["RR2", "POB12", "zip:60601", "Box#12", "HC61Box7A"])
def test_unspaced_lines_still_found(text: str) -> None:
    found = address_lines.find_lines(text)
    assert found, text
