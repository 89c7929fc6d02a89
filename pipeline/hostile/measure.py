"""Run every class's generated variants through the engine and count the ones that leaked."""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pipeline.engine import Engine
from pipeline.hostile.case import Case
from pipeline.hostile.leaks import leaked, strings
from pipeline.hostile.people import People
from pipeline.hostile.structural import STRUCTURAL, Rule
from pipeline.hostile.textual import TEXTUAL
from pipeline.outcome import Outcome, Sanitized
from pipeline.processing.processor import Processor

CLASSES: dict[str, Rule] = {**STRUCTURAL, **TEXTUAL}


def generate(cls: str, variants: int, seed: int) -> list[Case]:
    """`variants` cases of one class; the same seed gives the same cases."""
    people = People(seed)
    rule = CLASSES[cls]
    return [rule(people, i) for i in range(variants)]


_WORD = re.compile(r"[A-Za-z]{3,}")


def _words(texts: Iterable[str]) -> set[str]:
    return {w.lower() for t in texts for w in _WORD.findall(t)}


def clear_outputs(outcome: Outcome) -> Iterator[str]:
    """Every string of an outcome that is not encrypted."""
    if isinstance(outcome, Sanitized):
        yield from strings(outcome.record)
        yield outcome.event_id
        for entry in outcome.vault:
            yield from (entry.subject, entry.entity_type, entry.path, entry.event_id)
    else:
        yield from strings(outcome.to_json())


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@dataclass
class ClassResult:
    """Leaked variants of one class, in total and per generating rule."""

    variants: int = 0
    leaked: int = 0
    rejected: int = 0
    words: int = 0  # plain words of the sanitized cases' inputs (not planted ones)
    words_lost: int = 0  # of those, missing from the output: over-redaction
    by_rule: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def to_json(self) -> dict[str, Any]:
        return {
            "variants": self.variants,
            "leaked": self.leaked,
            "rejected": self.rejected,
            "words": self.words,
            "words_lost": self.words_lost,
            "by_rule": {
                r: {"variants": v, "leaked": n} for r, (v, n) in sorted(self.by_rule.items())
            },
        }


def detection_only(engine: Engine) -> Processor:
    """The engine's processing without the free-text release (texts written once redacted).

    The release withholds rare texts whatever the detectors found; without it, what is
    measured is what detection and the structural defences catch on their own.
    """
    return Processor(engine.config, engine.detector, engine.tokens, engine.cipher)


def case_leaks(engine: Engine | Processor, case: Case) -> tuple[bool, Outcome]:
    """Process one case alone; whether any planted value reached a clear output or a log line."""
    capture = _Capture()
    root = logging.getLogger()
    root.addHandler(capture)
    try:
        [outcome] = engine.process(case.stream, [json.dumps(case.event)])
    finally:
        root.removeHandler(capture)
    texts = [*clear_outputs(outcome), *capture.lines]
    return any(leaked(p, t) for p in case.plants for t in texts), outcome


def measure(
    engine: Engine | Processor, variants: int, seed: int, classes: list[str] | None = None
) -> dict[str, ClassResult]:
    """Per class, how many of `variants` generated cases leaked."""
    results: dict[str, ClassResult] = {}
    for cls in classes or list(CLASSES):
        result = results[cls] = ClassResult()
        for case in generate(cls, variants, seed):
            bad, outcome = case_leaks(engine, case)
            result.variants += 1
            result.leaked += bad
            result.rejected += not outcome.ok
            if isinstance(outcome, Sanitized):
                planted = {w for p in case.plants for w in _words([p.value])}
                before = _words(strings(case.event)) - planted
                after = _words(clear_outputs(outcome))
                result.words += len(before)
                result.words_lost += len(before - after)
            counts = result.by_rule[case.rule]
            counts[0] += 1
            counts[1] += bad
    return results
