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
