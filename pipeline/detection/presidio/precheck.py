"""One search for all the patterns of a recognizer, before Presidio runs them one by one.

Most recognizers find nothing in most texts, and the cost of finding nothing is per call: each
pattern is one `regex` call with a timeout (a few microseconds each, before any matching), plus
Presidio's bookkeeping. A recognizer's patterns joined in one alternation are searched once: if
no alternative matches anywhere, no pattern does, and Presidio's `analyze` (whose results all
come from matches of those patterns) would return nothing. If the search finds something, or
runs out of time, the recognizer runs as before (and fails closed on its own timeouts).

Only plain pattern recognizers get one: `analyze` is Presidio's own (subclasses may only
validate or invalidate matches), every pattern is a hardened one from `linear.harden` (not the
e-mail windows), no pattern refers back to a group (numbers shift in an alternation) and none
sets flags for the whole pattern except at its start (they would apply to every alternative).
"""

from __future__ import annotations

import re
from typing import Any

import regex
from presidio_analyzer import EntityRecognizer, PatternRecognizer

from pipeline.detection.presidio.linear import _FailClosedRegex

_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=|\\g<")
_GLOBAL_FLAGS = re.compile(r"^\(\?([aiLmsux]+)\)")
_ANY_GLOBAL_FLAGS = re.compile(r"\(\?[A-Za-z0-9]+\)")  # flags for the whole pattern, anywhere
# The search gets this share of the recognizer timeout; past it the recognizer just runs.
TIMEOUT_SHARE = 0.25


class Precheck:
    """`may_match(text)` is False only when no pattern of the recognizer matches in `text`."""

    def __init__(self, compiled: Any, timeout_s: float) -> None:
        self._compiled = compiled
        self._timeout_s = timeout_s

    def may_match(self, text: str) -> bool:
        """Whether the recognizer has to run on `text`."""
        try:
            return self._compiled.search(text, timeout=self._timeout_s) is not None
        except TimeoutError:
            return True  # undecided: the recognizer runs and times out (fails closed) itself


def _alternative(pattern: str) -> str | None:
    """`pattern` as one alternative of several; None if its flags would reach the others."""
    # leading global flags, `(?i)…`, are scoped to the pattern's own alternative
    flags = _GLOBAL_FLAGS.match(pattern)
    body = pattern[flags.end() :] if flags else pattern
    if _ANY_GLOBAL_FLAGS.search(body) or _BACKREFERENCE.search(body):
        return None  # global flags elsewhere apply to the whole alternation; groups renumber
    return f"(?{flags.group(1)}:{body})" if flags else f"(?:{body})"


def precheck(recognizer: EntityRecognizer, timeout_s: float) -> Precheck | None:
    """The one-search check for `recognizer`, or None when it cannot have one."""
    if not isinstance(recognizer, PatternRecognizer):
        return None
    if type(recognizer).analyze is not PatternRecognizer.analyze:
        return None
    patterns: list[Any] = list(getattr(recognizer, "patterns", None) or ())
    if not patterns or any(type(p.compiled_regex) is not _FailClosedRegex for p in patterns):
        return None
    alternatives = [_alternative(p.regex) for p in patterns]
    if None in alternatives:
        return None
    joined = "|".join(a for a in alternatives if a is not None)
    try:
        compiled = regex.compile(joined, flags=recognizer.global_regex_flags)
    except (regex.error, ValueError):
        return None
    return Precheck(compiled, timeout_s * TIMEOUT_SHARE)
