"""Subject access and master-key rotation on the broker's vault (`pii.vault`, `pii.vault.keys`).

Subject access reads only the partition of `pii.vault` the subject's token is hashed to (entries
are keyed by the token, with the producers' default partitioner), decrypts that subject's
entries with the keys of `pii.vault.keys`, and writes one `control.audit` record without values
or token. Rotation reads `pii.vault.keys` to its end and writes each live key again, wrapped
under the new master key, under the same record key (compaction drops the old wrapping). It is
idempotent (keys that already unwrap with the new master are skipped) and so resumable. A key
destroyed while the rotation runs must stay destroyed: after writing, the topic is read again
and any key whose tombstone arrived before its rewrapped copy is tombstoned once more.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

from aiokafka import TopicPartition
from aiokafka.partitioner import DefaultPartitioner

from pipeline.errors import VaultError
from pipeline.outcome import VaultEntry
from pipeline.streaming.kafka import clients
from pipeline.streaming.kafka.io import Message, partitions_of, read_topic
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker.keystore import KafkaKeyStore, open_entry
from pipeline.vault.files import Access, access_line
from pipeline.vault.keys import WrappedKey
from pipeline.vault.rotation import check_masters, rewrap

READ_TIMEOUT_S = 120.0


async def _partition_of(settings: StreamSettings, topic: str, key: bytes) -> TopicPartition:
    consumer = clients.consumer(settings, client_id="pii-pipeline-vault-meta")
    try:
        await consumer.start()
        tps = await partitions_of(consumer, topic)
    finally:
        await consumer.stop()
    numbers = [tp.partition for tp in tps]
    return TopicPartition(topic, DefaultPartitioner()(key, numbers, numbers))


async def _read_partition(settings: StreamSettings, tp: TopicPartition) -> list[Any]:
    consumer = clients.consumer(settings, client_id="pii-pipeline-vault-show")
    try:
        await consumer.start()
        consumer.assign([tp])
        await consumer.seek_to_beginning(tp)
        end = (await consumer.end_offsets([tp]))[tp]
        records: list[Any] = []
        loop = asyncio.get_running_loop()
        deadline = loop.time() + READ_TIMEOUT_S
        while await consumer.position(tp) < end:
            if loop.time() > deadline:
                raise VaultError(f"{tp.topic} partition {tp.partition} not read in time")
            batch = await consumer.getmany(tp, timeout_ms=500)
            records.extend(batch.get(tp, []))
        return records
    finally:
        await consumer.stop()


async def show_subject(settings: StreamSettings, master_key: bytes, subject: str) -> Access:
    """Every vault entry of `subject` (a token), decrypted."""
    store = KafkaKeyStore(settings, writable=False)
    try:
        await store.start()
        tp = await _partition_of(settings, settings.vault_topic, subject.encode())
        out: list[dict[str, Any]] = []
        unreadable = 0
        for record in await _read_partition(settings, tp):
            if record.key != subject.encode() or record.value is None:
                continue
            entry = VaultEntry(**json.loads(record.value))
            try:
                value = open_entry(master_key, store, entry)
            except VaultError:
                unreadable += 1
                continue
            out.append(access_line(entry, value))
        return Access(out, unreadable)
    finally:
        await store.stop()


async def write_audit(settings: StreamSettings, record: dict[str, Any]) -> None:
    """One record on `control.audit` (acks=all)."""
    producer = clients.producer(settings, client_id="pii-pipeline-vault-audit")
    try:
        await producer.start()
        await producer.send_and_wait(settings.audit_topic, json.dumps(record).encode())
    finally:
        await producer.stop()


@dataclass
class RotationReport:
    """Counts of one rotation run."""

    rewrapped: int = 0
    done: int = 0  # already under the new master key
    failed: int = 0  # unwrapped by neither key
    re_destroyed: int = 0  # destroyed during the run; the tombstone was written again
    failed_keys: list[str] = field(default_factory=list)  # `subject/key_id` (tokens only)

    def to_json(self) -> dict[str, Any]:
        """Counts as JSON (keys that failed are named by token and key id)."""
        return {
            "rewrapped": self.rewrapped,
            "done": self.done,
            "failed": self.failed,
            "re_destroyed": self.re_destroyed,
        }


def _live(records: list[Message]) -> tuple[dict[bytes, tuple[int, WrappedKey]], dict[bytes, int]]:
    """Latest live key per record key (with its offset), and the offset of the last tombstone."""
    live: dict[bytes, tuple[int, WrappedKey]] = {}
    tombstones: dict[bytes, int] = {}
    for m in records:
        if m.key is None:
            continue
        if m.value is None:
            live.pop(m.key, None)
            tombstones[m.key] = m.offset
            continue
        try:
            live[m.key] = (m.offset, WrappedKey.from_json(json.loads(m.value)))
        except (ValueError, KeyError, TypeError):
            continue
    return live, tombstones


async def rotate(settings: StreamSettings, old_master: bytes, new_master: bytes) -> RotationReport:
    """Rewrap every live data key of `pii.vault.keys` under `new_master`."""
    check_masters(old_master, new_master)
    topic = settings.vault_keys_topic
    live, _ = _live(await read_topic(settings, topic, timeout_s=READ_TIMEOUT_S))
    report = RotationReport()
    producer = clients.producer(settings, client_id="pii-pipeline-rotate")
    try:
        await producer.start()
        written: dict[bytes, int] = {}
        for key, (_, wrapped) in live.items():
            result = rewrap(old_master, new_master, wrapped)
            if result.status == "rewrapped":
                value = json.dumps(result.key.to_json()).encode()
                meta = await (await producer.send(topic, key=key, value=value))
                written[key] = meta.offset
                report.rewrapped += 1
            elif result.status == "done":
                report.done += 1
            else:
                report.failed += 1
                report.failed_keys.append(key.decode())
        await producer.flush()
        # A tombstone that landed between the first read and our write was overtaken by it.
        _, tombstones = _live(await read_topic(settings, topic, timeout_s=READ_TIMEOUT_S))
        for key, offset in written.items():
            if tombstones.get(key, -1) > live[key][0] and tombstones[key] < offset:
                await (await producer.send(topic, key=key, value=None))
                report.re_destroyed += 1
        await producer.flush()
    finally:
        await producer.stop()
    return report
