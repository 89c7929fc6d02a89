"""From a batch of raw records to the records to write: sanitized, vault and dead letters.

Runs in the worker's processing thread (CPU-bound: spaCy, AES-GCM, JSON). A record the engine
cannot even turn into an outcome (a bug, not bad input) is dead-lettered as `processing_error`
rather than stopping the stream; the class of the exception is the reason, never its message.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from pipeline.engine import Engine
from pipeline.outcome import Outcome, Rejected, Sanitized, StreamName
from pipeline.processing.guard import internal_error, process_isolated
from pipeline.streaming.consent.blocklist import subjects_of, withheld_record
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker.deadletter import Headers, Source, dead_letter
from pipeline.textrelease import TemplateState

log = logging.getLogger(__name__)


# Why a subject's events must be withheld ("under_13", "erase"), or None.
Blocked = Callable[[str], str | None]


class RawRecord(Protocol):
    """What routing needs of a consumed record (aiokafka's ConsumerRecord has it)."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None


@dataclass(frozen=True)
class OutRecord:
    """One record to send in the batch's transaction."""

    topic: str
    key: bytes | None
    value: bytes
    headers: Headers = field(default_factory=list)


@dataclass(frozen=True)
class Counts:
    """What the metrics take from a batch's outcomes: counts by class, never values."""

    rejected: dict[str, int] = field(default_factory=dict)  # error class -> records
    vault: dict[str, int] = field(default_factory=dict)  # entity type -> vault entries
    withheld: dict[str, int] = field(default_factory=dict)  # consent reason -> records
    # recognizer -> texts withheld because it timed out or failed on them (fail closed)
    unscanned: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, outcomes: Sequence[Outcome], withheld: Mapping[int, str]) -> Counts:
        """Counts of `outcomes`, the ones at the indices of `withheld` counted by its reason."""
        rejected: Counter[str] = Counter()
        vault: Counter[str] = Counter()
        for i, outcome in enumerate(outcomes):
            if i in withheld:
                continue
            if isinstance(outcome, Sanitized):
                vault.update(entry.entity_type for entry in outcome.vault)
            else:
                rejected[outcome.error_class] += 1
        return cls(dict(rejected), dict(vault), dict(Counter(withheld.values())))


@dataclass(frozen=True)
class Routed:
    """Everything one batch produces (small enough to cross a process boundary)."""

    records: list[OutRecord]
    counts: Counts
    # Records of the batch these results cover, a prefix (an engine call cut short at a deadline
    # or abandoned: `worker.chunks`); None: all of them.
    done: int | None = None


