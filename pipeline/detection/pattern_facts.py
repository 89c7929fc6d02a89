"""What every match of a regular expression must hold, read from the pattern itself.

Half the texts the address shapes are searched in hold no whitespace ("2025-03-04T01:37:48Z",
"SKU-801", an IP address), and most shapes have a `\\s+` between their parts: such a shape is
not searched there. Whether it needs whitespace is proven from the pattern's parse tree (every
way through it consumes a whitespace character), so a shape written later is judged the same
way, without a flag to keep up to date. When unsure (a construct not understood, another
Python's parser) the answer is False: the shape is searched as before.
"""

from __future__ import annotations

import re
from typing import Any

try:  # the standard library's own parser of patterns (private; absent: nothing is skipped)
    from re import _constants as _C  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _parser = None

_WHITESPACE = re.compile(r"\s")  # `re`'s \s for str patterns: str.isspace() characters
_KNOWN: dict[int, tuple[re.Pattern[str], bool]] = {}


def has_whitespace(text: str) -> bool:
    """Whether `text` holds a character `\\s` matches."""
    return _WHITESPACE.search(text) is not None


def needs_whitespace(pattern: re.Pattern[str]) -> bool:
    """True only if every match of `pattern` holds a whitespace character (kept per pattern)."""
    known = _KNOWN.get(id(pattern))
    if known is None or known[0] is not pattern:
        try:
            answer = _parser is not None and _needs_space(
                _parser.parse(pattern.pattern, pattern.flags)
            )
        except Exception:  # a parser of another Python version: no answer
            answer = False
        known = _KNOWN[id(pattern)] = (pattern, answer)  # the pattern kept: its id stays its own
    return known[1]


def _is_space(item: tuple[Any, Any]) -> bool:
    op, av = item
    if op is _C.LITERAL:
        return chr(av).isspace()
    if op is _C.CATEGORY:
        return av in (_C.CATEGORY_SPACE, _C.CATEGORY_UNI_SPACE)
    if op is _C.RANGE:
        return all(chr(c).isspace() for c in range(av[0], av[1] + 1))
    return False  # a negated class, or anything else: not known to be whitespace


def _needs_space(items: Any) -> bool:
    """Whether every match of the parsed sequence `items` consumes a whitespace character."""
    for op, av in items:
        if op is _C.LITERAL and chr(av).isspace():
            return True
        if op is _C.IN and av and all(_is_space(x) for x in av):
            return True
        if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
            low, _, sub = av
            if low >= 1 and _needs_space(sub):
                return True
        if op is _C.SUBPATTERN and _needs_space(av[3]):
            return True
        if op is _C.ATOMIC_GROUP and _needs_space(av):
            return True
        if op is _C.BRANCH and all(_needs_space(branch) for branch in av[1]):
            return True
    return False  # lookarounds consume nothing; other constructs are not counted
