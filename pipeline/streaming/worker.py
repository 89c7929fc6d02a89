"""The worker: consume raw records, process them, produce the results - exactly once.

Each assigned raw partition gets its own transactional producer with the id
`<group>.<topic>.<partition>`. A batch of one partition is processed off the event loop, then
its sanitized records, vault entries, dead letters and the next input offset go out in one
transaction: a `read_committed` reader sees all of them or none.

Why per-partition ids (the Kafka Streams "EOS v1" scheme) and not one producer per worker with
KIP-447 group fencing: aiokafka 0.14 sends TxnOffsetCommit v0, without generation and member id,
so the broker cannot fence a zombie by group generation. A per-partition id is fenced by the id
itself: when a partition moves, the new owner's `init_transactions` bumps the epoch, aborts the
old owner's open transaction (or completes one already prepared) and refuses the old owner's
later sends. The new owner reads the committed offset only after that (aiokafka fetches it
before our assignment callback runs, so we fetch it again), so it starts exactly after the last
committed batch.

Throughput: per fetch, the batches of one stream's partitions go through the engine together
(one call of up to `batch_size` records, so the model sees larger batches), and while the engine
works on the next call the transactions of the batches already processed are committed, each
partition's in order (a batch's commit waits for the previous batch of its partition and is
dropped if that one failed). Output records are appended to record batches per topic partition
(`send_batch`) instead of one `send()` each, with the producer's own partitioner, so keys land
where `send()` would put them. New vault data keys are flushed (acks=all) while the records are
sent, and every transaction commits only after that flush.

Rebalances: a fetch holds a lock from processing to its last commit; revocation takes the same
lock, so a partition is handed over only between fetches, and its producer is closed before the
group moves on. Records fetched for a partition we no longer own are dropped. A failed transaction is
aborted and the partition rewound to the batch's first offset; a fenced producer is fatal (crash
and restart is the recovery: the state lives in Kafka).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.abc import ConsumerRebalanceListener
from aiokafka.errors import KafkaError, ProducerFenced
from aiokafka.partitioner import DefaultPartitioner

from pipeline.config.loader import LoadedConfig, load_config
from pipeline.engine import Engine
from pipeline.errors import BrokerError
from pipeline.outcome import StreamName
from pipeline.secrets import Secrets
from pipeline.streaming.keystore import KafkaKeyStore
from pipeline.streaming.metrics import WorkerMetrics
from pipeline.streaming.routing import OutRecord, Routed, route_many
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.topics import ensure_topics

log = logging.getLogger(__name__)

# Room for record overhead above the largest record the topics accept.
REQUEST_OVERHEAD_BYTES = 64 * 1024
# Record batches the worker builds (one or more per output partition and transaction).
BATCH_BYTES = 512 * 1024


def _names(tps: set[TopicPartition]) -> str:
    return ", ".join(f"{tp.topic}[{tp.partition}]" for tp in sorted(tps)) or "nothing"


def transactional_id(group_id: str, tp: TopicPartition) -> str:
    """Stable per input partition, so a partition's new owner fences its old one."""
    return f"{group_id}.{tp.topic}.{tp.partition}"


_PARTITIONER = DefaultPartitioner()


