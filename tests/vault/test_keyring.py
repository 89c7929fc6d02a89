"""KeyRing: the data key a subject's entries are sealed under is the one the store holds."""

from __future__ import annotations

import os

from pipeline.vault.cipher import VaultCipher
from pipeline.vault.keys import KeyRing, MemoryKeyStore, WrappedKey


class _OtherWriterWins(MemoryKeyStore):
    """A store where another writer saved a key for the subject first."""

    def __init__(self, winner: WrappedKey) -> None:
        super().__init__()
        self.winner = winner

    def save(self, key: WrappedKey) -> None:
        super().save(self.winner)


def test_a_new_key_seals_entries_that_open_from_the_store_alone() -> None:
    master = os.urandom(32)
    store = MemoryKeyStore()
    entry = VaultCipher(KeyRing(master, store)).seal("s1", "EMAIL_ADDRESS", "$.e", "ev", "a@b.c")
    # a fresh key ring (another process) has only the store and the master key
    assert VaultCipher(KeyRing(master, store)).open(entry) == "a@b.c"


def test_the_key_another_writer_stored_first_is_used() -> None:
    master = os.urandom(32)
    winner_ring = KeyRing(master, MemoryKeyStore())
    winner_id, winner_key = winner_ring.data_key("s1")
    stored = winner_ring._store.load("s1")
    assert stored is not None
    ring = KeyRing(master, _OtherWriterWins(stored))
    assert ring.data_key("s1") == (winner_id, winner_key)


def test_the_ring_keeps_the_ciphers_of_its_most_recent_subjects_only() -> None:
    ring = KeyRing(os.urandom(32), MemoryKeyStore(), aead_limit=3)
    first = ring.aead("s0")
    for n in range(1, 10):
        ring.aead(f"s{n}")
        assert ring.aead("s0") is first  # used every time: never the least recent
        assert len(ring._aeads) <= 3
    assert list(ring._aeads) == ["s8", "s9", "s0"]


def test_a_cipher_evicted_and_rebuilt_seals_under_the_same_key_and_opens_the_old_entries() -> None:
    master = os.urandom(32)
    store = MemoryKeyStore()
    ring = KeyRing(master, store, aead_limit=2)
    cipher = VaultCipher(ring)
    before = cipher.seal("s1", "EMAIL_ADDRESS", "$.e", "ev1", "a@b.c")
    stored = store.load("s1")
    evicted = ring.aead("s1")[1]
    for n in range(2, 6):  # other subjects push s1's cipher out
        cipher.seal(f"s{n}", "EMAIL_ADDRESS", "$.e", "ev1", "x@y.z")
    assert "s1" not in ring._aeads
    after = cipher.seal("s1", "PHONE_NUMBER", "$.p", "ev2", "+1 212 555 0100")
    assert ring.aead("s1")[1] is not evicted  # rebuilt
    assert after.key_id == before.key_id
    assert store.load("s1") == stored  # no new key was made for the subject
    assert cipher.open(before) == "a@b.c"
    assert cipher.open(after) == "+1 212 555 0100"
    assert VaultCipher(KeyRing(master, store)).open(after) == "+1 212 555 0100"


def test_a_cipher_dropped_after_its_key_was_destroyed_is_not_rebuilt_from_it() -> None:
    store = MemoryKeyStore()
    ring = KeyRing(os.urandom(32), store, aead_limit=2)
    old_id = ring.aead("s1")[0]
    ring.forget("s1")
    assert "s1" not in ring._aeads
    assert ring.aead("s1")[0] != old_id  # a new key, not the destroyed one
