"""Each task's chain of transactions: they commit in order, at most one in flight and one gathering.

A trip opens (`start`) a transaction for each of its tasks that has none gathering; later trips
join the gathering one (`gathering`) rather than queueing more, so there are fewer transactions
under load and none delayed at low load. A transaction waits for its task's previous one and is
dropped if that one failed; it begins and takes the opening trip's input offsets while the
engine works, then sends the records and commits (`transaction`).

With `StreamSettings.txn_preopen`, a task whose last transaction committed with none waiting
behind it begins its next one at once (`transaction.preopen`: AddOffsetsToTxn, with the offsets
just committed), so the next trip finds it open and only sends its own offsets. `start` claims
it (synchronously: nothing else can take it meanwhile); if no trip does within
`txn_preopen_idle_ms`, or when the task's commits are drained (a revocation, a reload, the
end), it is aborted - as a link of the task's chain, so its next transaction begins after that.

A failed transaction is aborted and stops the worker: `check_failure` raises it in the loop
(crash and restart is the recovery; the state lives in Kafka, the committed offsets are exact).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import KafkaError, ProducerFenced

from pipeline.errors import BrokerError
from pipeline.streaming.kafka.ownership import names
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker.keystore import KafkaKeyStore
from pipeline.streaming.worker.prometheus import WorkerMetrics
from pipeline.streaming.worker.transaction import Gathering, begin, complete, preopen

log = logging.getLogger(__name__)


@dataclass(eq=False)
class Preopened:
    """A task's next transaction, begun before any trip took it (`txn_preopen`)."""

    producer: AIOKafkaProducer
    opening: asyncio.Future[None]  # `transaction.preopen`
    timer: asyncio.TimerHandle | None = None  # closes it when no trip takes it