async def _send_batched(producer: AIOKafkaProducer, records: list[OutRecord]) -> list[Any]:
    """Send `records` as one record batch per topic partition (futures of the batches).

    Cheaper than a `send()` per record (the per-record cost of aiokafka is mostly Python), with
    the partition chosen by the producer's own default partitioner, so a key lands where
    `send()` would put it (one subject's vault entries in one partition).
    """
    groups: dict[tuple[str, int], list[OutRecord]] = {}
    for out in records:
        topic_partitions = producer.client.cluster.partitions_for_topic(out.topic)
        if not topic_partitions:
            await producer.client._wait_on_metadata(out.topic)
            topic_partitions = producer.client.cluster.partitions_for_topic(out.topic)
        all_partitions = sorted(topic_partitions)
        available = list(producer.client.cluster.available_partitions_for_topic(out.topic))
        partition = _PARTITIONER(out.key, all_partitions, available)
        groups.setdefault((out.topic, partition), []).append(out)
    futures = []
    for (topic, partition), outs in groups.items():
        batch = producer.create_batch()
        for out in outs:
            if batch.append(key=out.key, value=out.value, timestamp=None, headers=out.headers):
                continue
            futures.append(await _submit(producer, batch, topic, partition))
            batch = producer.create_batch()
            if batch.append(key=out.key, value=out.value, timestamp=None, headers=out.headers):
                continue
            # Larger than a batch: the ordinary path handles it (max_request_size applies).
            futures.append(
                await producer.send(
                    topic, key=out.key, value=out.value, partition=partition, headers=out.headers
                )
            )
        if batch.record_count():
            futures.append(await _submit(producer, batch, topic, partition))
    return futures


async def _submit(producer: AIOKafkaProducer, batch: Any, topic: str, partition: int) -> Any:
    batch.close()  # nothing else may be appended to it (an open batch takes `send()` records)
    return await producer.send_batch(batch, topic, partition=partition)


class _Listener(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, worker: Worker) -> None:
        self._worker = worker

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        await self._worker._revoke(revoked)

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        await self._worker._assign(assigned)


