"""The worker: consume raw records, process them, produce the results - exactly once.

The group's partitions are assigned by task (`assignor`): partition p of every raw topic goes to
one worker, with one transactional producer per task, id `<group>.task<p>.<topics digest>`. The
batches of a task's partitions are processed off the event loop, then their sanitized records,
vault entries, dead letters and the next input offsets go out in one transaction: a
`read_committed` reader sees all of them or none.

Why per-task transactional ids: see the package's doc (pipeline.streaming.worker).

Throughput and latency: a fetch task hands every fetched record to the processing loop as soon
as it arrives (`inbox`: it polls on, partitions paused, while the loop is behind). The loop cuts
what has arrived per partition into batches of up to `batch_size` and sends them to the engine
(its own process by default, `runner`) in one trip for a small fetch, about `batch_size` records
(at most `trip_work_units` of estimated work) a trip for a large one. A trip opens a transaction
for each task that has none gathering: it begins and takes the trip's input offsets while the
engine works (`transaction`); when the trip returns, its results go to that transaction, which
sends them and commits while the engine works on the next trip. A task's transactions commit in
order, at most one in flight and one gathering (`commits`) - later trips join the gathering one
rather than queueing more (fewer transactions under load, none delayed at low load). Outputs go as record
batches per topic partition (`kafka.batches`); new vault data keys are flushed (acks=all) while
the records are sent, and the transaction commits only after that flush.

Rebalances: the processing loop holds a lock while a trip goes through the engine; revocation
takes the same lock and then waits for the revoked partitions' commits in flight, so a partition
is handed over only between trips (the group waits a session timeout for that), and its
producer is closed before the group moves on. Records fetched for a partition we no longer own
are dropped. A failed transaction is aborted
and, like a fenced producer, stops the worker: crash and restart is the recovery (the state lives
in Kafka; the committed offsets are exact).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from pipeline.config.loader import LoadedConfig
from pipeline.outcome import StreamName
from pipeline.streaming.kafka import clients
from pipeline.streaming.kafka.batches import BATCH_BYTES
from pipeline.streaming.kafka.ownership import Ownership
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker.assignor import TaskAssignor, task_transactional_id
from pipeline.streaming.worker.commits import Commits
from pipeline.streaming.worker.inbox import Inbox
from pipeline.streaming.worker.keystore import KafkaKeyStore
from pipeline.streaming.worker.prometheus import WorkerMetrics
from pipeline.streaming.worker.runner import BatchRunner, Job
from pipeline.streaming.worker.transaction import Gathering
from pipeline.streaming.worker.trips import Piece, plan_trips

log = logging.getLogger(__name__)


class Worker:
    """One member of the consumer group; `run(stop)` until `stop` is set."""

    def __init__(
        self,
        settings: StreamSettings,
        runner: BatchRunner,
        key_store: KafkaKeyStore,
        metrics: WorkerMetrics | None = None,
    ) -> None:
        self.settings = settings
        self.runner = runner
        self.key_store = key_store
        self.metrics = metrics or WorkerMetrics()
        # One transactional producer per task (partition number, see `assignor`), and the
        # raw partitions ready to be processed.
        self._producers: dict[int, AIOKafkaProducer] = {}
        # The next offset each owned partition must process: records below it were fetched
        # before a seek (aiokafka may still hand them out) and are already committed.
        self._next: dict[TopicPartition, int] = {}
        # Each task's chain of transactions (see `commits`, and `_trip`).
        self._commits = Commits(settings, key_store, self.metrics)
        self._epoch: dict[TopicPartition, int] = {}
        self._lock = asyncio.Lock()
        self._ownership = Ownership(self, self._lock, logger=log)
        # Fetched records waiting for the processing loop, and the loop that fetches them.
        self._inbox = Inbox(settings, self._ownership, self._epoch)
        self._consumer: AIOKafkaConsumer | None = None

    @property
    def processed(self) -> int:
        """Records committed so far."""
        return self._commits.processed

    @property
    def assignment(self) -> set[TopicPartition]:
        """The raw partitions this worker owns now."""
        return set(self._ownership.owned)

    async def run(self, stop: asyncio.Event) -> None:
        """Consume, process and produce until `stop` is set; then leave the group cleanly."""
        s = self.settings
        topics = [s.raw(stream) for stream in s.streams]
        consumer = clients.group_consumer(
            s,
            s.consumer_group,
            client_id=f"{s.consumer_group}-worker",
            partition_assignment_strategy=(TaskAssignor,),
            # A fetch in flight holds the partitions it did not ask for (aiokafka sends one
            # at a time per broker): waiting 500 ms for data there delays everything else.
            fetch_max_wait_ms=s.fetch_max_wait_ms,
            max_poll_interval_ms=s.max_poll_interval_ms,
            # The group waits for members to rejoin for the rebalance timeout (aiokafka's
            # default: the session timeout). Not raised to max_poll_interval_ms as in Kafka's
            # Java client: the broker then also waited that long for a member killed without
            # leaving (a restarted worker got no partitions for minutes).
        )
        self._consumer = self._ownership.consumer = self._commits.consumer = consumer
        consumer.subscribe(topics, listener=self._ownership)
        await consumer.start()

        log.info("worker started: group %s, topics %s", s.consumer_group, ", ".join(topics))
        fetching = asyncio.create_task(self._inbox.fetch(consumer, stop), name="worker-fetch")
        self.metrics.health.ready()
        try:
            while not stop.is_set():
                self.metrics.health.beat()
                self._commits.check_failure()
                if fetching.done():
                    fetching.result()  # its exception, if it has one
                    break
                await self._ownership.prepare()
                await self._throttle()
                batches = await self._inbox.take()
                if batches:
                    await self._round(batches)  # locked trip by trip: see `_round`
            await self._commits.drain()
            self._commits.check_failure()
            fetching.cancel()
            await asyncio.gather(fetching, return_exceptions=True)
        finally:
            fetching.cancel()
            await asyncio.gather(fetching, return_exceptions=True)
            try:
                await consumer.stop()  # leaves the group: revokes (closes producers) first
            finally:
                await self._ownership.release_all()
                log.info("worker stopped after %d records", self.processed)

    async def _round(self, batches: dict[TopicPartition, list[Any]]) -> None:
        """Send one fetch to the engine. Per stream, the batches of its partitions go to the
        engine together (up to `batch_size` records a call), a few calls a trip, one trip at a
        time (the engine process works on it while the loop commits earlier trips).

        A trip opens its tasks' transactions (one per task) as it starts, after those of the
        trip before (`_trip`). A task's transactions commit in order: each waits for the previous one of its
        task and is dropped if that one failed. A failed transaction stops the worker (see
        `_finish`).

        The lock is held trip by trip, not for the round: a revocation waits for one trip (at
        most `trip_work_units` of estimated work, `plan_trips`), and the pieces of a partition
        revoked or reassigned meanwhile are left out of the later trips.
        """
        s = self.settings
        pieces: dict[StreamName, list[Piece]] = {}
        async with self._lock:
            epochs = self._pieces(batches, pieces)
        for trip in plan_trips(pieces, s.batch_size, s.trip_work_units):
            async with self._lock:
                trip = [
                    (stream, kept)
                    for stream, group in trip
                    if (kept := [p for p in group if self._still_mine(p, epochs[p[0]])])
                ]
                if not trip:
                    continue
                jobs: list[Job] = [(stream, [c for _, _, c in group]) for stream, group in trip]
                # One trip at a time: a second one queued in the engine did not lower latency
                # (measured: p99 at 70 % load 704-775 ms with it, 374-676 ms without).
                await self._trip(trip, jobs, {tp: epochs[tp] for _, g in trip for tp, _, _ in g})

    def _still_mine(self, piece: Piece, epoch: int) -> bool:
        tp, producer, _ = piece
        return (
            tp in self._ownership.owned
            and self._epoch.get(tp, 0) == epoch
            and self._producers.get(tp.partition) is producer
        )

    def _pieces(
        self, batches: dict[TopicPartition, list[Any]], pieces: dict[StreamName, list[Piece]]
    ) -> dict[TopicPartition, int]:
        """Cut the owned partitions' new records into pieces of up to `batch_size` records;
        the partitions' epochs."""
        s = self.settings
        for tp, fetched in batches.items():
            producer = self._producers.get(tp.partition)
            if tp not in self._ownership.owned or producer is None:
                continue  # revoked
            records = [r for r in fetched if r.offset >= self._next.get(tp, 0)]
            if not records:
                continue
            self._next[tp] = records[-1].offset + 1
            for i in range(0, len(records), s.batch_size):
                piece = (tp, producer, records[i : i + s.batch_size])
                pieces.setdefault(s.stream_of(tp.topic), []).append(piece)
        return {tp: self._epoch.get(tp, 0) for group in pieces.values() for tp, _, _ in group}

    async def _trip(
        self,
        trip: list[tuple[StreamName, list[Piece]]],
        jobs: list[Job],
        epochs: dict[TopicPartition, int],
    ) -> None:
        started = time.perf_counter()
        # The tasks without a gathering transaction open one now: it begins and takes this
        # trip's input offsets while the engine works (see `transaction`).
        opened: dict[int, Gathering] = {}
        for _, group in trip:
            for tp, producer, chunk in group:
                if self._commits.gathering(tp.partition) is None:
                    opened[tp.partition] = self._commits.start(tp.partition, producer, started)
                if tp.partition in opened:
                    opened[tp.partition].opening[tp] = chunk[-1].offset + 1
        try:
            results = await self.runner.run(jobs)
        except BaseException:
            for gathering in opened.values():
                gathering.failed = True
                gathering.ready.set()
            raise
        # One transaction per task of the trip, holding every stream's batch of that task;
        # batches of a partition reassigned meanwhile are left out (fetched again by its owner).
        for (_, group), routed in zip(trip, results, strict=True):
            for (tp, producer, chunk), result in zip(group, routed, strict=True):
                if self._epoch.get(tp, 0) != epochs[tp] or tp not in self._ownership.owned:
                    continue
                # Its transaction has not sent records (the trip opened it, or the task's
                # previous one is in flight): join it instead of queueing one more - fewer
                # transactions under load, each costing the same round trips and markers.
                joined = self._commits.gathering(tp.partition)
                if joined is None:
                    joined = self._commits.start(tp.partition, producer, started)
                    joined.ready.set()
                joined.parts.append((tp, chunk, result))
        for gathering in opened.values():
            gathering.ready.set()

    async def _throttle(self) -> None:
        """Keep at most about two fetches' commits in flight."""
        await self._commits.throttle(2 * max(1, len(self._producers)))

    async def reconfigure(self, config: LoadedConfig) -> None:
        """Run `config` from the next batch on. Taken between trips, once every transaction in
        flight or gathering has committed, so no transaction holds two versions' records."""
        async with self._lock:
            await self._commits.drain()
            await self.runner.reload(config)

    # ------------------------------------------------------------------ ownership

    async def claim(self, tps: list[TopicPartition]) -> None:
        """Start the producers of the tasks of `tps` (fences their previous owners)."""
        assignment = self._consumer.assignment() if self._consumer is not None else set(tps)
        tasks = sorted({tp.partition for tp in tps} - set(self._producers))
        started = await asyncio.gather(
            *(
                self._start_producer(task, [t.topic for t in assignment if t.partition == task])
                for task in tasks
            )
        )
        self._producers.update(zip(tasks, started, strict=True))

    def ready(self, committed: dict[TopicPartition, int | None]) -> None:
        """Records below the committed offsets are stale from now on (see `_take`)."""
        for tp, offset in committed.items():
            self._next[tp] = offset or 0
            self._epoch[tp] = self._epoch.get(tp, 0) + 1

    async def _start_producer(self, task: int, topics: list[str]) -> AIOKafkaProducer:
        s = self.settings
        producer = clients.transactional_producer(
            s,
            task_transactional_id(s.consumer_group, task, topics),
            client_id=f"{s.consumer_group}-txn",
            linger_ms=0,  # the records come in batches we built (`kafka.batches`)
            max_batch_size=BATCH_BYTES,
        )
        await producer.start()  # init_transactions: fences the previous owner of this id
        return producer

    async def release(self, tps: set[TopicPartition]) -> None:
        """Give up `tps`: wait for their tasks' commits, close producers of emptied tasks."""
        tasks = {tp.partition for tp in tps}
        await self._commits.drain(tasks)  # the commits in flight finish (or fail) first
        for tp in tps:
            self._next.pop(tp, None)
        owned = self._ownership.owned
        emptied = [t for t in tasks if not any(tp.partition == t for tp in owned)]
        producers = [self._producers.pop(t) for t in emptied if t in self._producers]
        for task in emptied:
            self._commits.forget(task)
        await asyncio.gather(*(p.stop() for p in producers), return_exceptions=True)
