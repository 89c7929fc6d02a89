"""Pausing a worker's partitions while it is behind, without stopping to poll.

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

from collections.abc import Mapping

from aiokafka import AIOKafkaConsumer, TopicPartition

from pipeline.streaming.kafka.ownership import Ownership


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
