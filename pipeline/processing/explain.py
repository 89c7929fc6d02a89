"""What `explain` shows of one outcome: one row per field, PII already masked by the walk.

The command-line table and the console's playground both render these rows, so an operator sees
the same decisions, with the same masking, wherever they look.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.outcome import Sanitized

COLUMNS = (
    "field",
    "input (PII masked)",
    "classified as",
    "entities",
    "recognizer",
    "score",
    "action",
    "result",
)


@dataclass(frozen=True)
class ExplainRow:
    """One field's decision, as text (the columns of `COLUMNS`, in order)."""

    field: str
    source: str
    classification: str
    entities: str
    recognizer: str
    score: str
    action: str
    result: str

    def cells(self) -> tuple[str, ...]:
        """The row's values in column order."""
        return (
            self.field,
            self.source,
            self.classification,
            self.entities,
            self.recognizer,
            self.score,
            self.action,
            self.result,
        )


def explain_rows(outcome: Sanitized) -> list[ExplainRow]:
    """The rows of an outcome processed with `explain=True`."""
    return [
        ExplainRow(
            field=f.path,
            source=f.source,
            classification=f.classification,
            entities=",".join(f.entities),
            recognizer=f.recognizer,
            score="" if f.score is None else f"{f.score:.2f}",
            action=f.action,
            result=f.result,
        )
        for f in outcome.findings
    ]
