"""The key store's writes: a key this store queued comes back from the topic unchanged and is
not decoded again, every other record is, as before (broker-free: records built by hand,
`_apply` called as the mirror calls it); `flush` sends record batches (on the broker)."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, replace

import pytest

from pipeline.streaming.kafka.io import read_topic
from pipeline.streaming.kafka.topics import ensure_topics
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker.keystore import KafkaKeyStore, record_key
from pipeline.vault.keys import WrappedKey
from tests.streaming.conftest import SettingsFactory


@dataclass
class Record:
    key: bytes | None
    value: bytes | None
    offset: int = 0


def wrapped(subject: str, key_id: str, nonce: bytes = b"n" * 12) -> WrappedKey:
    return WrappedKey(subject, key_id, "master-1", nonce, b"w" * 32)


def record_of(key: WrappedKey) -> Record:
    return Record(record_key(key.subject, key.key_id), json.dumps(key.to_json()).encode())


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The subjects of the key records `_apply` decoded."""
    seen: list[str] = []
    original = WrappedKey.from_json.__func__  # type: ignore[attr-defined]

    def counting(cls: type[WrappedKey], data: dict[str, str]) -> WrappedKey:
        seen.append(data["subject"])
        return original(cls, data)

    monkeypatch.setattr(WrappedKey, "from_json", classmethod(counting))
    return seen


def test_the_round_trip_the_skip_relies_on() -> None:
    key = wrapped("alice", "k1")
    assert WrappedKey.from_json(json.loads(json.dumps(key.to_json()))) == key


# (what happens before the key's own record comes back, decoded?, known after, journalled)
ROWS = [
    ("nothing", False, True, 0),  # our write, echoed: skipped, nothing changes
    ("destroyed", True, True, 1),  # forgotten since: the echo makes it known again, as before
    ("rewrapped", True, True, 1),  # another writer's value under the same record key
    ("twice", False, True, 0),  # queued twice (not possible in practice): the last write
]


@pytest.mark.parametrize(("meanwhile", "is_decoded", "known", "journalled"), ROWS)
def test_an_own_write_comes_back(
    decoded: list[str], meanwhile: str, is_decoded: bool, known: bool, journalled: int
) -> None:
    store = KafkaKeyStore(StreamSettings())
    key = wrapped("alice", "k1")
    store.save(key)
    echo = record_of(key)
    if meanwhile == "destroyed":
        store.destroy("alice")
    elif meanwhile == "rewrapped":
        echo = record_of(replace(key, master_id="master-2"))
    elif meanwhile == "twice":
        store.save(key)
    store._apply([echo])
    assert decoded == (["alice"] if is_decoded else [])
    assert (store.key("alice", "k1") is not None) == known
    changes, _ = store.changes_since(0)
    assert len(changes) == journalled
    if meanwhile == "rewrapped":
        held = store.key("alice", "k1")
        assert held is not None and held.master_id == "master-2"


def test_other_writers_keys_and_tombstones_are_applied_as_before(decoded: list[str]) -> None:
    store = KafkaKeyStore(StreamSettings())
    mine, theirs = wrapped("alice", "k1"), wrapped("bob", "k2")
    store.save(mine)
    store._apply([record_of(theirs), record_of(mine), Record(record_key("bob", "k2"), None)])
    assert decoded == ["bob"]
    assert store.key("alice", "k1") == mine and store.key("bob", "k2") is None
    changes, _ = store.changes_since(0)
    assert changes == [("bob", "k2", theirs), ("bob", "k2", None)]
    # Seen once: a second copy of our record (a replay) is decoded like anyone's.
    store._apply([record_of(mine)])
    assert decoded == ["bob", "alice"]
    assert store.changes_since(0)[0] == changes  # the same key: still no change


def test_a_refused_subjects_key_is_not_written_nor_remembered(decoded: list[str]) -> None:
    store = KafkaKeyStore(StreamSettings(), refuse=lambda subject: subject == "alice")
    key = wrapped("alice", "k1")
    store.save(key)
    assert store.pending == 0
    store._apply([record_of(key)])
    assert decoded == ["alice"]


@pytest.mark.kafka
@pytest.mark.timeout(60)
def test_flushed_keys_and_tombstones_are_all_on_the_topic(
    stream_settings: SettingsFactory,
) -> None:
    """`flush` sends record batches: every key and tombstone is on the topic once, and another
    store reads them all."""
    settings = stream_settings()

    async def run() -> None:
        await ensure_topics(settings)
        writer = KafkaKeyStore(settings)
        await writer.start()
        try:
            keys = [wrapped(f"subject-{i}", f"k{i}") for i in range(40)]
            for key in keys:
                writer.save(key)
            writer.destroy("subject-3")
            assert writer.pending == 41
            await writer.flush()
            assert writer.pending == 0
        finally:
            await writer.stop()
        records = await read_topic(settings, settings.vault_keys_topic)
        names = [record_key(k.subject, k.key_id) for k in keys]
        assert sorted(m.key or b"" for m in records) == sorted([*names, names[3]])
        tombstones = [m.key for m in records if m.value is None]
        assert tombstones == [names[3]]
        reader = KafkaKeyStore(settings, writable=False)
        await reader.start()
        try:
            assert len(reader) == 39 and reader.key("subject-3", "k3") is None
            assert reader.key("subject-7", "k7") == keys[7]
        finally:
            await reader.stop()

    asyncio.run(run())
