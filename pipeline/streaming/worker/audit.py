"""Check a run's committed outputs against its input: duplicates, gaps, vault consistency.

What `scripts/eos-trial` measures after killing workers: every raw record must have exactly one
sanitized record or one dead letter, and each sanitized event exactly the vault entries a clean
run gives it. Everything is read with `read_committed` (no consumer group). Only counts, event
ids and offsets are looked at; nothing is decrypted.

The reference (`expected_vault`) is the engine run offline on the same raw values: which events
are sanitized and how many vault entries each has. The count does not depend on the keys.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from aiokafka.errors import CoordinatorNotAvailableError

from pipeline.config.loader import LoadedConfig
from pipeline.engine import Engine
from pipeline.outcome import Sanitized, StreamName
from pipeline.secrets import Secrets
from pipeline.streaming.kafka import clients
from pipeline.streaming.kafka.io import Message, read_topic
from pipeline.streaming.settings import StreamSettings
from pipeline.vault.keys import MemoryKeyStore

READ_TIMEOUT_S = 120.0
COORDINATOR_ATTEMPTS = 60


@dataclass(frozen=True)
class Audit:
    """What a read_committed reader sees after a run (all streams together)."""

    inputs: int  # raw records
    outputs: int  # sanitized + dead-letter records
    sanitized: int
    dead_letters: int
    duplicates: int  # output records beyond the first for one input event
    duplicated_events: int  # input events with more than one output record
    gaps: int  # input events without any output record
    unknown_outputs: int  # outputs naming no input event (should be 0)
    vault_entries: int
    orphan_vault: int  # entries whose event has no sanitized record
    # against the offline reference (None without one):
    expected_vault: int | None = None
    events_missing_vault: int | None = None  # sanitized events with fewer entries than expected
    events_extra_vault: int | None = None  # sanitized events with more entries than expected
    vault_missing: int | None = None  # entries missing, summed over events
    vault_extra: int | None = None  # entries too many, summed over events
    outcome_mismatch: int | None = None  # sanitized here but rejected by the reference, or back

    def as_dict(self) -> dict[str, Any]:
        """The figures as a JSON-able dict."""
        return asdict(self)


def expected_vault(
    config: LoadedConfig,
    secrets: Secrets,
    stream: StreamName,
    values: Sequence[bytes],
    batch_size: int = 256,
    engine: Engine | None = None,
) -> dict[str, int]:
    """Event id -> number of vault entries, for the events a clean run sanitizes (by `engine`,
    else one made for the call)."""
    engine = engine or Engine(config, secrets, MemoryKeyStore())
    counts: dict[str, int] = {}
    for start in range(0, len(values), batch_size):
        for outcome in engine.process(stream, values[start : start + batch_size]):
            if isinstance(outcome, Sanitized):
                counts[outcome.event_id] = len(outcome.vault)
    return counts


async def committed_inputs(settings: StreamSettings) -> int:
    """Raw records whose offsets the group has committed, over every stream's raw topic."""
    admin = clients.admin(settings, client_id="pii-pipeline-audit")
    await admin.start()
    try:
        # On a fresh broker the offsets topic (and so the group coordinator) appears with the
        # first group: until then the coordinator is "not available", which means nothing
        # committed yet, not an error.
        for attempt in range(COORDINATOR_ATTEMPTS):
            try:
                offsets = await admin.list_consumer_group_offsets(settings.consumer_group)
                break
            except CoordinatorNotAvailableError:
                if attempt == COORDINATOR_ATTEMPTS - 1:
                    raise
                await asyncio.sleep(0.5)
    finally:
        await admin.close()
    raw = {settings.raw(stream) for stream in settings.streams}
    return sum(max(0, meta.offset) for tp, meta in offsets.items() if tp.topic in raw)


def _event_id(message: Message) -> str | None:
    try:
        data = message.json()
    except ValueError:
        return None
    event_id = data.get("event_id") if isinstance(data, dict) else None
    return event_id if isinstance(event_id, str) else None


