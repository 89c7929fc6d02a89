"""The streaming aggregator: sanitized topics → k-anonymous `analytics.*` / `ads.*` releases.

One consumer group (`aggregate_app_id`, `read_committed`) reads two kinds of partitions:

- `sanitized.<stream>`: each record becomes one observation per metric of its stream
  (`Observer`), sent to the internal topic `aggregate.observations` keyed `metric|window
  start`. That key is the repartitioning: every record of one window of one metric lands on one
  internal partition, because the release rule (k, complementary suppression over cells,
  margins and the total) needs the whole window at once. At least once: the observations are
  flushed before the input offsets are committed; duplicates are harmless (see below).
- `aggregate.observations`: each partition's messages are applied in order to the window state
  of that partition (`WindowStore`: tallies keyed per cell and subject, watermarks, stored
  releases; layout, watermark, duplicate check and release-once are documented in
  pipeline.aggregation.engine, the one aggregation engine). The state is a dict backed by the compacted changelog
  `<app>-aggregate-state-changelog`, partition for partition. Each fetched batch of one
  internal partition is one Kafka transaction of that partition's producer (transactional id
  `<app>.aggregate.<partition>`): the state changes, the released records, the reports and the
  input offset commit together or not at all. A restarted or rebalanced aggregator fences the
  old owner (`init_transactions`; the protocol is pipeline.streaming.kafka.ownership), reloads the partition's state from the changelog
  (read_committed) and resumes at the committed offset: the same open windows, nothing counted
  twice, and a window is released by exactly one committed transaction.

One window grid per metric across partitions: at start the aggregator claims its grid of each
k-anonymous metric from the grid authority (internal partition 0), whose owner answers every
partition in its transaction; a partition releases only on the authority's grid
(pipeline.aggregation.grids).

A timer sends, every `aggregate_tick_s`, a tick to every internal partition (each metric's
largest event time seen here, and which metrics have been quiet for `aggregate_idle_s`), so a
partition holding an older window closes it when the streams move on, or on the wall clock when
they are quiet; and a `forget` for each subject the consent book newly marks erased or under 13.
These come from one non-transactional producer, the one the observations use, so a tick never
overtakes an observation sent before it.

Consent comes from a `ConsentBook` (control.consent): checked when a record is added and again
when a window is released; erasure and under 13 also remove the subject from open windows.
Released records are validated against their JSON Schema by the pure release
(`release_window`); nothing else is ever published. Consumers of the outputs read committed.

The state is the key-value changelog a Faust table would keep, written with the Kafka clients
directly: Faust's tables lost or double-counted records when measured (see the README).

Logs name metrics, windows, partitions and counts, never a token or a cell's content.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import CommitFailedError, KafkaError, ProducerFenced

from pipeline.aggregation.aggregator import default_validator
from pipeline.aggregation.engine import Pending, WindowStore
from pipeline.aggregation.messages import Forget, decode, encode
from pipeline.aggregation.observer import Observer
from pipeline.aggregation.validation import ReleaseValidator
from pipeline.config.reload import AggregatesConfig
from pipeline.errors import BrokerError
from pipeline.outcome import StreamName
from pipeline.streaming.aggregator.changelog import Journal
from pipeline.streaming.aggregator.outputs import log_release, publish, to_every_partition
from pipeline.streaming.aggregator.prometheus import (
    AggregatorMetrics,
    open_windows,
    watermark_lags,
)
from pipeline.streaming.aggregator.settings import aggregation_settings
from pipeline.streaming.aggregator.topics import aggregate_changelog
from pipeline.streaming.consent.book import ConsentBook
from pipeline.streaming.consent.model import ConsentState
from pipeline.streaming.kafka import clients
from pipeline.streaming.kafka.ownership import Ownership, seek_committed
from pipeline.streaming.settings import StreamSettings

log = logging.getLogger(__name__)

MAX_POLL_RECORDS = 500


class StreamAggregator:
    """One member of the aggregator group; `run(stop)` until `stop` is set."""

    def __init__(
        self,
        settings: StreamSettings,
        book: ConsentBook,
        *,
        partitions: int,
        validator: ReleaseValidator | None = None,
        clock: Callable[[], float] = time.time,
        config: AggregatesConfig | None = None,
    ) -> None:
        """`config`: the policy's `aggregates` (mechanism per metric, ε, budget, dominance);
        None: read from `settings.policy_path`."""
        self.settings = settings
        self.book = book
        self.partitions = partitions  # of the internal topic (ticks and erasures go to each)
        self.clock = clock
        engine = aggregation_settings(settings, config.aggregates if config else None)
        self.metrics = engine.metrics
        self.internal = settings.aggregate_topic
        self.changelog = aggregate_changelog(settings)
        self.sources = {settings.sanitized(stream): stream for stream in settings.streams}
        self.state: dict[str, Any] = {}
        self.journal = Journal(self.state)
        self.observer = Observer(engine)
        self.windows = WindowStore(
            engine, self.journal, book, validator or default_validator(), shared_grids=True
        )
        self.released = 0
        self.malformed = 0
        self.prom = AggregatorMetrics(
            lambda: open_windows(self.windows, list(self._owners)),
            lambda: self.watermark_lags(list(self._owners)),
        )
        self._forgets: list[str] = []
        self._lock = asyncio.Lock()
        self._owners: dict[int, AIOKafkaProducer] = {}
        self._ownership = Ownership(
            self,
            self._lock,
            claims=lambda tp: tp.topic == self.internal,
            on_assign=self._assigned,
            logger=log,
        )
        self._consumer: AIOKafkaConsumer | None = None
        self._plain: AIOKafkaProducer | None = None
        book.on_change(self._on_consent)

    def watermark_lags(self, partitions: Iterable[int]) -> dict[str, float]:
        """Per metric, seconds from the oldest watermark of `partitions` to the wall clock."""
        return watermark_lags(self.windows, partitions, self.clock())

    def use(self, config: AggregatesConfig) -> None:
        """Release under `config`'s dominance rules, ε, δ, bounds and budget from now on. The
        mechanism of each metric is fixed at start (`reload_aggregates` refuses a change)."""
        engine = aggregation_settings(self.settings, config.aggregates)
        if frozenset(engine.dp_metrics) != self.windows.dp_metrics:
            raise ValueError("a metric's mechanism changes only with a restart")
        self.windows.dominance = {m: engine.dominance_of(m) for m in self.windows.metrics}
        self.windows.dp = engine.dp
        self.windows.dp_budget = engine.dp_budget

    async def reconfigure(self, config: AggregatesConfig) -> None:
        """`use(config)` between batches: each batch of an internal partition is one
        transaction, and none sees two configurations."""
        async with self._lock:
            self.use(config)

    def _on_consent(self, state: ConsentState) -> None:
        if state.under_13 or state.erase:
            self._forgets.append(state.subject)

    # ------------------------------------------------------------------ running

    async def run(self, stop: asyncio.Event) -> None:
        """Consume, aggregate and release until `stop` is set."""
        s = self.settings
        self._plain = clients.producer(s, client_id=f"{s.aggregate_app}-observe", linger_ms=5)
        self._consumer = clients.group_consumer(
            s,
            s.aggregate_app,
            client_id=f"{s.aggregate_app}-consumer",
            max_poll_records=MAX_POLL_RECORDS,
        )
        await self._plain.start()
        try:
            await self._consumer.start()
            self._ownership.consumer = self._consumer
            self._consumer.subscribe([*self.sources, self.internal], listener=self._ownership)
            ticker = asyncio.create_task(self._tick_until(stop), name="aggregate-ticks")
            self.prom.health.ready()
            try:
                await self._loop(self._consumer, stop, ticker)
            finally:
                ticker.cancel()
                await asyncio.gather(ticker, return_exceptions=True)
        finally:
            if self._consumer is not None:
                await self._consumer.stop()  # leaves the group: revocation closes the owners
            await self._ownership.release_all()
            await self._plain.stop()
        log.info("aggregator stopped: %d windows released", self.released)

    async def _loop(
        self, consumer: AIOKafkaConsumer, stop: asyncio.Event, ticker: asyncio.Task[None]
    ) -> None:
        stopping = asyncio.ensure_future(stop.wait())
        try:
            while not stop.is_set():
                self.prom.health.beat()
                self.prom.refresh()
                if ticker.done():
                    ticker.result()  # a failed ticker stops the aggregator (windows would not close)
                await self._ownership.prepare()
                fetch = asyncio.ensure_future(consumer.getmany(timeout_ms=500))
                await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if not fetch.done():
                    fetch.cancel()
                    await asyncio.gather(fetch, return_exceptions=True)
                    break
                await self._process(consumer, fetch.result())
        finally:
            stopping.cancel()
            await asyncio.gather(stopping, return_exceptions=True)

    async def _process(
        self, consumer: AIOKafkaConsumer, batches: dict[TopicPartition, list[Any]]
    ) -> None:
        async with self._lock:
            assignment = consumer.assignment()
            observed: dict[TopicPartition, int] = {}
            for tp, records in sorted(batches.items()):
                if not records or tp not in assignment or tp in self._ownership.pending:
                    continue
                if tp.topic == self.internal:
                    await self._aggregate(consumer, tp, records)
                else:
                    await self._observe(tp, records)
                    observed[tp] = records[-1].offset + 1
            if observed and self._plain is not None:
                await self._plain.flush()  # every observation is stored before its input commits
                try:
                    await consumer.commit(observed)
                except CommitFailedError:
                    log.warning("observation offsets not committed (rebalance): re-read later")

    async def _observe(self, tp: TopicPartition, records: list[Any]) -> None:
        stream: StreamName = self.sources[tp.topic]
        source = f"{tp.topic}/{tp.partition}"
        producer = self._started(self._plain)
        for record in records:
            messages = self.observer.observe(
                stream, record.value, source, record.offset, self.clock()
            )
            for key, message in messages:
                await producer.send(self.internal, key=key, value=encode(message))

    async def _aggregate(
        self, consumer: AIOKafkaConsumer, tp: TopicPartition, records: list[Any]
    ) -> None:
        partition = tp.partition
        producer = self._owners.get(partition)
        if producer is None:
            return
        published: list[Pending] = []
        await producer.begin_transaction()
        try:
            futures: list[Any] = []
            for record in records:
                try:
                    due = self.windows.handle(partition, decode(record.value))
                except (ValueError, KeyError, TypeError):
                    self.malformed += 1
                    log.warning("malformed internal message skipped (%d so far)", self.malformed)
                    due = []
                for answer in self.windows.take_outbox():  # the grid authority's GridSet
                    futures += await to_every_partition(
                        producer, self.internal, b"grid", encode(answer), self.partitions
                    )
                for pending in due:
                    futures += await publish(producer, self.settings, pending)
                    self.windows.finish(pending)
                    published.append(pending)
                futures += await self.journal.write(producer, self.changelog, partition)
            offsets = {tp: records[-1].offset + 1}
            await asyncio.gather(
                *futures,
                producer.send_offsets_to_transaction(offsets, self.settings.aggregate_app),
            )
            await producer.commit_transaction()
        except ProducerFenced:
            raise BrokerError(f"aggregator fenced on partition {partition}") from None
        except (KafkaError, OSError) as exc:
            log.warning(
                "transaction of partition %d failed (%s): state reloaded",
                partition,
                type(exc).__name__,
            )
            with contextlib.suppress(KafkaError):
                await producer.abort_transaction()
            await self._reload(consumer, tp)
            return
        self.prom.late(dict(self.windows.take_late()))
        for pending in published:
            self.released += 1
            log_release(pending)
            self.prom.released(pending.metric, pending.window.end, pending.report.to_json())

    async def _tick_until(self, stop: asyncio.Event) -> None:
        producer = self._started(self._plain)
        for claim in self.windows.grid_claims():  # to the grid authority, partition 0
            await producer.send(self.internal, key=b"grid", value=encode(claim), partition=0)
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.settings.aggregate_tick_s)
            while self._forgets:
                value = encode(Forget(self._forgets.pop(0)))
                await to_every_partition(producer, self.internal, b"forget", value, self.partitions)
            value = encode(self.observer.tick(self.clock()))
            await to_every_partition(producer, self.internal, b"tick", value, self.partitions)

    # ------------------------------------------------------------------ rebalancing

    def _assigned(self, assigned: set[TopicPartition]) -> None:
        wall = self.clock()
        for tp in assigned:
            if tp.topic in self.sources:
                self.observer.started(self.sources[tp.topic], wall)

    async def claim(self, tps: list[TopicPartition]) -> None:
        """Fence the previous owners of internal partitions `tps`, load their state."""
        for tp in tps:
            self._owners[tp.partition] = await self._start_owner(tp.partition)
            await self._restore(tp.partition)

    def ready(self, committed: dict[TopicPartition, int | None]) -> None:
        """The partitions' state and offsets are the committed ones."""
        self.windows.reset()

    async def release(self, tps: set[TopicPartition]) -> None:
        """Close the owners of `tps`, drop their state here (it stays in the changelog)."""
        producers = [self._owners.pop(tp.partition) for tp in tps if tp.partition in self._owners]
        for tp in tps:
            self.journal.drop(tp.partition)
        self.windows.reset()
        await asyncio.gather(*(p.stop() for p in producers), return_exceptions=True)

    async def _start_owner(self, partition: int) -> AIOKafkaProducer:
        s = self.settings
        producer = clients.transactional_producer(
            s,
            f"{s.aggregate_app}.aggregate.{partition}",
            client_id=f"{s.aggregate_app}-txn",
            linger_ms=0,
        )
        await producer.start()  # init_transactions: fences the previous owner of this id
        return producer

    async def _reload(self, consumer: AIOKafkaConsumer, tp: TopicPartition) -> None:
        """After an aborted transaction: the committed state and offset of `tp` again."""
        self.journal.changes.clear()
        self.windows.take_outbox()  # answers of the aborted transaction: sent again on re-read
        self.windows.take_late()  # counted again on re-read
        await self._restore(tp.partition)
        self.windows.reset()
        await seek_committed(consumer, tp)

    async def _restore(self, partition: int) -> None:
        """Load one partition's state from the changelog."""
        reader = clients.consumer(self.settings, client_id=f"{self.settings.aggregate_app}-restore")
        await reader.start()
        try:
            restored = await self.journal.restore(reader, self.changelog, partition)
        finally:
            await reader.stop()
        log.info("partition %d: state restored from %d changelog records", partition, restored)

    @staticmethod
    def _started(producer: AIOKafkaProducer | None) -> AIOKafkaProducer:
        if producer is None:
            raise BrokerError("aggregator not started")
        return producer
