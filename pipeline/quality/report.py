"""Run the engine over a labelled corpus and measure what it finds, misses and over-redacts.

Recall per planted entity type = planted values that do not survive into the sanitized record.
Precision per detected entity type = vault entries whose value overlaps some planted value
(or a value the contract tags as personal), over all vault entries of that type.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.engine import Engine
from pipeline.outcome import STREAMS, Sanitized


@dataclass
class QualityReport:
    """Counts behind the quality table; no raw values."""

    events: int = 0
    rejected: int = 0
    planted: Counter[str] = field(default_factory=Counter)
    survived: Counter[str] = field(default_factory=Counter)
    detected: Counter[str] = field(default_factory=Counter)
    true_positive: Counter[str] = field(default_factory=Counter)
    safe_expected: int = 0
    safe_lost: Counter[str] = field(default_factory=Counter)

    @property
    def total_planted(self) -> int:
        """All planted values."""
        return sum(self.planted.values())

    @property
    def total_survived(self) -> int:
        """Planted values found in a sanitized record."""
        return sum(self.survived.values())

    def recall(self, entity: str) -> float:
        """Share of planted values of `entity` that did not survive."""
        n = self.planted[entity]
        return 1.0 - self.survived[entity] / n if n else 1.0

    def precision(self, entity: str) -> float:
        """Share of vault entries of `entity` that hold planted PII."""
        n = self.detected[entity]
        return self.true_positive[entity] / n if n else 1.0

    def to_json(self) -> dict[str, Any]:
        """All figures, machine-readable."""
        entities = sorted(set(self.planted) | set(self.detected))
        return {
            "events": self.events,
            "rejected": self.rejected,
            "planted": self.total_planted,
            "survived": self.total_survived,
            "safe_expected": self.safe_expected,
            "safe_lost": dict(self.safe_lost),
            "entities": {
                e: {
                    "planted": self.planted[e],
                    "survived": self.survived[e],
                    "recall": round(self.recall(e), 4),
                    "detected": self.detected[e],
                    "precision": round(self.precision(e), 4),
                }
                for e in entities
            },
        }


def _overlaps(value: str, planted_values: Iterable[str]) -> bool:
    low = value.lower()
    return any(low in p.lower() or p.lower() in low for p in planted_values if p)


def evaluate(
    engine: Engine,
    labelled: Sequence[Any],
    batch_size: int = 256,
    on_outcome: Callable[[Any, Any], None] | None = None,
) -> QualityReport:
    """Process `labelled` (corpus LabelledEvent objects) and score the outcomes.

    `on_outcome(item, outcome)` sees every pair, in processing order (other figures).
    """
    from pipeline.corpus.leaks import find_leaks, missing_safe

    report = QualityReport()
    by_stream: dict[str, list[Any]] = defaultdict(list)
    for item in labelled:
        by_stream[item.stream].append(item)
    for stream in STREAMS:
        items = by_stream.get(stream, [])
        for start in range(0, len(items), batch_size):
            chunk = items[start : start + batch_size]
            raws = [json.dumps(item.event).encode() for item in chunk]
            outcomes = engine.process(stream, raws)
            for item, outcome in zip(chunk, outcomes, strict=True):
                _score(engine, report, item, outcome, find_leaks, missing_safe)
                if on_outcome is not None:
                    on_outcome(item, outcome)
    return report


def _score(
    engine: Engine,
    report: QualityReport,
    item: Any,
    outcome: Any,
    find_leaks: Any,
    missing_safe: Any,
) -> None:
    report.events += 1
    for planted in item.planted:
        report.planted[planted.entity_type] += 1
    report.safe_expected += len(item.safe)
    if not isinstance(outcome, Sanitized):
        report.rejected += 1
        return
    for leak in find_leaks(outcome.record, item.planted):
        report.survived[leak.entity_type] += 1
    for lost in missing_safe(outcome.record, item.safe):
        report.safe_lost[lost.path.split(".")[0]] += 1
    planted_values = [p.value for p in item.planted] + [
        form for p in item.planted for form in p.leak_forms
    ]
    for entry in outcome.vault:
        report.detected[entry.entity_type] += 1
        if _overlaps(engine.cipher.open(entry), planted_values):
            report.true_positive[entry.entity_type] += 1


def render(report: QualityReport) -> Any:
    """A rich table of the report."""
    from rich.table import Table

    table = Table(
        title=f"Detection quality on {report.events} events "
        f"({report.total_survived} of {report.total_planted} planted values survived)"
    )
    for column in ("entity", "planted", "survived", "recall", "vault entries", "precision"):
        table.add_column(column, justify="right" if column != "entity" else "left")
    for entity in sorted(set(report.planted) | set(report.detected)):
        table.add_row(
            entity,
            str(report.planted[entity]),
            str(report.survived[entity]),
            f"{report.recall(entity):.2%}" if report.planted[entity] else "—",
            str(report.detected[entity]),
            f"{report.precision(entity):.2%}" if report.detected[entity] else "—",
        )
    return table
