"""The worker's transaction path alone, on a real broker: its requests and their time.

`python -m pipeline.streaming.bench.txnpath --transactions 200` runs the worker's own
`transaction.begin` and `transaction.complete` back to back on one task's transactional
producer, as under load: a transaction begins as soon as the previous one has committed and takes
its input offsets while the "engine" works (a sleep of `--engine-ms`), then a trip's output
records (`--events` events of ~7 records each, keyed over every partition of two output topics)
and - with `--joined` - the offsets of a later trip that joined it. Both orders of the requests
(`StreamSettings.txn_overlap` off and on) alternate in rounds of 10 transactions, each on its own
producer, so a busy machine slows both alike.

Per order, it prints the median and p90 of `after engine` (results in -> EndTxn answered: what a
record waits for once the engine is done) and `open` (begin -> offsets in), and the requests per
transaction by API: a transaction needs one AddPartitionsToTxn and one AddOffsetsToTxn, so more
are retries (CONCURRENT_TRANSACTIONS right after the previous commit). Topics are private
(`txnpath-<random>.`) and deleted at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaProducer, TopicPartition
from aiokafka.admin import NewTopic

from pipeline.streaming.bench.results import percentile
from pipeline.streaming.kafka import clients
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker import stages
from pipeline.streaming.worker.routing import Counts, OutRecord, Routed
from pipeline.streaming.worker.transaction import Gathering, begin, complete

OUTPUTS_PER_EVENT = 7


@dataclass(frozen=True)
class In:
    offset: int


class NoKeys:
    """The key store's part in `complete`: nothing to flush."""

    async def flush(self) -> None:
        return None


_requests: Counter[str] = Counter()


def _count_requests() -> None:
    from aiokafka.conn import AIOKafkaConnection

    original = AIOKafkaConnection.send

    def send(self: AIOKafkaConnection, request: Any, expect_response: bool = True) -> Any:
        _requests[type(request).__name__.split("_")[0].removesuffix("Request")] += 1
        return original(self, request, expect_response)

    AIOKafkaConnection.send = send


@dataclass
class Figures:
    after_engine: list[float] = field(default_factory=list)
    opening: list[float] = field(default_factory=list)
    requests: Counter[str] = field(default_factory=Counter)
    transactions: int = 0


async def _one(
    producer: AIOKafkaProducer,
    settings: StreamSettings,
    offset: int,
    args: argparse.Namespace,
    expected: set[TopicPartition] | None,
    overlap: bool,
    figures: Figures,
) -> set[TopicPartition]:
    source = TopicPartition(settings.raw("call_logs"), 0)
    group = settings.consumer_group
    gathering = Gathering(opening={source: offset + 1})
    before = Counter(_requests)
    opening = asyncio.ensure_future(begin(producer, gathering, group, expected))
    await asyncio.sleep(args.engine_ms / 1000)  # the engine works meanwhile
    outs = [
        OutRecord(topic, os.urandom(8), b"x" * 300)
        for _ in range(args.events)
        for topic in [settings.sanitized("call_logs")] * 4 + [settings.vault_topic] * 3
    ]
    gathering.parts.append((source, [In(offset)], Routed(outs, Counts())))
    if args.joined:
        gathering.parts.append((source, [In(offset + 1)], Routed([], Counts())))
    ready = time.perf_counter()
    gathering.ready.set()
    await opening
    held = await complete(producer, NoKeys(), gathering, group, overlap=overlap)  # type: ignore[arg-type]
    figures.after_engine.append((time.perf_counter() - ready) * 1000)
    points = gathering.points  # the stage clock's (installed by `run`): wall clock
    figures.opening.append((points["open"] - points["begun"]) * 1000)
    figures.requests.update(Counter(_requests) - before)
    figures.transactions += 1
    return held


async def run(args: argparse.Namespace) -> dict[str, Figures]:
    bootstrap = args.bootstrap or os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    prefix = f"txnpath-{uuid.uuid4().hex[:6]}."
    settings = StreamSettings(
        bootstrap_servers=bootstrap, topic_prefix=prefix, group_id=f"{prefix}group"
    )
    topics = [settings.raw("call_logs"), settings.sanitized("call_logs"), settings.vault_topic]
    admin = clients.admin(settings, client_id="txnpath")
    await admin.start()
    await admin.create_topics([NewTopic(t, 3, 1) for t in topics])
    _count_requests()
    stages.install(stages.StageClock())  # the transactions' own points (`Gathering.point`)
    figures = {"overlap off": Figures(), "overlap on": Figures()}
    producers: dict[str, AIOKafkaProducer] = {}
    try:
        for name in figures:
            producers[name] = clients.transactional_producer(
                settings, f"{prefix}{name.replace(' ', '-')}", client_id="txnpath", linger_ms=0
            )
            await producers[name].start()
        # Warm-up: metadata, coordinators.
        for producer in producers.values():
            await _one(producer, settings, 0, args, None, False, Figures())
        offset = 1
        held: dict[str, set[TopicPartition] | None] = dict.fromkeys(figures)
        for _ in range(max(1, args.transactions // 20)):
            for name, producer in producers.items():
                overlap = name == "overlap on"
                for _ in range(10):
                    offset += 2
                    expected = held[name] if overlap else None
                    held[name] = await _one(
                        producer, settings, offset, args, expected, overlap, figures[name]
                    )
    finally:
        await asyncio.gather(*(p.stop() for p in producers.values()), return_exceptions=True)
        await admin.delete_topics(topics)
        await admin.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bootstrap", help="default: $KAFKA_BOOTSTRAP_SERVERS")
    parser.add_argument("--transactions", type=int, default=200, help="per order")
    parser.add_argument("--events", type=int, default=30, help="a trip's events")
    parser.add_argument("--engine-ms", type=float, default=30.0)
    parser.add_argument("--joined", action="store_true", help="a later trip joins each one")
    args = parser.parse_args(argv)
    figures = asyncio.run(run(args))
    for name, f in figures.items():
        per = {api: round(n / f.transactions, 2) for api, n in sorted(f.requests.items())}
        print(
            f"{name}: {f.transactions} transactions; after engine p50 "
            f"{percentile(f.after_engine, 0.5):.1f} ms, p90 {percentile(f.after_engine, 0.9):.1f}"
            f"; open p50 {percentile(f.opening, 0.5):.1f} ms; requests per transaction {per}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