def _source(message: Message) -> tuple[str, int, int] | None:
    h = message.headers
    try:
        return (
            h["source_topic"].decode(),
            int(h["source_partition"]),
            int(h["source_offset"]),
        )
    except (KeyError, ValueError):
        return None


@dataclass(frozen=True)
class Read:
    """One stream's committed records (see `audit`)."""

    raw: list[Message]
    sanitized: list[Message]
    dead: list[Message]


async def audit(
    settings: StreamSettings,
    expected: dict[str, int] | None = None,
    output_id: Callable[[str], str] | None = None,
) -> Audit:
    """Read the raw, sanitized, dead-letter and vault topics and count what is wrong.

    `output_id` maps a raw event id to the id its outputs carry: the engine replaces an id that
    is not safe to show by a keyed token (`Processor.output_event_id`); without it, such an
    event counts as a gap and its output as unknown."""

    async def read(topic: str) -> list[Message]:
        return await read_topic(settings, topic, timeout_s=READ_TIMEOUT_S)

    streams = [
        Read(
            await read(settings.raw(stream)),
            await read(settings.sanitized(stream)),
            await read(settings.dlq(stream)),
        )
        for stream in settings.streams
    ]
    return tally(streams, await read(settings.vault_topic), expected, output_id)


def tally(
    streams: Sequence[Read],
    vault_records: Sequence[Message],
    expected: dict[str, int] | None = None,
    output_id: Callable[[str], str] | None = None,
) -> Audit:
    """The audit's counts over records already read. Only counts leave this function: the raw
    ids are compared here and never named."""
    # Input events by (output) id (raw records are keyed by event id); a record without one is
    # identified by its position, as its dead letter names it.
    inputs: dict[str, str | tuple[str, int, int]] = {}
    by_position: dict[tuple[str, int, int], str] = {}
    outputs: Counter[str] = Counter()
    sanitized_events: Counter[str] = Counter()
    unknown = dead_total = sanitized_total = 0
    for read in streams:
        for m in read.raw:
            position = (m.topic, m.partition, m.offset)
            raw_id = _event_id(m)
            if raw_id is not None and output_id is not None:
                raw_id = output_id(raw_id)
            ident = raw_id or f"@{m.topic}/{m.partition}/{m.offset}"
            inputs[ident] = position
            by_position[position] = ident
        for m in read.sanitized:
            sanitized_total += 1
            event_id = _event_id(m)
            if event_id is None or event_id not in inputs:
                unknown += 1
                continue
            outputs[event_id] += 1
            sanitized_events[event_id] += 1
        for m in read.dead:
            dead_total += 1
            source = _source(m)
            origin = by_position.get(source) if source is not None else None
            if origin is None:
                unknown += 1
                continue
            outputs[origin] += 1

    vault: Counter[str] = Counter()
    for m in vault_records:
        event_id = json.loads(m.value or b"{}").get("event_id")
        vault[str(event_id)] += 1

    result: dict[str, Any] = {
        "inputs": len(inputs),
        "outputs": sanitized_total + dead_total,
        "sanitized": sanitized_total,
        "dead_letters": dead_total,
        "duplicates": sum(n - 1 for n in outputs.values() if n > 1),
        "duplicated_events": sum(1 for n in outputs.values() if n > 1),
        "gaps": sum(1 for ident in inputs if outputs[ident] == 0),
        "unknown_outputs": unknown,
        "vault_entries": sum(vault.values()),
        "orphan_vault": sum(n for e, n in vault.items() if e not in sanitized_events),
    }
    if expected is not None:
        missing = extra = events_missing = events_extra = 0
        for event_id in sanitized_events:
            want, got = expected.get(event_id, 0), vault.get(event_id, 0)
            if got < want:
                events_missing += 1
                missing += want - got
            elif got > want:
                events_extra += 1
                extra += got - want
        result |= {
            "expected_vault": sum(expected.values()),
            "events_missing_vault": events_missing,
            "events_extra_vault": events_extra,
            "vault_missing": missing,
            "vault_extra": extra,
            "outcome_mismatch": len(set(sanitized_events) ^ set(expected)),
        }
    return Audit(**result)
