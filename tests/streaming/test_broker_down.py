"""With the broker down, the topic helpers fail and close the client they made (no
"Unclosed AIOKafka…" resource warning left for the garbage collector)."""

from __future__ import annotations

import asyncio
import gc
import socket
import warnings
from collections.abc import Awaitable, Callable

import pytest
from aiokafka.errors import KafkaError

from pipeline.streaming.kafka.io import produce, read_topic
from pipeline.streaming.settings import StreamSettings
from tests.streaming.streaming_support import settings_for


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


CALLS: dict[str, Callable[[StreamSettings], Awaitable[object]]] = {
    "read_topic": lambda s: read_topic(s, "nowhere", timeout_s=1),
    "produce": lambda s: produce(s, "nowhere", [b"{}"]),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_helper_that_cannot_reach_the_broker_closes_its_client(name: str) -> None:
    settings = settings_for(f"127.0.0.1:{_closed_port()}", "down")
    with pytest.raises(KafkaError):
        asyncio.run(CALLS[name](settings))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gc.collect()
    assert not [w for w in caught if "Unclosed" in str(w.message)]
