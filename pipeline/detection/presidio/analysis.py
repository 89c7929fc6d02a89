"""Presidio's pattern analysis for one recognizer, without its per-pattern bookkeeping.

`PatternRecognizer.analyze` reads the clock twice and logs a debug line for every pattern, and
builds an `AnalysisExplanation` (with its text) for every match: most of what it costs on the
texts a gate lets through, where most patterns find nothing. The detector reads only the
type, offsets and score of a result, so here the same loop runs without them: each pattern's
matches, scored, validated and invalidated by the recognizer's own methods, then Presidio's
own `remove_duplicates`, which also gives the order. The results are Presidio's, field for
field, save the explanation.

A pattern that needs a `:` in every match (the IPv6 forms of IpRecognizer: four of its five
patterns) is not run on a text without one (`pattern_facts.needs_character` proves it from
the pattern; when unsure it runs).

Only plain pattern recognizers get one, hardened by `linear.harden` (every compiled regex
fails closed, none is compiled by Presidio on the fly): `analyze` is Presidio's own, so the
recognizer differs from `PatternRecognizer` only in what it validates and invalidates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from presidio_analyzer import EntityRecognizer, PatternRecognizer, RecognizerResult

from pipeline.detection.pattern_facts import needs_character
from pipeline.detection.presidio.linear import _FailClosedRegex

_MIN, _MAX = EntityRecognizer.MIN_SCORE, EntityRecognizer.MAX_SCORE
_NAME_KEY = RecognizerResult.RECOGNIZER_NAME_KEY
_ID_KEY = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY
_NO_EXPLANATION: Any = None  # Presidio's own default when none is given


@dataclass(frozen=True, slots=True)
class _Pattern:
    compiled: Any  # a _FailClosedRegex (or its e-mail windows)
    score: float
    needs_colon: bool


class PatternAnalysis:
    """`analyze(text)` returns what `recognizer.analyze(text, entities, None)` would."""

    def __init__(self, recognizer: PatternRecognizer, patterns: list[_Pattern]) -> None:
        self._recognizer = recognizer
        self._all = tuple(patterns)
        self._no_colon = tuple(p for p in patterns if not p.needs_colon)
        self._entity = recognizer.supported_entities[0]
        self._name: str = getattr(recognizer, "name", "")
        self._id: str = getattr(recognizer, "id", "")
        # overridden by most subclasses; the base class's return None (nothing to check)
        kind = type(recognizer)
        self._validate = (
            recognizer.validate_result
            if kind.validate_result is not PatternRecognizer.validate_result
            else None
        )
        self._invalidate = (
            recognizer.invalidate_result
            if kind.invalidate_result is not PatternRecognizer.invalidate_result
            else None
        )

    def analyze(self, text: str) -> list[RecognizerResult]:
        """The recognizer's results on `text` (RecognizerFailed when a pattern times out)."""
        validate, invalidate = self._validate, self._invalidate
        results: list[RecognizerResult] = []
        for pattern in self._all if ":" in text else self._no_colon:
            for match in pattern.compiled.finditer(text):
                start, end = match.span()
                if start == end:
                    continue  # Presidio skips empty matches
                current = text[start:end]
                score = pattern.score
                if validate is not None:
                    valid = validate(current)
                    if valid is not None:
                        score = _MAX if valid else _MIN
                if invalidate is not None and invalidate(current):
                    score = _MIN
                if score > _MIN:
                    results.append(
                        RecognizerResult(
                            self._entity,
                            start,
                            end,
                            score,
                            _NO_EXPLANATION,
                            {_NAME_KEY: self._name, _ID_KEY: self._id},
                        )
                    )
        return EntityRecognizer.remove_duplicates(results) if results else results


def pattern_analysis(recognizer: EntityRecognizer) -> PatternAnalysis | None:
    """The lean analysis of `recognizer`, or None when it must run as Presidio's own."""
    if not isinstance(recognizer, PatternRecognizer):
        return None
    found: list[Any] = list(getattr(recognizer, "patterns", None) or ())
    if type(recognizer).analyze is not PatternRecognizer.analyze or not found:
        return None
    if not recognizer.supported_entities:
        return None
    flags = recognizer.global_regex_flags
    patterns: list[_Pattern] = []
    for p in found:
        compiled = p.compiled_regex
        # Presidio would compile a pattern again whose flags differ: not hardened, not ours
        if not isinstance(compiled, _FailClosedRegex) or p.compiled_with_flags != flags:
            return None
        patterns.append(_Pattern(compiled, p.score, needs_character(p.regex, flags or 0, ":")))
    return PatternAnalysis(recognizer, patterns)
