"""The test broker is a real Kafka: records, consumer groups and transactions go through it.

Both clients are exercised: kafka-python (tests' own admin and checks, the demo) and aiokafka (the
pipeline). The transaction tests are the contract the exactly-once path relies on: a committed
transaction's records and consumer offsets appear together, an aborted one's never reach a
read_committed reader - while a read_uncommitted reader does see them, so the isolation level is
what hides them.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka import ConsumerRecord as AIOConsumerRecord
from kafka import KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient
from kafka.consumer.fetcher import ConsumerRecord

from tests.broker import TopicFactory

pytestmark = pytest.mark.kafka

DEADLINE_S = 30.0


def test_bootstrap_address_answers_as_a_kafka_cluster_with_an_active_controller(
    kafka_bootstrap: str, kafka_admin: KafkaAdminClient
) -> None:
    cluster = kafka_admin.describe_cluster()

    assert cluster["cluster_id"]
    broker_ids = {broker["broker_id"] for broker in cluster["brokers"]}
    assert cluster["controller_id"] in broker_ids
    bootstrap_port = int(kafka_bootstrap.split(",")[0].rpartition(":")[2])
    assert bootstrap_port in {broker["port"] for broker in cluster["brokers"]}


def test_kafka_python_roundtrip_keeps_keys_values_headers_and_order(
    kafka_bootstrap: str, unique_topic: TopicFactory
) -> None:
    topic = unique_topic(partitions=1)
    sent = [(f"caller-{i % 3}".encode(), f'{{"seq": {i}}}'.encode()) for i in range(20)]

    producer = KafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    try:
        for key, value in sent:
            producer.send(topic, key=key, value=value, headers=[("source", b"test")])
        producer.flush(timeout=DEADLINE_S)
    finally:
        producer.close()

    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=kafka_bootstrap,
        group_id=f"{topic}.group",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    received: list[ConsumerRecord] = []
    try:
        deadline = time.monotonic() + DEADLINE_S
        while len(received) < len(sent) and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=500).values():
                received.extend(records)
        consumer.commit()
    finally:
        consumer.close()

    assert [(r.key, r.value) for r in received] == sent
    assert {tuple(r.headers) for r in received} == {(("source", b"test"),)}


def test_aiokafka_roundtrip_keeps_keys_values_and_order_per_partition(
    kafka_bootstrap: str, unique_topic: TopicFactory
) -> None:
    topic = unique_topic(partitions=3)
    sent = [(f"caller-{i % 4}".encode(), f"event-{i}".encode()) for i in range(30)]

    async def roundtrip() -> list[tuple[bytes | None, bytes | None]]:
        producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
        await producer.start()
        try:
            for key, value in sent:
                await producer.send(topic, key=key, value=value)
            await producer.flush()
        finally:
            await producer.stop()
        consumer = AIOKafkaConsumer(
            topic,
            bootstrap_servers=kafka_bootstrap,
            group_id=f"{topic}.group",
            auto_offset_reset="earliest",
            enable_auto_commit=False,
        )
        await consumer.start()
        received: list[AIOConsumerRecord[bytes, bytes]] = []
        try:
            deadline = time.monotonic() + DEADLINE_S
            while len(received) < len(sent) and time.monotonic() < deadline:
                batches = await consumer.getmany(timeout_ms=500)
                received.extend(r for records in batches.values() for r in records)
            await consumer.commit()
        finally:
            await consumer.stop()
        return [(r.key, r.value) for r in received]

    received = asyncio.run(roundtrip())

    assert sorted(received) == sorted(sent)
    # Same key -> same partition -> the order of one caller's events is kept.
    for caller in {key for key, _ in sent}:
        assert [v for k, v in received if k == caller] == [v for k, v in sent if k == caller]


# --------------------------------------------------------------------------- transactions

COMMITTED = [b"committed-0", b"committed-1", b"committed-2", b"committed-3"]
ABORTED = [b"aborted-0", b"aborted-1"]


async def _consume_transform_produce(bootstrap: str, source: str, sink: str, group: str) -> None:
    """Read 4 input records; write them to `sink` with the input offsets in one committed
    transaction; then write 2 more records and a later offset in a transaction that is aborted."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for i in range(6):
            await producer.send(source, value=f"input-{i}".encode(), partition=0)
        await producer.flush()
    finally:
        await producer.stop()

    source_tp = TopicPartition(source, 0)
    transactional = AIOKafkaProducer(
        bootstrap_servers=bootstrap, transactional_id=f"{group}.txn", acks="all"
    )
    await transactional.start()
    try:
        await transactional.begin_transaction()
        for i, value in enumerate(COMMITTED):
            await transactional.send(sink, value=value, partition=i % 2)
        await transactional.send_offsets_to_transaction({source_tp: 4}, group)
        await transactional.commit_transaction()

        await transactional.begin_transaction()
        for i, value in enumerate(ABORTED):
            await transactional.send(sink, value=value, partition=i % 2)
        await transactional.send_offsets_to_transaction({source_tp: 6}, group)
        await transactional.abort_transaction()
    finally:
        await transactional.stop()


