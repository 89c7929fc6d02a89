"""A worker's tasks: the partitions it owns, grouped by task, and their producers.

The worker's side of the ownership protocol (`kafka.ownership`): `claim` starts the
transactional producer of each new task (its id fences the task's previous owner, see
`assignor`), `ready` marks what was fetched before the seek to the committed offsets as stale,
`release` waits for a task's commits in flight and closes the producers of emptied tasks. The
processing loop reads `producers`, `next` and `epoch` to cut fetched records into pieces and to
leave out those of partitions reassigned meanwhile.
"""

from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaProducer, TopicPartition

from pipeline.streaming.kafka import clients
from pipeline.streaming.kafka.batches import BATCH_BYTES
from pipeline.streaming.kafka.ownership import Ownership
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker.assignor import task_transactional_id
from pipeline.streaming.worker.commits import Commits


class Tasks:
    """The `Owner` of one worker's partitions (see `kafka.ownership`)."""

    def __init__(self, settings: StreamSettings, commits: Commits) -> None:
        self.settings = settings
        self._commits = commits
        # One transactional producer per task (partition number, see `assignor`).
        self.producers: dict[int, AIOKafkaProducer] = {}
        # The next offset each owned partition must process: records below it were fetched
        # before a seek (aiokafka may still hand them out) and are already committed.
        self.next: dict[TopicPartition, int] = {}
        # Bumped each time a partition is (re)claimed: what was taken before is stale.
        self.epoch: dict[TopicPartition, int] = {}
        self.ownership: Ownership | None = None  # set by the worker once it exists

    async def claim(self, tps: list[TopicPartition]) -> None:
        """Start the producers of the tasks of `tps` (fences their previous owners)."""
        consumer = self.ownership.consumer if self.ownership is not None else None
        assignment = consumer.assignment() if consumer is not None else set(tps)
        tasks = sorted({tp.partition for tp in tps} - set(self.producers))
        started = await asyncio.gather(
            *(
                self._start_producer(task, [t.topic for t in assignment if t.partition == task])
                for task in tasks
            )
        )
        self.producers.update(zip(tasks, started, strict=True))

    def ready(self, committed: dict[TopicPartition, int | None]) -> None:
        """Records below the committed offsets are stale from now on (see `_take`)."""
        for tp, offset in committed.items():
            self.next[tp] = offset or 0
            self.epoch[tp] = self.epoch.get(tp, 0) + 1

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
            self.next.pop(tp, None)
        owned = self.ownership.owned if self.ownership is not None else set()
        emptied = [t for t in tasks if not any(tp.partition == t for tp in owned)]
        producers = [self.producers.pop(t) for t in emptied if t in self.producers]
        for task in emptied:
            self._commits.forget(task)
        await asyncio.gather(*(p.stop() for p in producers), return_exceptions=True)
