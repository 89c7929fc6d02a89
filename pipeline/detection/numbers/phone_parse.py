"""Two steps of libphonenumber's parse without work their answer does not need.

`_extract_possible_number` (run by every `phonenumbers.parse`) searches three patterns: the
first character that can start a number (a plus, full-width or not, or a digit), a run of
unwanted characters at the end (`(?:_|[^#\\w])+$`) and a second number (`[\\\\/] *x`). A
text that starts with `+` or an ASCII digit, ends with an ASCII digit (a word character: no
unwanted run can end the text, and `$` is the text's end) and holds no `x` comes back whole: it
is returned without the searches.

`_match` (every type check of a number: a pattern per kind of line) calls `match`, then
`fullmatch` when it matched; a full match is a match, so `fullmatch` first gives the same answer
with one call when the number is of that type, and `match` is only needed for a prefix match.

Installed only when the library's patterns are the ones proven (phonenumbers 9.0.43's).
"""

from __future__ import annotations

import re
from typing import Any

from phonenumbers import phonenumberutil

_LIBRARY_EXTRACT = phonenumberutil._extract_possible_number
_LIBRARY_MATCH = phonenumberutil._match
_ASCII_DIGITS = "0123456789"
_STARTS = "+" + _ASCII_DIGITS
# the patterns the shortcut was proven for: (name, pattern, flags)
PROVEN = (
    ("_VALID_START_CHAR_PATTERN", "[+\uff0b\\d]", re.UNICODE),
    ("_UNWANTED_END_CHAR_PATTERN", "(?u)(?:_|[^#\\w])+$", re.UNICODE),
    ("_SECOND_NUMBER_START_PATTERN", "[\\\\/] *x", re.UNICODE),
)


def extract_possible_number(number: Any) -> Any:
    """`phonenumberutil._extract_possible_number`, the same for every input."""
    if (
        type(number) is str
        and number
        and number[0] in _STARTS
        and number[-1] in _ASCII_DIGITS
        and "x" not in number
    ):
        return number
    return _LIBRARY_EXTRACT(number)


def match(number: str, pattern: re.Pattern[str], allow_prefix_match: Any) -> Any:
    """`phonenumberutil._match`, the same for every input."""
    if pattern.fullmatch(number):
        return True
    return allow_prefix_match if pattern.match(number) else False


def installable() -> bool:
    """Whether the library's patterns are the ones the extraction shortcut was proven for."""
    for name, source, flags in PROVEN:
        pattern = getattr(phonenumberutil, name, None)
        if pattern is None or pattern.pattern != source or pattern.flags != flags:
            return False
    return True


def install() -> None:
    """Make `phonenumbers.parse` and the type checks use the shortcuts."""
    phonenumberutil._match = match
    if installable():
        phonenumberutil._extract_possible_number = extract_possible_number
