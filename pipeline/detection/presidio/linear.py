"""Presidio's pattern recognizers made linear and fail-closed.

Linear: a lookahead with an unbounded `.*` at the start of a pattern is tried at every position
and reads to the end of the text each time, so the pattern is quadratic (Presidio's PAN "Low"
pattern, `(?=.*?[a-zA-Z])`, took 10 s on 16 KB of `1 1 1 …`). Such a lookahead is meant to look
inside the token being matched; it is bounded to the next `LOOKAHEAD` non-space characters.

E-mail: Presidio's pattern, `\b(local)[@]domain`, with a local part `[…]{0,}` of 20 characters
with dots, tries every word boundary of a run such as `1.1.1.…` and reads to the run's end from
each: quadratic, and it ran to the timeout (2 s, then the field withheld). A match lies inside
the run of local-part characters before an `@` and the run of domain characters after it, so
the pattern runs only there (`_EmailWindows`): a text without `@` costs one scan and no regex;
a run longer than an address can be (`EMAIL_RUN`) fails the text closed at once, counted like a
timeout, without entering the regex.

Fail-closed: Presidio runs each regex with a timeout and, when it expires, logs "timed out,
skipping" and returns nothing for that pattern, so whatever else the text holds passes. Here
each compiled regex is wrapped so that a timeout raises `RecognizerFailed` instead, which
Presidio does not catch: the detector then withholds the field (see detector.py).
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterator, Sequence
from typing import Any

import regex  # Presidio compiles with it (timeouts)
from presidio_analyzer.predefined_recognizers import EmailRecognizer

log = logging.getLogger(__name__)

LOOKAHEAD = 64
_UNBOUNDED_LOOKAHEAD = re.compile(r"\(\?=\.\*(\??)")


# Presidio's e-mail pattern, and the characters of its local part and of its domain.
EMAIL_PATTERN = EmailRecognizer.PATTERNS[0].regex
_LOCAL = regex.compile(r"[!#$%&'*+\-/=?^_`{|}~.\w]")
_DOMAIN = regex.compile(r"[\w.\-]")
# Longest run of local-part (or domain) characters next to an `@` that is scanned: an address
# has at most 64 + 255 (RFC 5321); longer runs (URL paths, hostile padding) fail closed.
EMAIL_RUN = 256


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


class _EmailWindows(_FailClosedRegex):
    """The e-mail pattern run only on the stretches around each `@` that can hold a match (same
    matches as over the whole text: a match is local characters, `@`, domain characters, and
    the characters just outside a stretch are no word characters, so `\b` reads the same).
    `scanned` counts the characters the regex was given (tests)."""

    scanned = 0

    def finditer(self, text: str, timeout: float | None = None) -> Iterator[Any]:
        windows = email_windows(text)
        for start, end in windows:
            type(self).scanned += end - start
            try:
                yield from self._compiled.finditer(text, start, end, timeout=self._timeout_s)
            except TimeoutError:
                raise RecognizerFailed(f"pattern {self._name} timed out") from None


def email_windows(text: str) -> list[tuple[int, int]]:
    """The stretches of `text` an e-mail can lie in: the run of local-part characters before
    each `@` and the run of domain characters after it, merged when they touch. Linear: the
    runs of different `@`s do not overlap (`@` belongs to neither). RecognizerFailed when a run
    is longer than `EMAIL_RUN`."""
    windows: list[tuple[int, int]] = []
    at = text.find("@")
    while at != -1:
        start = at
        while start > 0 and _LOCAL.match(text, start - 1) and at - start <= EMAIL_RUN:
            start -= 1
        end = at + 1
        while end < len(text) and _DOMAIN.match(text, end) and end - at <= EMAIL_RUN:
            end += 1
        if at - start > EMAIL_RUN or end - at > EMAIL_RUN:
            raise RecognizerFailed(f"an @ next to a run over {EMAIL_RUN} characters")
        if start < at and end > at + 1:  # something on both sides
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], end)
            else:
                windows.append((start, end))
        at = text.find("@", at + 1)
    return windows


def harden(recognizers: Sequence[Any], timeout_s: float) -> list[str]:
    """Bound lookaheads and make timeouts fail closed in every pattern recognizer; the names
    of the patterns that were rewritten."""
    rewritten: list[str] = []
    for recognizer in recognizers:
        if not getattr(recognizer, "patterns", None):
            continue
        # Presidio's predefined recognizers share their class's `PATTERNS` objects, and every new
        # instance compiles them again: hardened in place, a recognizer built later (another
        # engine, a reload) would put the plain, unbounded regex back under this one.
        recognizer.patterns = [copy.copy(p) for p in recognizer.patterns]
        for pattern in recognizer.patterns:
            text = bounded(pattern.regex)
            if text != pattern.regex:
                rewritten.append(f"{recognizer.name}:{pattern.name}")
                pattern.regex = text
            # the flags Presidio compiles with; equal flags keep it from compiling its own
            used = recognizer.global_regex_flags
            pattern.compiled_with_flags = used
            wrapper = _EmailWindows if text == EMAIL_PATTERN else _FailClosedRegex
            pattern.compiled_regex = wrapper(
                regex.compile(text, flags=used), pattern.name, timeout_s
            )
    if rewritten:
        log.info("bounded unbounded lookaheads in %s", ", ".join(rewritten))
    return rewritten
