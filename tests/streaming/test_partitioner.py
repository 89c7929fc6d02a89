"""The output partitioner puts a key where aiokafka's default partitioner (and Java's) would
(broker-free)."""

from __future__ import annotations

import random

from aiokafka.partitioner import DefaultPartitioner
from aiokafka.partitioner import murmur2 as aiokafka_murmur2

from pipeline.streaming.kafka.batches import Partitioner, murmur2


def test_murmur2_equals_aiokafkas_for_every_tail_length() -> None:
    rng = random.Random(7)
    for length in range(70):
        for _ in range(40):
            key = rng.randbytes(length)
            assert murmur2(key) == aiokafka_murmur2(key), (length, key.hex())


def test_java_clients_murmur2_of_known_keys() -> None:
    # Values of org.apache.kafka.common.utils.Utils.murmur2 (its UtilsTest), as unsigned ints.
    assert murmur2(b"21") & 0xFFFFFFFF == (-973932308) & 0xFFFFFFFF
    assert murmur2(b"foobar") & 0xFFFFFFFF == (-790332482) & 0xFFFFFFFF


def test_a_key_lands_where_the_default_partitioner_puts_it_also_from_the_kept_hashes() -> None:
    rng = random.Random(11)
    ours, theirs = Partitioner(), DefaultPartitioner()
    keys = [rng.randbytes(rng.randrange(1, 48)) for _ in range(300)]
    for partitions in ([0, 1, 2], [0, 1, 2, 3, 4, 5, 6], [0]):
        for key in keys + keys:  # the second time from the kept hashes
            assert ours(key, partitions, partitions) == theirs(key, partitions, partitions)


def test_no_key_goes_to_an_available_partition() -> None:
    ours = Partitioner()
    assert {ours(None, [0, 1, 2], [2]) for _ in range(20)} == {2}
