"""Presidio's pattern recognizers made linear and fail-closed.

Linear: a lookahead with an unbounded `.*` at the start of a pattern is tried at every position
and reads to the end of the text each time, so the pattern is quadratic (Presidio's PAN "Low"
pattern, `(?=.*?[a-zA-Z])`, took 10 s on 16 KB of `1 1 1 …`). Such a lookahead is meant to look
inside the token being matched; it is bounded to the next `LOOKAHEAD` non-space characters.

Fail-closed: Presidio runs each regex with a timeout and, when it expires, logs "timed out,
skipping" and returns nothing for that pattern, so whatever else the text holds passes. Here
each compiled regex is wrapped so that a timeout raises `RecognizerFailed` instead, which
Presidio does not catch: the detector then withholds the field (see detector.py).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from typing import Any

import regex  # Presidio compiles with it (timeouts)

log = logging.getLogger(__name__)

LOOKAHEAD = 64
_UNBOUNDED_LOOKAHEAD = re.compile(r"\(\?=\.\*(\??)")


class RecognizerFailed(Exception):
    """A recognizer could not finish on a text (regex timeout or error): fail the text closed."""


def bounded(pattern: str) -> str:
    """`pattern` with every `(?=.*…` lookahead bounded to the next LOOKAHEAD non-space chars."""
    return _UNBOUNDED_LOOKAHEAD.sub(lambda m: f"(?=\\S{{0,{LOOKAHEAD}}}{m.group(1)}", pattern)


class _FailClosedRegex:
    """A compiled `regex` pattern whose timeout raises RecognizerFailed (not TimeoutError)."""

    def __init__(self, compiled: Any, name: str, timeout_s: float) -> None:
        self._compiled = compiled
        self._name = name
        self._timeout_s = timeout_s

    def finditer(self, text: str, timeout: float | None = None) -> Iterator[Any]:
        try:
            yield from self._compiled.finditer(text, timeout=self._timeout_s)
        except TimeoutError:
            raise RecognizerFailed(f"pattern {self._name} timed out") from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._compiled, name)


def harden(recognizers: Sequence[Any], timeout_s: float) -> list[str]:
    """Bound lookaheads and make timeouts fail closed in every pattern recognizer; the names
    of the patterns that were rewritten."""
    rewritten: list[str] = []
    for recognizer in recognizers:
        for pattern in getattr(recognizer, "patterns", None) or ():
            text = bounded(pattern.regex)
            if text != pattern.regex:
                rewritten.append(f"{recognizer.name}:{pattern.name}")
                pattern.regex = text
            # the flags Presidio compiles with; equal flags keep it from compiling its own
            used = recognizer.global_regex_flags
            pattern.compiled_with_flags = used
            pattern.compiled_regex = _FailClosedRegex(
                regex.compile(text, flags=used), pattern.name, timeout_s
            )
    if rewritten:
        log.info("bounded unbounded lookaheads in %s", ", ".join(rewritten))
    return rewritten
