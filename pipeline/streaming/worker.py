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

Rebalances: a batch holds a lock from processing to commit; revocation takes the same lock, so a
partition is handed over only between batches, and its producer is closed before the group
moves on. Records fetched for a partition we no longer own are dropped. A failed transaction is
aborted and the partition rewound to the batch's first offset; a fenced producer is fatal (crash
and restart is the recovery: the state lives in Kafka).
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.abc import ConsumerRebalanceListener
from aiokafka.errors import KafkaError, ProducerFenced

from pipeline.config.loader import LoadedConfig, load_config
from pipeline.engine import Engine
from pipeline.errors import BrokerError
from pipeline.secrets import Secrets
from pipeline.streaming.keystore import KafkaKeyStore
from pipeline.streaming.metrics import WorkerMetrics
from pipeline.streaming.routing import Routed, route
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.topics import ensure_topics

log = logging.getLogger(__name__)

# Room for record overhead above the largest record the topics accept.
REQUEST_OVERHEAD_BYTES = 64 * 1024


def _names(tps: set[TopicPartition]) -> str:
    return ", ".join(f"{tp.topic}[{tp.partition}]" for tp in sorted(tps)) or "nothing"


def transactional_id(group_id: str, tp: TopicPartition) -> str:
    """Stable per input partition, so a partition's new owner fences its old one."""
    return f"{group_id}.{tp.topic}.{tp.partition}"


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
                for tp, records in batches.items():
                    for i in range(0, len(records), s.batch_size):
                        await self._batch(consumer, tp, records[i : i + s.batch_size])
        finally:
            try:
                await consumer.stop()  # leaves the group: revokes (closes producers) first
            finally:
                await self._close_producers(set(self._producers))
                self._executor.shutdown(wait=True)
                log.info("worker stopped after %d records", self.processed)

    async def _batch(
        self, consumer: AIOKafkaConsumer, tp: TopicPartition, records: list[Any]
    ) -> None:
        async with self._lock:
            producer = self._producers.get(tp)
            if producer is None:  # revoked while these records were in flight
                return
            records = [r for r in records if r.offset >= self._next.get(tp, 0)]
            if not records:
                return
            started = time.perf_counter()
            stream = self.settings.stream_of(tp.topic)
            loop = asyncio.get_running_loop()
            routed: Routed = await loop.run_in_executor(
                self._executor, route, self.engine, self.settings, stream, records
            )
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
                return
            self._next[tp] = last + 1
            self.processed += len(records)
            self.metrics.transactions.labels("committed").inc()
            self.metrics.events_in.labels(tp.topic).inc(len(records))
            for out in routed.records:
                self.metrics.events_out.labels(out.topic).inc()
            self.metrics.count_outcomes(routed.outcomes)
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

    async def _commit(
        self, producer: AIOKafkaProducer, tp: TopicPartition, routed: Routed, next_offset: int
    ) -> None:
        await producer.begin_transaction()
        futures = [
            await producer.send(out.topic, key=out.key, value=out.value, headers=out.headers)
            for out in routed.records
        ]
        # New data keys must be durable before any entry under them is committed.
        await self.key_store.flush()
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
