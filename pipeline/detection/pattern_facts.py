"""What every match of a regular expression must hold, read from the pattern itself.

Half the texts the address shapes are searched in hold no whitespace ("2025-03-04T01:37:48Z",
"SKU-801", an IP address), and most shapes have a `\\s+` between their parts: such a shape is
not searched there, nor one that needs a comma (before a town) in a text without one. What a
shape needs is proven from its parse tree (every way through it consumes the character), so a
shape written later is judged the same way, without a flag to keep up to date. When unsure (a
construct not understood, another Python's parser) it needs nothing: it is searched as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

try:  # the standard library's own parser of patterns (private; absent: nothing is skipped)
    from re import _constants as _C  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _parser = None

_WHITESPACE = re.compile(r"\s")  # `re`'s \s for str patterns: str.isspace() characters
# What a text holds and a pattern needs, as bits: a shape is skipped when `needs & ~holds`.
WHITESPACE, COMMA = 1, 2
_KNOWN: dict[int, tuple[re.Pattern[str], int]] = {}


def has_whitespace(text: str) -> bool:
    """Whether `text` holds a character `\\s` matches."""
    return _WHITESPACE.search(text) is not None


def text_holds(text: str) -> int:
    """WHITESPACE if `text` holds whitespace, COMMA if it holds a comma."""
    return (WHITESPACE if _WHITESPACE.search(text) is not None else 0) | (
        COMMA if "," in text else 0
    )


def needs_whitespace(pattern: re.Pattern[str]) -> bool:
    """True only if every match of `pattern` holds a whitespace character (kept per pattern)."""
    return bool(pattern_needs(pattern) & WHITESPACE)


def pattern_needs(pattern: re.Pattern[str]) -> int:
    """The bits of what every match of `pattern` holds (whitespace, a comma); 0 when unsure."""
    known = _KNOWN.get(id(pattern))
    if known is None or known[0] is not pattern:
        try:
            parsed = _parser.parse(pattern.pattern, pattern.flags)
            answer = (WHITESPACE if _needs(parsed, _is_space) else 0) | (
                COMMA if _needs(parsed, _is_comma) else 0
            )
        except Exception:  # a parser of another Python version: no answer
            answer = 0
        known = _KNOWN[id(pattern)] = (pattern, answer)  # the pattern kept: its id stays its own
    return known[1]


# `regex` syntax that `re` parses otherwise or not at all (POSIX and nested classes, properties,
# named characters, versions, branch resets, fuzzy counts, recursion, conditionals): a pattern
# holding any of these is not judged by `re`'s parser
_REGEX_ONLY = re.compile(r"\[\[|\[:|\\[pPNmMXRKLG]|\(\?[Vr|&R(0-9]|\{[eisd]\s*[<=]")


def needs_character(source: str, flags: int, ch: str) -> bool:
    """True only if every match of the `regex` (or `re`) pattern `source` holds `ch`, a
    character with no other case (kept per pattern; unsure: False)."""
    key = (source, flags, ch)
    known = _KNOWN_CHARS.get(key)
    if known is None:
        known = False
        plain = not flags & ~(_SHARED_FLAGS | _REGEX_V0)
        if plain and len(ch) == 1 and ch.lower() == ch.upper() and not _REGEX_ONLY.search(source):
            try:
                parsed = _parser.parse(source, flags & _SHARED_FLAGS)
                known = _needs(parsed, lambda item: item == (_C.LITERAL, ord(ch)))
            except Exception:  # not `re` syntax, or another Python's parser: no answer
                known = False
        _KNOWN_CHARS[key] = known
    return known


_KNOWN_CHARS: dict[tuple[str, int, str], bool] = {}
# the flags `re` and `regex` share, with the same values (their ASCII flags differ: `re.A` is
# `regex.V1`); with any other flag the pattern is not judged
_SHARED_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE | re.UNICODE
_REGEX_V0 = 0x2000  # regex.VERSION0, the default behaviour


def _is_space(item: tuple[Any, Any]) -> bool:
    op, av = item
    if op is _C.LITERAL:
        return chr(av).isspace()
    if op is _C.CATEGORY:
        return av in (_C.CATEGORY_SPACE, _C.CATEGORY_UNI_SPACE)
    if op is _C.RANGE:
        return all(chr(c).isspace() for c in range(av[0], av[1] + 1))
    return False  # a negated class, or anything else: not known to be whitespace


def _is_comma(item: tuple[Any, Any]) -> bool:
    op, av = item
    return op is _C.LITERAL and av == ord(",")  # no case folding reaches a comma


def _needs(items: Any, wanted: Callable[[tuple[Any, Any]], bool]) -> bool:
    """Whether every match of the parsed sequence `items` consumes a character `wanted` takes
    (a literal, or a class of which it takes every member)."""
    for op, av in items:
        if op is _C.LITERAL and wanted((op, av)):
            return True
        if op is _C.IN and av and all(wanted(x) for x in av):
            return True
        if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
            low, _, sub = av
            if low >= 1 and _needs(sub, wanted):
                return True
        if op is _C.SUBPATTERN and _needs(av[3], wanted):
            return True
        if op is _C.ATOMIC_GROUP and _needs(av, wanted):
            return True
        if op is _C.BRANCH and all(_needs(branch, wanted) for branch in av[1]):
            return True
    return False  # lookarounds consume nothing; other constructs are not counted


# Where a match can start: a lookahead for the characters the first consumed item of each way
# through a pattern takes, put before the pattern. `re` then tries the whole pattern (its
# lookbehinds, its alternatives) only where a match can start, the same matches as before: at
# any other position the pattern fails anyway, on that first character. (The address shapes
# over the bench's texts with a digit: 133 -> 91 ms; a few shapes gain nothing, none loses.)
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
_CATEGORY_ESCAPES: dict[Any, str] = {}
if _parser is not None:  # pragma: no branch
    _CATEGORY_ESCAPES = {
        _C.CATEGORY_DIGIT: r"\d",
        _C.CATEGORY_SPACE: r"\s",
        _C.CATEGORY_WORD: r"\w",
    }
_ZERO_WIDTH: tuple[Any, ...] = (_C.AT, _C.ASSERT, _C.ASSERT_NOT) if _parser is not None else ()


class _Unsure(Exception):
    """A construct the first-character reading does not know (or a negated class): no guard."""


def _char(code: int) -> str:
    return f"\\U{code:08x}"


def _class_items(op: Any, av: Any) -> list[str]:
    """The class syntax of what a consumed item takes as its one character."""
    if op is _C.LITERAL:
        return [_char(av)]
    if op is _C.IN:
        out = []
        for item, value in av:
            if item is _C.LITERAL:
                out.append(_char(value))
            elif item is _C.RANGE:
                out.append(f"{_char(value[0])}-{_char(value[1])}")
            elif item is _C.CATEGORY and value in _CATEGORY_ESCAPES:
                out.append(_CATEGORY_ESCAPES[value])
            else:  # a negated class or category: nearly every character, no guard
                raise _Unsure
        return out
    raise _Unsure


def _firsts(items: Any, ignore_case: bool, out: list[str], folded: list[bool]) -> bool:
    """Add to `out` the class items a match of the sequence can start with (`folded` gets True
    when one is matched ignoring case); True if the sequence can also consume nothing (then
    what follows it can start the match too)."""
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the next item takes the first character
        if op in (_C.LITERAL, _C.IN):
            out.extend(_class_items(op, av))
            if ignore_case:
                folded.append(True)
            return False
        if op is _C.SUBPATTERN:
            _, add, remove, sub = av
            case = (ignore_case or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE
            if not _firsts(sub, case, out, folded):
                return False
        elif op is _C.ATOMIC_GROUP:
            if not _firsts(av, ignore_case, out, folded):
                return False
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
            low, _, sub = av
            if not _firsts(sub, ignore_case, out, folded) and low >= 1:
                return False
        elif op is _C.BRANCH:
            empty = False
            for branch in av[1]:
                empty = _firsts(branch, ignore_case, out, folded) or empty
            if not empty:
                return False
        else:
            raise _Unsure  # `.`, a negated literal, a back reference, a conditional
    return True


def start_guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` with a lookahead for the characters its matches can start with: the same
    matches, groups and names, found faster where most positions cannot start one. The pattern
    itself when unsure (an empty match possible, a construct not understood, another Python's
    parser)."""
    if _parser is None or pattern.flags & (re.LOCALE | re.ASCII | re.VERBOSE):
        return pattern
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        items: list[str] = []
        folded: list[bool] = []
        if _firsts(parsed, bool(pattern.flags & re.IGNORECASE), items, folded):
            return pattern  # a match may be empty
        # one class for all: ignoring case for all of them when one is (more characters let
        # through, never fewer)
        first = "[" + "".join(dict.fromkeys(items)) + "]"
        first = f"(?i:{first})" if folded else first
        source = pattern.pattern
        flags = _GLOBAL_FLAGS.match(source)
        at = flags.end() if flags else 0
        # the pattern as one group, so that the guard stands before each of its alternatives
        return re.compile(f"{source[:at]}(?={first})(?:{source[at:]})", pattern.flags)
    except Exception:  # not understood, or another Python's parser: searched as it is
        return pattern