async def _read_to_end(
    bootstrap: str, topic: str, partitions: int, isolation_level: str
) -> list[bytes]:
    """Every record of `topic` up to its current end, as a reader with `isolation_level` sees it."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, isolation_level=isolation_level, enable_auto_commit=False
    )
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in range(partitions)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        end = await consumer.end_offsets(tps)
        values: list[bytes] = []
        deadline = time.monotonic() + DEADLINE_S
        while [tp for tp in tps if await consumer.position(tp) < end[tp]]:
            assert time.monotonic() < deadline, f"{topic} not read to its end in {DEADLINE_S} s"
            batches = await consumer.getmany(*tps, timeout_ms=500)
            values.extend(r.value for records in batches.values() for r in records if r.value)
        return values
    finally:
        await consumer.stop()


async def _committed_offset(bootstrap: str, group: str, tp: TopicPartition) -> int | None:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group)
    await consumer.start()
    try:
        offset: int | None = await consumer.committed(tp)
        return offset
    finally:
        await consumer.stop()


def test_read_committed_sees_committed_transaction_and_not_aborted_one(
    kafka_bootstrap: str, unique_topic: TopicFactory
) -> None:
    source, sink = unique_topic(partitions=1), unique_topic(partitions=2)
    group = f"{source}.group"

    async def run() -> list[bytes]:
        await _consume_transform_produce(kafka_bootstrap, source, sink, group)
        return await _read_to_end(kafka_bootstrap, sink, 2, "read_committed")

    seen = asyncio.run(run())

    assert sorted(seen) == COMMITTED


def test_read_uncommitted_sees_aborted_records_so_isolation_is_what_hides_them(
    kafka_bootstrap: str, unique_topic: TopicFactory
) -> None:
    source, sink = unique_topic(partitions=1), unique_topic(partitions=2)
    group = f"{source}.group"

    async def run() -> list[bytes]:
        await _consume_transform_produce(kafka_bootstrap, source, sink, group)
        return await _read_to_end(kafka_bootstrap, sink, 2, "read_uncommitted")

    seen = asyncio.run(run())

    assert sorted(seen) == sorted(COMMITTED + ABORTED)


def test_offsets_sent_in_a_transaction_commit_with_it_and_not_when_aborted(
    kafka_bootstrap: str, unique_topic: TopicFactory
) -> None:
    source, sink = unique_topic(partitions=1), unique_topic(partitions=2)
    group = f"{source}.group"

    async def run() -> int | None:
        await _consume_transform_produce(kafka_bootstrap, source, sink, group)
        return await _committed_offset(kafka_bootstrap, group, TopicPartition(source, 0))

    # 4 came with the committed transaction; the aborted one's 6 must not have moved it.
    assert asyncio.run(run()) == 4
