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
sends them and commits while the engine works on the next trip (handed over before the results
of the one before are taken: `_round`). A task's transactions commit in
order, at most one in flight and one gathering (`commits`) - later trips join the gathering one
rather than queueing more (fewer transactions under load, none delayed at low load). Outputs go as record
batches per topic partition (`kafka.batches`); new vault data keys are flushed (acks=all) while
the records are sent, and the transaction commits only after that flush.

Rebalances: the processing loop holds a lock while trips go through the engine; revocation
takes the same lock and then waits for the revoked partitions' commits in flight, and its
producer is closed before the group moves on. A trip still in the engine then is abandoned
(`trips.Revocations.results`: its transactions abort, its results are dropped, its records are
processed again from the committed offsets by their next owner; the engine stops it at its next
chunk), so the handover never waits for the engine, nor the next trip for long. A trip ends by
its deadline (`trip_deadline_ms`, `chunks`): what it finished commits, the rest is carried to
the next trip (`trips.Carry`).
Records fetched for a partition we no longer own are dropped. A failed transaction is aborted
and, like a fenced producer, stops the worker: crash and restart is the recovery (the state lives
in Kafka; the committed offsets are exact).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from pipeline.config.loader import LoadedConfig
from pipeline.outcome import StreamName
from pipeline.streaming.kafka import clients
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker.assignor import TaskAssignor
from pipeline.streaming.worker.commits import Commits
from pipeline.streaming.worker.inbox import Inbox
from pipeline.streaming.worker.keystore import KafkaKeyStore
from pipeline.streaming.worker.pacing import Pacer, gather_until
from pipeline.streaming.worker.prometheus import WorkerMetrics
from pipeline.streaming.worker.runner import BatchRunner, Job
from pipeline.streaming.worker.tasks import Tasks
from pipeline.streaming.worker.trips import (
    Carry,
    InFlight,
    Piece,
    Revocations,
    TripLock,
    plan_trips,
)

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
        # Each task's chain of transactions (see `commits`, and `_round`).
        self._commits = Commits(settings, key_store, self.metrics)
        # The tasks owned: their producers, partitions' next offsets and epochs (`tasks`).
        self._tasks = Tasks(settings, self._commits)
        self._producers = self._tasks.producers
        self._next = self._tasks.next
        self._epoch = self._tasks.epoch
        self._lock = TripLock()
        self._holding = False  # the processing loop holds the lock (trips in the engine)
        self._ahead: InFlight | None = None  # the trip in the engine, results not yet taken
        self._ownership = Revocations(self._tasks, self._lock, logger=log)
        self._tasks.ownership = self._ownership
        self._carry = Carry()  # what trips cut short at their deadline left (`trips`)
        # When to hand the next trip over (`pacing`): just before the one in the engine ends.
        late = settings.late_handover and settings.trips_in_engine == 2
        self._pacer = Pacer(settings.handover_lead_ms, enabled=late)
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
            # at a time per broker): waiting 500 ms for data there delays everything else. It
            # waits up to that long for fetch_min_bytes (64 KiB): a fetch then brings a trip's
            # worth of records, not the first one or two (StreamSettings.fetch_min_bytes).
            fetch_max_wait_ms=s.fetch_max_wait_ms,
            fetch_min_bytes=s.fetch_min_bytes,
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
                ownership = self._ownership  # a revocation waiting: abandon the trip now
                if self._ahead is None or ownership.pending or ownership.wanted.is_set():
                    await self._flush()
                    await self._ownership.prepare()
                await self._throttle()
                await self._pace(stop)
                ahead = self._ahead.results if self._ahead is not None else None
                batches = await self._inbox.take(until=ahead)
                if batches or self._carry:
                    await self._round(batches)  # see `_round`
                elif ahead is not None and ahead.done():
                    await self._flush()
            await self._flush()
            await self._commits.drain()
            self._commits.check_failure()
            fetching.cancel()
            await asyncio.gather(fetching, return_exceptions=True)
        finally:
            await self._abandon()
            fetching.cancel()
            await asyncio.gather(fetching, return_exceptions=True)
            try:
                await consumer.stop()  # leaves the group: revokes (closes producers) first
            finally:
                await self._ownership.release_all()
                log.info("worker stopped after %d records", self.processed)

    async def _round(self, batches: dict[TopicPartition, list[Any]]) -> None:
        """Send one fetch to the engine. Per stream, the batches of its partitions go to the
        engine together (up to `batch_size` records a call), a few calls a trip.

        Two trips at a time: a trip is handed to the engine before the results of the one in
        it are taken (`_settle`), so the engine process goes from one trip to the next without
        waiting for the loop - the results' way back, the next trip's pickling and its way
        there (measured: ~20 ms a trip, during which the engine idled; at 80 % engine load that
        made trips, and the latency, grow until they amortised it). The loop also takes the
        next fetch while a trip is in the engine (`Inbox.take(until=...)`).

        A trip opens its tasks' transactions (one per task that has none gathering) as it is
        handed over, after those of the trip before; its results join them in order. A task's
        transactions commit in order (`commits`).

        The lock is held while trips are in the engine. Between two trips, one that waits for
        it (a reload) gets it once the trip ahead is settled (`_flush`): it waits for at most
        two trips, each ending by its deadline (`chunks`); a revocation does not wait, it
        abandons them (`Revocations.results`); and the pieces of a partition revoked or
        reassigned meanwhile are left out of the later trips. After a trip cut short, its rest
        and what is behind it go again first (`trips.Carry`).
        """
        s = self.settings
        if self._carry:
            await self._flush()  # the trip behind one cut short: carried whole (`trips.Carry`)
        await self._hold()
        pieces: dict[StreamName, list[Piece]] = self._carry.take(self._still_mine)
        size = self._pacer.trip_records(s.batch_size, s.trip_target_ms, s.trip_min_records)
        epochs = self._pieces(batches, pieces, size)
        trips = plan_trips(pieces, size, s.trip_work_units)
        for i, trip in enumerate(trips):
            if self._lock.waiting or self._carry:
                await self._flush()  # let it in between two trips
            if self._carry:  # after the rest of a trip cut short
                self._carry.later(trips[i:], epochs)
                return
            await self._hold()
            trip = [
                (stream, kept)
                for stream, group in trip
                if (kept := [p for p in group if self._still_mine(p, epochs[p[0]])])
            ]
            if not trip:
                continue
            jobs: list[Job] = [(stream, [c for _, _, c in group]) for stream, group in trip]
            ahead, self._ahead = (
                self._ahead,
                self._submit(trip, jobs, {tp: epochs[tp] for _, g in trip for tp, _, _ in g}),
            )
            if ahead is not None:
                await self._settle(ahead)
            if s.trips_in_engine == 1:
                ahead, self._ahead = self._ahead, None
                await self._settle(ahead)
        if self._lock.waiting:
            await self._flush()

    async def _pace(self, stop: asyncio.Event) -> None:
        """Let records gather until just before the trip in the engine ends (`pacing`)."""
        ahead = self._ahead
        if ahead is None or self._carry:
            return
        wait = self._pacer.wait_s(ahead.timing, self._inbox.size, self.settings.batch_size)
        await gather_until(wait, ahead.results, self._ownership.wanted, stop)

    async def _hold(self) -> None:
        if not self._holding:
            await self._lock.acquire()
            self._holding = True

    async def _flush(self) -> None:
        """Settle the trip in the engine, if any; release the lock."""
        try:
            if self._ahead is not None:
                ahead, self._ahead = self._ahead, None
                await self._settle(ahead)
        finally:
            if self._holding:
                self._holding = False
                self._lock.release()

    async def _abandon(self) -> None:
        """On the way out after a failure: the trip in the engine opened transactions that
        must abort rather than wait for it."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            ahead.results.cancel()
            await asyncio.gather(ahead.results, return_exceptions=True)
            ahead.fail()
        if self._holding:
            self._holding = False
            self._lock.release()

    def _still_mine(self, piece: Piece, epoch: int) -> bool:
        tp, producer, _ = piece
        return (
            tp in self._ownership.owned
            and self._epoch.get(tp, 0) == epoch
            and self._producers.get(tp.partition) is producer
        )

    def _pieces(
        self,
        batches: dict[TopicPartition, list[Any]],
        pieces: dict[StreamName, list[Piece]],
        size: int,
    ) -> dict[TopicPartition, int]:
        """Cut the owned partitions' new records into pieces of up to `size` records; the
        partitions' epochs."""
        for tp, fetched in batches.items():
            producer = self._producers.get(tp.partition)
            if tp not in self._ownership.owned or producer is None:
                continue  # revoked
            records = [r for r in fetched if r.offset >= self._next.get(tp, 0)]
            if not records:
                continue
            self._next[tp] = records[-1].offset + 1
            for i in range(0, len(records), size):
                piece = (tp, producer, records[i : i + size])
                pieces.setdefault(self.settings.stream_of(tp.topic), []).append(piece)
        return {tp: self._epoch.get(tp, 0) for group in pieces.values() for tp, _, _ in group}

    def _submit(
        self,
        trip: list[tuple[StreamName, list[Piece]]],
        jobs: list[Job],
        epochs: dict[TopicPartition, int],
    ) -> InFlight:
        """Hand `trip` to the engine; open the transactions of its tasks that have none
        gathering: they begin and take the trip's input offsets while the engine works (see
        `transaction`)."""
        started = time.perf_counter()
        results = asyncio.ensure_future(self.runner.run(jobs))
        flight = InFlight(trip, epochs, started, results)
        flight.timing = self._pacer.handed(sum(len(c) for _, g in trip for _, _, c in g), results)
        for _, group in trip:
            for tp, producer, chunk in group:
                if self._commits.gathering(tp.partition) is None:
                    flight.opened[tp.partition] = self._commits.start(
                        tp.partition, producer, started
                    )
                if tp.partition in flight.opened:
                    flight.opened[tp.partition].opening[tp] = chunk[-1].offset + 1
        return flight

    async def _settle(self, flight: InFlight) -> None:
        """The trip's results into its tasks' transactions."""
        try:
            results = await self._ownership.results(flight, self.runner)
        except BaseException:
            flight.fail()
            raise
        if results is None:
            return
        # One transaction per task of the trip, holding every stream's batch of that task;
        # batches of a partition reassigned meanwhile are left out (fetched again by its owner).
        epochs, behind = flight.epochs, bool(self._carry)  # behind a trip cut short: carried
        for (stream, group), routed in zip(flight.calls, results, strict=True):
            for piece, result in zip(group, routed, strict=True):
                tp, producer, _ = piece
                if self._epoch.get(tp, 0) != epochs[tp] or tp not in self._ownership.owned:
                    continue
                opened = flight.opened.get(tp.partition)
                kept = None if behind else result
                chunk = self._carry.split(stream, piece, kept, epochs[tp], opened)
                if not chunk:
                    continue
                # Its transaction has not sent records (the trip opened it, or the task's
                # previous one is in flight): join it instead of queueing one more - fewer
                # transactions under load, each costing the same round trips and markers.
                joined = self._commits.gathering(tp.partition)
                if joined is None:
                    joined = self._commits.start(tp.partition, producer, flight.started)
                    joined.ready.set()
                joined.parts.append((tp, chunk, result))
        for gathering in flight.opened.values():
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
