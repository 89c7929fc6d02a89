"""The partition-ownership protocol every transactional app of the pipeline follows.

Each owned partition (or task of partitions) writes through a transactional producer whose id
belongs to it, so a new owner fences the old one. Handing a partition over safely takes, in order:

1. on assignment - in the rebalance callback, kept short because aiokafka does not heartbeat
   while it runs - pause the new partitions;
2. in the app's main loop (`prepare`), under the app's lock: `claim` them (start their
   transactional producers: `init_transactions` fences the previous owner and settles its last
   transaction; load any state), then read the committed offsets - only now final: aiokafka
   read them before the fence - and seek there (the beginning when there are none), tell the
   app (`ready`) and resume;
3. on revocation, under the same lock, so that a partition changes hands only between batches:
   `release` them (wait for the commits in flight, close their producers) before the group
   moves on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from typing import Protocol

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.abc import ConsumerRebalanceListener

log = logging.getLogger(__name__)


def names(tps: Iterable[TopicPartition]) -> str:
    """`topic[p], ...` for logs."""
    return ", ".join(f"{tp.topic}[{tp.partition}]" for tp in sorted(tps)) or "nothing"


async def seek_committed(consumer: AIOKafkaConsumer, tp: TopicPartition) -> int | None:
    """Seek `tp` to its committed offset (the beginning when there is none); that offset."""
    committed: int | None = await consumer.committed(tp)
    if committed is None:
        await consumer.seek_to_beginning(tp)
    else:
        consumer.seek(tp, committed)
    return committed


class Owner(Protocol):
    """What an app does at each step of the protocol."""

    async def claim(self, tps: list[TopicPartition]) -> None:
        """Start the producers of `tps` (fencing their previous owners); load their state."""
        ...

    def ready(self, committed: dict[TopicPartition, int | None]) -> None:
        """`tps` are owned and positioned at their committed offsets (None: the beginning)."""
        ...

    async def release(self, tps: set[TopicPartition]) -> None:
        """Give up `tps`: finish the commits in flight, close producers, drop state."""
        ...


class Ownership(ConsumerRebalanceListener):  # type: ignore[misc]
    """The rebalance listener and `prepare` step of one consumer; see the module doc.

    `claims(tp)` selects the partitions that go through the protocol (others, read at least
    once, are only reported to `on_assign`); logs go to the app's `logger`.
    """

    def __init__(
        self,
        owner: Owner,
        lock: asyncio.Lock,
        *,
        claims: Callable[[TopicPartition], bool] = lambda tp: True,
        on_assign: Callable[[set[TopicPartition]], None] | None = None,
        logger: logging.Logger = log,
    ) -> None:
        self._log = logger  # the app's: its logs say which app was assigned what
        self._owner = owner
        self._lock = lock
        self._claims = claims
        self._on_assign = on_assign
        self.owned: set[TopicPartition] = set()
        self.pending: set[TopicPartition] = set()  # assigned, not yet claimed
        self.consumer: AIOKafkaConsumer | None = None

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        if self._on_assign is not None:
            self._on_assign(set(assigned))
        new = {tp for tp in assigned if self._claims(tp)} - self.owned
        if new and self.consumer is not None:
            self.consumer.pause(*new)
        self.pending |= new
        self._log.info("assigned %s", names(assigned))

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        async with self._lock:  # waits for the batch in progress
            await self._give_up(set(revoked))
        if revoked:
            self._log.info("revoked %s", names(revoked))

    async def _give_up(self, tps: set[TopicPartition]) -> None:
        self.pending -= tps
        mine = tps & self.owned
        self.owned -= tps
        await self._owner.release(mine)

    async def prepare(self) -> None:
        """Claim what was assigned since the last call (step 2); quick when nothing was."""
        consumer = self.consumer
        if not self.pending or consumer is None:
            return
        async with self._lock:
            tps = sorted(self.pending & consumer.assignment())
            self.pending.clear()
            if not tps:
                return
            await self._owner.claim(tps)
            committed = {tp: await seek_committed(consumer, tp) for tp in tps}
            self.owned |= set(tps)
            self._owner.ready(committed)
            consumer.resume(*tps)
            self._log.info("ready for %s", names(tps))

    async def release_all(self) -> None:
        """Give up everything still owned (at the end of a run)."""
        async with self._lock:
            await self._give_up(set(self.owned))
