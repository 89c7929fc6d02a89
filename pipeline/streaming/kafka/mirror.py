"""`TopicMirror`: a topic read to its end at start, then followed (vault keys, consent)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from aiokafka import AIOKafkaConsumer

from pipeline.errors import BrokerError
from pipeline.streaming.kafka import clients
from pipeline.streaming.kafka.io import partitions_of
from pipeline.streaming.settings import StreamSettings


class TopicMirror:
    """A topic read from the beginning to its end at start, then followed: how a state kept in
    a (compacted) topic - vault keys, consent - is shared by every process. No consumer group
    (each reader needs every partition), `read_committed`. `apply(records, loading)` gets each
    fetched batch; `loading` is true until the end offsets found at start were reached."""

    def __init__(
        self,
        settings: StreamSettings,
        topic: str,
        client_id: str,
        apply: Callable[[list[Any], bool], None],
    ) -> None:
        self._settings = settings
        self._topic = topic
        self._client_id = client_id
        self._apply = apply
        self._consumer: AIOKafkaConsumer | None = None
        self._follow: asyncio.Task[None] | None = None

    async def start(self, timeout_s: float) -> None:
        """Read to the end (BrokerError after `timeout_s`), then follow in the background."""
        consumer = clients.consumer(self._settings, client_id=self._client_id)
        try:
            await consumer.start()
            tps = await partitions_of(consumer, self._topic)
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
            end = await consumer.end_offsets(tps)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout_s
            while [tp for tp in tps if await consumer.position(tp) < end[tp]]:
                if loop.time() > deadline:
                    raise BrokerError(f"topic {self._topic} not read in {timeout_s} s")
                batches = await consumer.getmany(*tps, timeout_ms=200)
                self._apply([r for records in batches.values() for r in records], True)
        except BaseException:
            await consumer.stop()
            raise
        self._consumer = consumer
        self._follow = asyncio.create_task(self._follow_topic(consumer), name=self._client_id)

    async def _follow_topic(self, consumer: AIOKafkaConsumer) -> None:
        while True:
            batches = await consumer.getmany(timeout_ms=1000)
            self._apply([r for records in batches.values() for r in records], False)

    async def stop(self) -> None:
        """Stop following and close the consumer."""
        if self._follow is not None:
            self._follow.cancel()
            await asyncio.gather(self._follow, return_exceptions=True)
            self._follow = None
        if self._consumer is not None:
            await self._consumer.stop()
            self._consumer = None
