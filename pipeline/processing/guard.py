"""Fail closed per record: a failure while processing one record costs that record, not its batch.

The engine processes a batch at once (spaCy batches); a failure that escapes it (a bug, not bad
input: bad input is already a rejection) would lose every record of the batch. Then each record is
processed alone, and one that still fails becomes a `processing_error` rejection. The exception's
class is recorded, never its message (which may quote a value).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from pipeline.outcome import Outcome, Rejected, StreamName

log = logging.getLogger(__name__)

Process = Callable[[StreamName, Sequence[bytes]], list[Outcome]]


def internal_error(stream: StreamName, exc: BaseException, event_id: str | None = None) -> Rejected:
    """The rejection of a record whose processing raised `exc` (its class only)."""
    return Rejected(event_id, stream, "processing_error", f"internal error ({type(exc).__name__})")


def process_isolated(
    process: Process,
    stream: StreamName,
    values: Sequence[bytes],
    where: Callable[[int], str] = str,
) -> list[Outcome]:
    """Outcomes of `values` in order, one per value, whatever `process` raises.

    `where(i)` names the i-th record in logs (e.g. topic[partition]@offset or a line number).
    """
    try:
        outcomes = process(stream, values)
        if len(outcomes) == len(values):
            return outcomes
        raise RuntimeError(f"{len(outcomes)} outcomes for {len(values)} records")
    except Exception as exc:
        log.error(
            "engine failed on a batch of %d %s records (%s); retrying one by one",
            len(values),
            stream,
            type(exc).__name__,
        )
    results: list[Outcome] = []
    for i, value in enumerate(values):
        try:
            [outcome] = process(stream, [value])
        except Exception as exc:
            log.error("engine failed on %s: %s", where(i), type(exc).__name__)
            outcome = internal_error(stream, exc)
        results.append(outcome)
    return results
