"""The key store's journal of changes read from the topic is trimmed once every reader
(`follow`) has taken them; a reader still gets each change once, in order, and a fresh reader
after a trim gets the live keys (broker-free: records built by hand, `_apply` called as the
mirror calls it)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from pipeline.errors import VaultError
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker.engine_process import ShadowKeyStore
from pipeline.streaming.worker.keystore import KafkaKeyStore, KeyChange, record_key
from pipeline.vault.keys import WrappedKey


@dataclass
class Record:
    key: bytes | None
    value: bytes | None
    offset: int = 0


def wrapped(subject: str, key_id: str) -> WrappedKey:
    return WrappedKey(subject, key_id, "master-1", b"n" * 12, b"w" * 32)


def key_record(key: WrappedKey) -> Record:
    return Record(record_key(key.subject, key.key_id), json.dumps(key.to_json()).encode())


def tombstone(subject: str, key_id: str) -> Record:
    return Record(record_key(subject, key_id), None)


def take(store: KafkaKeyStore, seen: int, reader: int) -> tuple[list[KeyChange], int]:
    return store.changes_since(seen, reader)


def test_trimmed_once_every_reader_has_taken_it() -> None:
    store = KafkaKeyStore(StreamSettings())
    a, b = store.follow(), store.follow()
    store._apply([key_record(wrapped(f"s{i}", "k")) for i in range(10)])
    changes_a, seen_a = take(store, 0, a)
    assert len(changes_a) == 10 and seen_a == 10
    take(store, seen_a, a)  # a has them all, b none: all kept
    assert store.journal_length == 10
    changes_b, seen_b = take(store, 0, b)
    assert changes_b == changes_a
    take(store, seen_b, b)  # both past all ten
    assert store.journal_length == 0
    # Positions go on counting from where they were: later changes reach both, once.
    store._apply([key_record(wrapped("s10", "k")), tombstone("s0", "k")])
    later_a, seen_a = take(store, seen_a, a)
    later_b, seen_b = take(store, seen_b, b)
    assert later_a == later_b == [("s10", "k", wrapped("s10", "k")), ("s0", "k", None)]
    assert seen_a == seen_b == 12
    assert take(store, seen_a, a)[0] == []


def test_a_slow_reader_holds_what_it_has_not_taken() -> None:
    store = KafkaKeyStore(StreamSettings())
    fast, slow = store.follow(), store.follow()
    seen_fast = seen_slow = 0
    for i in range(20):
        store._apply([key_record(wrapped(f"s{i}", "k"))])
        _, seen_fast = take(store, seen_fast, fast)
        take(store, seen_fast, fast)
        if i == 9:
            got, seen_slow = take(store, seen_slow, slow)
            assert [c[0] for c in got] == [f"s{j}" for j in range(10)]
            take(store, seen_slow, slow)
    assert store.journal_length == 10  # the ten the slow reader has not taken
    got, seen_slow = take(store, seen_slow, slow)
    assert [c[0] for c in got] == [f"s{j}" for j in range(10, 20)]


def test_an_unfollowed_reader_no_longer_holds_the_journal() -> None:
    store = KafkaKeyStore(StreamSettings())
    active, gone = store.follow(), store.follow()
    store._apply([key_record(wrapped(f"s{i}", "k")) for i in range(4)])
    _, seen = take(store, 0, active)
    take(store, seen, active)
    assert store.journal_length == 4
    store.unfollow(gone)
    take(store, seen, active)
    assert store.journal_length == 0


def test_without_readers_nothing_is_trimmed() -> None:
    store = KafkaKeyStore(StreamSettings())
    store._apply([key_record(wrapped(f"s{i}", "k")) for i in range(3)])
    _, seen = store.changes_since(0)
    store.changes_since(seen)
    assert store.journal_length == 3 and len(store.changes_since(0)[0]) == 3


def test_a_fresh_reader_after_a_trim_gets_the_live_keys() -> None:
    store = KafkaKeyStore(StreamSettings())
    first = store.follow()
    store._apply([key_record(wrapped(s, "k")) for s in ("alice", "bob", "carol")])
    store._apply([tombstone("bob", "k")])
    _, seen = take(store, 0, first)
    take(store, seen, first)
    assert store.journal_length == 0
    fresh = store.follow()
    changes, count = take(store, 0, fresh)
    assert count == seen
    shadow = ShadowKeyStore()
    shadow.apply(changes)
    assert shadow.load("alice") == wrapped("alice", "k") and shadow.load("carol") is not None
    assert shadow.load("bob") is None  # destroyed before it came: never there


def test_a_reader_behind_a_trim_is_refused() -> None:
    store = KafkaKeyStore(StreamSettings())
    reader = store.follow()
    store._apply([key_record(wrapped(f"s{i}", "k")) for i in range(4)])
    _, seen = take(store, 0, reader)
    take(store, seen, reader)
    with pytest.raises(VaultError):
        store.changes_since(2)  # its tombstones may be gone: refused, not a partial answer