def _dumps(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def _outcomes(engine: Engine, stream: StreamName, raws: Sequence[RawRecord]) -> list[Outcome]:
    results: dict[int, Outcome] = {}
    present: list[tuple[int, bytes]] = []
    for i, raw in enumerate(raws):
        if raw.value is None:
            results[i] = Rejected(None, stream, "undecodable", "record has no value (tombstone)")
        else:
            present.append((i, raw.value))

    def where(j: int) -> str:
        raw = raws[present[j][0]]
        return f"{raw.topic}[{raw.partition}]@{raw.offset}"

    batch = process_isolated(engine.process, stream, [value for _, value in present], where)
    results.update((i, outcome) for (i, _), outcome in zip(present, batch, strict=True))
    return [results[i] for i in range(len(raws))]


def route(
    engine: Engine,
    settings: StreamSettings,
    stream: StreamName,
    raws: Sequence[RawRecord],
    blocked: Blocked | None = None,
) -> Routed:
    """Process one partition's batch and build every output record, in input order."""
    return route_many(engine, settings, stream, [raws], blocked)[0]


def route_many(
    engine: Engine,
    settings: StreamSettings,
    stream: StreamName,
    batches: Sequence[Sequence[RawRecord]],
    blocked: Blocked | None = None,
) -> list[Routed]:
    """Several batches of one stream (e.g. of different partitions) in one engine call, so the
    model sees one larger batch; the output is still one `Routed` per batch."""
    failures = engine.detector.stats.failures
    before = dict(failures)
    outcomes = _outcomes(engine, stream, [raw for batch in batches for raw in batch])
    unscanned = {name: n - before.get(name, 0) for name, n in failures.items()}
    # The template counts these outcomes changed go out with each batch's records: whichever
    # task's transaction releases a text also commits the counts that allowed it.
    templates = _template_records(settings, engine.texts.counts.drain())
    routed: list[Routed] = []
    start = 0
    for batch in batches:
        part = outcomes[start : start + len(batch)]
        built = _build(engine, settings, stream, batch, part, blocked)
        built.records.extend(templates)
        routed.append(built)
        start += len(batch)
    if routed and any(unscanned.values()):  # the engine call's count, on its first batch
        first = routed[0]
        counts = replace(first.counts, unscanned={k: v for k, v in unscanned.items() if v})
        routed[0] = replace(first, counts=counts)
    return routed


def _template_records(
    settings: StreamSettings, changes: Sequence[tuple[str, TemplateState | None]]
) -> list[OutRecord]:
    """Changed template states keyed by fingerprint (a tombstone for a forgotten one)."""
    topic = settings.text_templates_topic
    return [
        OutRecord(topic, fp.encode(), b"" if state is None else _dumps(state.to_json()))
        for fp, state in changes
    ]


def _build(
    engine: Engine,
    settings: StreamSettings,
    stream: StreamName,
    raws: Sequence[RawRecord],
    outcomes: list[Outcome],
    blocked: Blocked | None,
) -> Routed:
    out: list[OutRecord] = []
    withheld: dict[int, str] = {}
    outcomes = list(outcomes)
    for i, raw in enumerate(raws):
        try:
            records, reason = _records(engine, settings, stream, raw, outcomes[i], blocked)
        except Exception as exc:  # e.g. a value no encoder accepts: this record, not the batch
            log.error(
                "building the output of %s[%d]@%d failed: %s",
                raw.topic,
                raw.partition,
                raw.offset,
                type(exc).__name__,
            )
            outcomes[i] = internal_error(stream, exc)
            records, reason = _records(engine, settings, stream, raw, outcomes[i], None)
        if reason is not None:
            withheld[i] = reason
        out.extend(records)
    return Routed(out, Counts.of(outcomes, withheld))


def _records(
    engine: Engine,
    settings: StreamSettings,
    stream: StreamName,
    raw: RawRecord,
    outcome: Outcome,
    blocked: Blocked | None,
) -> tuple[list[OutRecord], str | None]:
    """The output records of one outcome (all or none), and why it was withheld (or None)."""
    reason = _blocked_by(outcome, blocked) if blocked is not None else None
    if reason is not None:
        audit = withheld_record(reason, stream, raw.topic, raw.partition, raw.offset)
        return [OutRecord(settings.audit_topic, None, _dumps(audit))], reason
    if isinstance(outcome, Sanitized):
        key = (outcome.subject or outcome.event_id).encode()
        records = [OutRecord(settings.sanitized(stream), key, _dumps(outcome.record))]
        # Keyed by the subject token: one subject's entries stay in one partition.
        records.extend(
            OutRecord(settings.vault_topic, entry.subject.encode(), _dumps(entry.to_json()))
            for entry in outcome.vault
        )
        return records, None
    source = Source(raw.topic, raw.partition, raw.offset)
    value, headers = dead_letter(engine.keys, outcome, source, raw.key, raw.value)
    return [OutRecord(settings.dlq(stream), None, value, headers)], None


def _blocked_by(outcome: Outcome, blocked: Blocked) -> str | None:
    """Why the outcome's event must be withheld (a subject of it is blocked), or None."""
    if not isinstance(outcome, Sanitized):
        return None
    for subject in subjects_of(outcome):
        reason = blocked(subject)
        if reason is not None:
            return reason
    return None