class Commits:
    """The commit tasks of one worker's tasks (partition numbers, see `assignor`)."""

    def __init__(
        self, settings: StreamSettings, key_store: KafkaKeyStore, metrics: WorkerMetrics
    ) -> None:
        self.settings = settings
        self.key_store = key_store
        self.metrics = metrics
        # Read for the lag after each commit; set once the worker's consumer exists.
        self.consumer: AIOKafkaConsumer | None = None
        self.processed = 0  # records committed
        # The last commit of each task (its successor waits for it), every commit not yet
        # finished.
        self._tails: dict[int, asyncio.Task[bool]] = {}
        # Each task's transaction that still takes parts (opened by a trip, or waiting for the
        # one in flight): later trips join it, so a task has at most one transaction in flight
        # and one gathering.
        self._waiting: dict[int, Gathering] = {}
        self._began: dict[int, float] = {}  # when each task's last transaction began
        # The partitions each task's last transaction held: its next one adds them as it
        # begins (`transaction.begin`).
        self._expected: dict[int, set[TopicPartition]] = {}
        self._pending: set[asyncio.Task[bool]] = set()
        self._preopened: dict[int, Preopened] = {}  # each task's, until a trip takes it
        self._failure: BaseException | None = None

    def gathering(self, task: int) -> Gathering | None:
        """The task's transaction that still takes parts, if it has one."""
        return self._waiting.get(task)

    def start(self, task: int, producer: AIOKafkaProducer, started: float) -> Gathering:
        """The task's next transaction, gathering; it commits after the task's last one."""
        gathering = self._waiting[task] = Gathering()
        pre = self._take(task)
        if pre is not None and pre.producer is not producer:
            pre = None  # a producer since closed (`forget` takes it first: not expected)
        commit = asyncio.create_task(
            self._finish(task, producer, gathering, started, self._tails.get(task), pre)
        )
        self._tails[task] = commit
        self._pending.add(commit)
        commit.add_done_callback(self._settled)
        return gathering

    def _settled(self, task: asyncio.Task[bool]) -> None:
        self._pending.discard(task)
        if not task.cancelled() and task.exception() is not None and self._failure is None:
            self._failure = task.exception()

    def check_failure(self) -> None:
        """Raise what a commit task raised (a fenced producer): the worker must stop."""
        if self._failure is not None:
            raise self._failure

    async def throttle(self, limit: int) -> None:
        """Wait until at most `limit` commits are in flight."""
        while len(self._pending) > limit:
            await asyncio.wait(set(self._pending), return_when=asyncio.FIRST_COMPLETED)

    async def drain(self, tasks: Iterable[int] | None = None) -> None:
        """Wait until the commits of `tasks` (None: every task) have finished (or failed)."""
        chosen = set(self._tails) if tasks is None else set(tasks)
        while True:
            for task in chosen:  # what drains the task must not wait for an idle one
                self._close_preopened(task)
            tails = [self._tails[task] for task in chosen if task in self._tails]
            await asyncio.gather(*tails, return_exceptions=True)
            if not chosen & set(self._preopened):  # none pre-opened by the commits just waited for
                return

    def forget(self, task: int) -> None:
        """The task is no longer ours: its next transaction starts a new chain."""
        self._take(task)  # its producer is closed: the transaction goes with it
        self._tails.pop(task, None)
        self._waiting.pop(task, None)
        self._expected.pop(task, None)

    async def _finish(
        self,
        task: int,
        producer: AIOKafkaProducer,
        gathering: Gathering,
        started: float,
        previous: asyncio.Task[bool] | None,
        pre: Preopened | None = None,
    ) -> bool:
        """Commit one task's processed batches after the previous commit of the task; False if
        the previous one (or the engine trip that opened this one) failed.

        A failed transaction is aborted and stops the worker (BrokerError): a restart - or the
        group's next owner - resumes from the committed offsets, the path the kill -9 test
        proves. (Rewinding in place was tried: after injected failures a CI run committed some
        records twice.)"""
        ok = previous is None or await previous
        interval = self.settings.commit_interval_ms / 1000
        if ok and interval:
            # Still gathering: later trips join it until the interval is over.
            await asyncio.sleep(self._began.get(task, 0.0) + interval - time.monotonic())
        self._began[task] = time.monotonic()
        if not ok or gathering.failed:
            if self._waiting.get(task) is gathering:
                del self._waiting[task]
            if ok and pre is not None:  # the trip that took it failed: it holds nothing
                await self._abort_preopened(task, pre, None)
            return False
        group = self.settings.consumer_group
        expected = self._expected.get(task)
        opening = asyncio.ensure_future(self._open(producer, gathering, group, expected, pre))
        try:
            await gathering.ready.wait()  # the engine's results of the trip that opened it
            gathering.point("ready")
            if self._waiting.get(task) is gathering:
                del self._waiting[task]  # closed: what comes next starts the task's next commit
            await opening
            if gathering.failed:
                await producer.abort_transaction()
                return False
            await self._commit(task, producer, gathering, group)
        except ProducerFenced as exc:
            self.metrics.transactions.labels("fenced").inc()
            raise BrokerError(f"producer of task {task} fenced") from exc
        except (KafkaError, BrokerError) as exc:
            log.warning(
                "transaction of task %d (%s) failed (%s); aborting, the worker stops",
                task,
                names(gathering.opening or gathering.offsets()),
                type(exc).__name__,
            )
            self.metrics.transactions.labels("aborted").inc()
            await asyncio.gather(opening, return_exceptions=True)
            with contextlib.suppress(KafkaError):
                await producer.abort_transaction()
            raise BrokerError(
                f"transaction of task {task} failed ({type(exc).__name__}); "
                "a restart resumes from the committed offsets"
            ) from exc
        parts = gathering.parts
        last = {tp: end - 1 for tp, end in gathering.offsets().items()}
        self.processed += sum(len(records) for _, records, _ in parts)
        self.metrics.committed(
            [
                (tp, self.settings.stream_of(tp.topic), records, routed)
                for tp, records, routed in parts
            ],
            time.perf_counter() - started,
        )
        if self.consumer is not None:
            for tp, end in last.items():
                self.metrics.lag_after(tp, self.consumer.last_stable_offset(tp), end)
        log.debug("committed task %d: %s", task, names(last))
        if self.settings.txn_preopen and self._tails.get(task) is asyncio.current_task():
            self._preopen(task, producer, gathering.offsets(), group)
        return True

    @staticmethod
    async def _open(
        producer: AIOKafkaProducer,
        gathering: Gathering,
        group: str,
        expected: set[TopicPartition] | None,
        pre: Preopened | None,
    ) -> None:
        if pre is not None:
            await pre.opening  # begun, AddOffsetsToTxn answered: only TxnOffsetCommit is left
        await begin(producer, gathering, group, expected)

    def _preopen(
        self,
        task: int,
        producer: AIOKafkaProducer,
        committed: dict[TopicPartition, int],
        group: str,
    ) -> None:
        """Begin the task's next transaction now (module doc): none waits behind this one."""
        if not committed:
            return
        expected = self._expected.get(task)
        opening = asyncio.ensure_future(preopen(producer, committed, group, expected))
        # Retrieved whoever awaits it (if the task is forgotten, nobody does).
        opening.add_done_callback(lambda f: f.cancelled() or f.exception())
        pre = self._preopened[task] = Preopened(producer, opening)
        idle = self.settings.txn_preopen_idle_ms / 1000
        pre.timer = asyncio.get_running_loop().call_later(idle, self._close_preopened, task)

    def _take(self, task: int) -> Preopened | None:
        """The task's pre-opened transaction, if it has one, taken (no longer closed when idle)."""
        pre = self._preopened.pop(task, None)
        if pre is not None and pre.timer is not None:
            pre.timer.cancel()
        return pre

    def _close_preopened(self, task: int) -> None:
        """No trip took the task's pre-opened transaction: abort it, next in the task's chain."""
        pre = self._take(task)
        if pre is None:
            return
        closing = asyncio.create_task(self._abort_preopened(task, pre, self._tails.get(task)))
        self._tails[task] = closing
        self._pending.add(closing)
        closing.add_done_callback(self._settled)

    async def _abort_preopened(
        self, task: int, pre: Preopened, previous: asyncio.Task[bool] | None
    ) -> bool:
        ok = previous is None or await previous
        try:
            await pre.opening
            await pre.producer.abort_transaction()
        except ProducerFenced as exc:
            self.metrics.transactions.labels("fenced").inc()
            raise BrokerError(f"producer of task {task} fenced") from exc
        except KafkaError as exc:
            log.warning("pre-opened transaction of task %d failed (%s)", task, type(exc).__name__)
            raise BrokerError(
                f"pre-opened transaction of task {task} failed ({type(exc).__name__}); "
                "a restart resumes from the committed offsets"
            ) from exc
        return ok

    async def _commit(
        self, task: int, producer: AIOKafkaProducer, gathering: Gathering, group: str
    ) -> None:
        """The rest of a begun transaction: its records, the offsets not sent yet, EndTxn."""
        overlap = self.settings.txn_overlap
        held = await complete(producer, self.key_store, gathering, group, overlap=overlap)
        if overlap:
            self._expected[task] = held
