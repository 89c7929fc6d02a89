"""A worker's fetched records waiting for its processing loop, and the loop that fetches them.

`Inbox.fetch` hands everything fetched over as soon as it arrives: aiokafka sends the next fetch
to a broker only once the records it buffered have been taken (or after `prefetch_backoff`), so
taking them only between rounds made records wait about two rounds before processing began.
Each take is stamped with the partitions' epochs: a new assignment bumps the epoch, and what
was taken before is then dropped (`Inbox.take`).

While the processing loop is behind (the inbox holds `4 * batch_size` records), the fetch loop
lets aiokafka buffer and waits for the next take, but not longer than a quarter of
`max_poll_interval_ms`; then it goes on calling `getmany` with the partitions paused (`Holds`)
until the inbox has room. Only waiting, a round of slow records - each bounded by the work
budget, a round of them not - kept it from polling past the interval, and aiokafka left the
group.

Pausing while behind, without stopping to poll:

aiokafka measures the time since the last `getmany` ended (`fetcher_idle_time`, checked by the
heartbeat task) and leaves the group once it passes `max_poll_interval_ms`; paused partitions
do not count as idle. So a fetch loop that must take nothing more keeps calling `getmany` with
its partitions paused rather than waiting. aiokafka drops what it had buffered for a paused
partition and fetches it again from the partition's position once resumed: nothing is lost.

The ownership protocol (`kafka.ownership`) pauses partitions too: from their assignment until
they are claimed and positioned. Those are left alone, and a partition held here is resumed
only if it is still owned as it was when paused (same epoch, not waiting to be claimed).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from pipeline.streaming.kafka.ownership import Ownership
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker import stages

Fetched = dict[TopicPartition, list[Any]]


class Inbox:
    """Fetched records, stamped with the partitions' epochs (the worker's, shared)."""

    def __init__(
        self, settings: StreamSettings, ownership: Ownership, epochs: Mapping[TopicPartition, int]
    ) -> None:
        self._settings = settings
        self._ownership = ownership
        self._epochs = epochs
        self._fetched: list[tuple[dict[TopicPartition, int], Fetched]] = []
        self.size = 0
        self._arrived = asyncio.Event()
        self._taken = asyncio.Event()

    async def fetch(self, consumer: AIOKafkaConsumer, stop: asyncio.Event) -> None:
        """Fetch until `stop`, pausing while the processing loop is behind (module doc)."""
        s = self._settings
        limit = 4 * s.batch_size
        patience = s.max_poll_interval_ms / 4000
        holds = Holds(self._ownership, self._epochs)
        while not stop.is_set():
            if self.size >= limit:  # the processing loop is behind: fetch nothing more
                if not holds.held:
                    self._taken.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._taken.wait(), patience)
                    if self.size < limit:
                        continue  # taken in time: aiokafka's buffer is still there
                holds.hold(consumer)
            else:
                holds.release(consumer)
            batches = await consumer.getmany(timeout_ms=s.fetch_max_wait_ms)
            if batches:
                if stages.active():
                    for records in batches.values():
                        stages.stamp("fetched", records)
                epochs = {tp: self._epochs.get(tp, 0) for tp in batches}
                self._fetched.append((epochs, batches))
                self.size += sum(len(records) for records in batches.values())
                self._arrived.set()

    async def take(self, until: asyncio.Future[Any] | None = None) -> Fetched:
        """Everything fetched since the last take (waits up to `batch_timeout_ms` for some, or
        until `until` is done - the trip in the engine), per partition, without what a
        reassignment made stale."""
        if not self._fetched and not (until is not None and until.done()):
            self._arrived.clear()
            arrived = asyncio.ensure_future(self._arrived.wait())
            waits: set[asyncio.Future[Any]] = {arrived} if until is None else {arrived, until}
            try:
                await asyncio.wait(
                    waits,
                    timeout=self._settings.batch_timeout_ms / 1000,
                    return_when=asyncio.FIRST_COMPLETED,
                )
            finally:
                arrived.cancel()
        fetched, self._fetched, self.size = self._fetched, [], 0
        self._taken.set()
        merged: Fetched = {}
        for epochs, batches in fetched:
            for tp, records in batches.items():
                if epochs[tp] == self._epochs.get(tp, 0):
                    merged.setdefault(tp, []).extend(records)
        if stages.active():
            for records in merged.values():
                stages.stamp("taken", records)
        return merged


class Holds:
    """The partitions a fetch loop paused, with their epochs at the pause."""

    def __init__(self, ownership: Ownership, epochs: Mapping[TopicPartition, int]) -> None:
        self._ownership = ownership
        self._epochs = epochs  # the worker's: bumped each time a partition is (re)claimed
        self.held: dict[TopicPartition, int] = {}

    def hold(self, consumer: AIOKafkaConsumer) -> None:
        """Pause every partition being fetched (the protocol's paused ones are not)."""
        fetching = consumer.assignment() - consumer.paused()
        if fetching:
            for tp in fetching:
                self.held[tp] = self._epochs.get(tp, 0)
            consumer.pause(*fetching)

    def release(self, consumer: AIOKafkaConsumer) -> None:
        """Resume what `hold` paused and is still owned as it was then: a partition reassigned
        since (a new epoch, or assigned and not yet claimed) is the protocol's to resume, one
        revoked is nobody's."""
        if not self.held:
            return
        owned, pending = self._ownership.owned, self._ownership.pending
        assigned = consumer.assignment()
        resume = [
            tp
            for tp, epoch in self.held.items()
            if tp in assigned
            and tp in owned
            and tp not in pending
            and self._epochs.get(tp, 0) == epoch
        ]
        self.held.clear()
        if resume:
            consumer.resume(*resume)
