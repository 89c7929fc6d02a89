"""libphonenumber's extension stripping, without its pattern search on a plain number.

`phonenumbers.parse` looks for an extension at the end of every number it reads
(`_maybe_strip_extension`: one search of a pattern of six alternatives anchored at the end, tried
at every position, ~3 us a number). Every alternative of that pattern consumes at least one of
`;`, `,`, `#`, `~` (or their full-width forms) or a letter (`ext`, `x`, `доб`, `anexo`, `int`): a number
written with ASCII digits, `+`, spaces, brackets, `-`, `.` and `/` only has no extension, and the
library's answer for it is `("", number)`. That is returned without the search; any other text goes
to the library. The shortcut is installed only for the pattern it was proven for (the library's
9.0 pattern, kept below): another version's pattern keeps the library's function.
"""

from __future__ import annotations

import re

from phonenumbers import phonenumberutil

# the characters of a number that no alternative of the extension pattern can consume alone
_PLAIN = re.compile(r"[0-9+ ()\-./]*")
_LIBRARY = phonenumberutil._maybe_strip_extension
# the pattern the shortcut was proven for (phonenumbers 9.0.x)
PROVEN_PATTERN = (
    "(?:;ext=(\\d{1,20})|[ \u00a0\\t,]*(?:e?xt(?:ensi(?:o\u0301?|\u00f3))?n?|\uff45?\uff58\uff54\uff4e?"
    "|\u0434\u043e\u0431|anexo)[:\\.\uff0e]?[ \u00a0\\t,-]*(\\d{1,20})#?|[ \u00a0\\t,]*(?:[x\uff58#\uff03~\uff5e]"
    "|int|\uff49\uff4e\uff54)[:\\.\uff0e]?[ \u00a0\\t,-]*(\\d{1,9})#?|[- ]+(\\d{1,6})#|[ \u00a0\\t]*(?:,{2}|;)"
    "[:\\.\uff0e]?[ \u00a0\\t,-]*(\\d{1,15})#?|[ \u00a0\\t]*(?:,)+[:\\.\uff0e]?[ \u00a0\\t,-]*(\\d{1,9})#?)$"
)


def maybe_strip_extension(number: str) -> tuple[str, str]:
    """`phonenumberutil._maybe_strip_extension`, the same for every input."""
    if _PLAIN.fullmatch(number):
        return "", number
    result: tuple[str, str] = _LIBRARY(number)
    return result


def installable() -> bool:
    """Whether the library's extension pattern is the one the shortcut was proven for."""
    pattern = getattr(phonenumberutil, "_EXTN_PATTERN", None)
    return pattern is not None and pattern.pattern == PROVEN_PATTERN


def install() -> None:
    """Make `phonenumbers.parse` use the shortcut (only for the proven pattern)."""
    if installable():
        phonenumberutil._maybe_strip_extension = maybe_strip_extension