class Worker:
    """One member of the consumer group; `run(stop)` until `stop` is set."""

    def __init__(
        self,
        settings: StreamSettings,
        engine: Engine,
        key_store: KafkaKeyStore,
        metrics: WorkerMetrics | None = None,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.key_store = key_store
        self.metrics = metrics or WorkerMetrics()
        self._producers: dict[TopicPartition, AIOKafkaProducer] = {}
        # The next offset each owned partition must process: records below it were fetched
        # before a seek (aiokafka may still hand them out) and are already committed.
        self._next: dict[TopicPartition, int] = {}
        self._setup: set[TopicPartition] = set()  # assigned, producers not yet started
        self._lock = asyncio.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pii-engine")
        self._consumer: AIOKafkaConsumer | None = None
        self.processed = 0

    @property
    def assignment(self) -> set[TopicPartition]:
        """The raw partitions this worker owns now."""
        return set(self._producers)

    async def run(self, stop: asyncio.Event) -> None:
        """Consume, process and produce until `stop` is set; then leave the group cleanly."""
        s = self.settings
        topics = [s.raw(stream) for stream in s.streams]
        consumer = AIOKafkaConsumer(
            bootstrap_servers=s.bootstrap_servers,
            group_id=s.group_id,
            client_id=f"{s.group_id}-worker",
            isolation_level="read_committed",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            session_timeout_ms=s.session_timeout_ms,
            heartbeat_interval_ms=max(1000, s.session_timeout_ms // 3),
        )
        self._consumer = consumer
        consumer.subscribe(topics, listener=_Listener(self))
        await consumer.start()
        log.info("worker started: group %s, topics %s", s.group_id, ", ".join(topics))
        try:
            while not stop.is_set():
                if self._setup:
                    await self._prepare(consumer)
                # Everything fetched, cut per partition into batches of `batch_size`: one
                # transaction per batch, so a batch should not be a sliver of many partitions.
                batches = await consumer.getmany(timeout_ms=s.batch_timeout_ms)
                if batches:
                    async with self._lock:
                        await self._round(consumer, batches)
        finally:
            try:
                await consumer.stop()  # leaves the group: revokes (closes producers) first
            finally:
                await self._close_producers(set(self._producers))
                self._executor.shutdown(wait=True)
                log.info("worker stopped after %d records", self.processed)

    async def _round(
        self, consumer: AIOKafkaConsumer, batches: dict[TopicPartition, list[Any]]
    ) -> None:
        """Process one fetch. Per stream, the batches of its partitions go through the engine
        together (up to `batch_size` records a call), one call after another, while the
        transactions of the batches already processed commit concurrently.

        Each partition's batch is still its own transaction with its own offset, and a
        partition's transactions commit in order: a batch's commit waits for the previous
        batch of its partition and is dropped if that one failed (the partition was rewound to
        it). The lock is held until every commit of the fetch is done, so a partition is
        revoked only between fetches.
        """
        s = self.settings
        loop = asyncio.get_running_loop()
        pieces: dict[StreamName, list[tuple[TopicPartition, AIOKafkaProducer, list[Any]]]] = {}
        for tp, fetched in batches.items():
            producer = self._producers.get(tp)
            if producer is None:  # revoked while these records were in flight
                continue
            records = [r for r in fetched if r.offset >= self._next.get(tp, 0)]
            for i in range(0, len(records), s.batch_size):
                piece = (tp, producer, records[i : i + s.batch_size])
                pieces.setdefault(s.stream_of(tp.topic), []).append(piece)
        calls: list[tuple[StreamName, list[tuple[TopicPartition, AIOKafkaProducer, list[Any]]]]]
        calls = []
        for stream, stream_pieces in pieces.items():
            size = 0
            for piece in stream_pieces:
                if not calls or calls[-1][0] != stream or size + len(piece[2]) > s.batch_size:
                    calls.append((stream, []))
                    size = 0
                calls[-1][1].append(piece)
                size += len(piece[2])
        tails: dict[TopicPartition, asyncio.Task[bool]] = {}
        tasks: list[asyncio.Task[bool]] = []
        try:
            for stream, group in calls:
                started = time.perf_counter()
                routed: list[Routed] = await loop.run_in_executor(
                    self._executor,
                    route_many,
                    self.engine,
                    s,
                    stream,
                    [chunk for _, _, chunk in group],
                )
                for (tp, producer, chunk), result in zip(group, routed, strict=True):
                    task = asyncio.create_task(
                        self._finish(consumer, tp, producer, chunk, result, started, tails.get(tp))
                    )
                    tails[tp] = task
                    tasks.append(task)
        finally:
            outcomes = await asyncio.gather(*tasks, return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome

    async def _finish(
        self,
        consumer: AIOKafkaConsumer,
        tp: TopicPartition,
        producer: AIOKafkaProducer,
        records: list[Any],
        routed: Routed,
        started: float,
        previous: asyncio.Task[bool] | None,
    ) -> bool:
        """Commit one processed batch after the previous one of its partition; False if the
        transaction failed (aborted, partition rewound) or the previous one did."""
        if previous is not None and not await previous:
            return False
        first, last = records[0].offset, records[-1].offset
        try:
            await self._commit(producer, tp, routed, last + 1)
        except ProducerFenced as exc:
            self.metrics.transactions.labels("fenced").inc()
            raise BrokerError(f"producer for {tp.topic}[{tp.partition}] fenced") from exc
        except KafkaError as exc:
            log.warning(
                "transaction for %s[%d] offsets %d-%d failed (%s); aborting and rewinding",
                tp.topic,
                tp.partition,
                first,
                last,
                type(exc).__name__,
            )
            self.metrics.transactions.labels("aborted").inc()
            await producer.abort_transaction()
            consumer.seek(tp, first)
            self._next[tp] = first
            return False
        self._next[tp] = last + 1
        self.processed += len(records)
        self.metrics.transactions.labels("committed").inc()
        self.metrics.events_in.labels(tp.topic).inc(len(records))
        for topic, count in Counter(out.topic for out in routed.records).items():
            self.metrics.events_out.labels(topic).inc(count)
        self.metrics.count_outcomes(routed.outcomes)
        stream = self.settings.stream_of(tp.topic)
        self.metrics.batch_seconds.labels(stream).observe(time.perf_counter() - started)
        stable = consumer.last_stable_offset(tp)
        if stable is not None:
            self.metrics.lag.labels(tp.topic, str(tp.partition)).set(max(0, stable - last - 1))
        log.debug(
            "committed %s[%d] offsets %d-%d (%d records out)",
            tp.topic,
            tp.partition,
            first,
            last,
            len(routed.records),
        )
        return True

    async def _commit(
        self, producer: AIOKafkaProducer, tp: TopicPartition, routed: Routed, next_offset: int
    ) -> None:
        await producer.begin_transaction()
        # New data keys must be durable before any entry under them is committed: the flush
        # (of every key queued so far, this batch's included) runs while the records are sent,
        # and the transaction commits only after both.
        flushed = asyncio.ensure_future(self.key_store.flush())
        try:
            futures = await _send_batched(producer, routed.records)
        finally:
            await flushed
        await asyncio.gather(*futures)
        await producer.send_offsets_to_transaction({tp: next_offset}, self.settings.group_id)
        await producer.commit_transaction()

    async def _assign(self, assigned: set[TopicPartition]) -> None:
        # Kept short: aiokafka does not heartbeat while this callback runs. The new partitions
        # stay paused until `_prepare` (in the main loop) has their producers and offsets.
        new = assigned - set(self._producers)
        if new and self._consumer is not None:
            self._consumer.pause(*new)
        self._setup |= new
        log.info("assigned %s", _names(assigned))

    async def _prepare(self, consumer: AIOKafkaConsumer) -> None:
        async with self._lock:
            tps = sorted(self._setup & consumer.assignment())
            self._setup.clear()
            if not tps:
                return
            started = await asyncio.gather(*(self._start_producer(tp) for tp in tps))
            self._producers.update(zip(tps, started, strict=True))
            # Our producers' init fenced any old owner and settled its last transaction, so the
            # committed offsets read now are final (aiokafka read them before, maybe too early).
            for tp in tps:
                committed = await consumer.committed(tp)
                if committed is None:
                    await consumer.seek_to_beginning(tp)
                else:
                    consumer.seek(tp, committed)
                self._next[tp] = committed or 0
            consumer.resume(*tps)
            log.info("ready for %s", _names(set(tps)))

    async def _revoke(self, revoked: set[TopicPartition]) -> None:
        async with self._lock:  # waits for the batch in flight to commit or abort
            await self._close_producers(revoked)
        if revoked:
            log.info(
                "revoked %s", ", ".join(f"{tp.topic}[{tp.partition}]" for tp in sorted(revoked))
            )

    async def _start_producer(self, tp: TopicPartition) -> AIOKafkaProducer:
        s = self.settings
        producer = AIOKafkaProducer(
            bootstrap_servers=s.bootstrap_servers,
            client_id=f"{s.group_id}-txn",
            transactional_id=transactional_id(s.group_id, tp),
            transaction_timeout_ms=s.transaction_timeout_ms,
            max_request_size=s.max_message_bytes + REQUEST_OVERHEAD_BYTES,
            linger_ms=5,
            max_batch_size=BATCH_BYTES,
        )
        await producer.start()  # init_transactions: fences the previous owner of this id
        return producer

    async def _close_producers(self, tps: set[TopicPartition]) -> None:
        producers = [self._producers.pop(tp) for tp in tps if tp in self._producers]
        for tp in tps:
            self._next.pop(tp, None)
        await asyncio.gather(*(p.stop() for p in producers), return_exceptions=True)


async def serve(
    settings: StreamSettings,
    secrets: Secrets,
    stop: asyncio.Event,
    *,
    config: LoadedConfig | None = None,
    metrics: WorkerMetrics | None = None,
) -> Worker:
    """Create the topics, load the keys and the engine, run one worker until `stop` is set."""
    await ensure_topics(settings)
    key_store = KafkaKeyStore(settings)
    await key_store.start()
    try:
        loop = asyncio.get_running_loop()
        if config is None:
            config = await loop.run_in_executor(None, load_config, settings.policy_path)
        engine = Engine(config, secrets, key_store)  # ~1 s (spaCy); nothing else runs yet
        if metrics is None:
            metrics = WorkerMetrics()
            if settings.metrics_port:
                metrics.serve(settings.metrics_port, settings.metrics_host)
        worker = Worker(settings, engine, key_store, metrics)
        await worker.run(stop)
        return worker
    finally:
        await key_store.stop()
