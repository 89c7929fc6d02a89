"""The processors under test, each in a child process: the worker and the pass-throughs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from pipeline.observability.logs import lower_routine_group_notices
from pipeline.observability.pauses import install_from_env
from pipeline.streaming.bench import requests
from pipeline.streaming.bench.results import progress
from pipeline.streaming.bench.stages import STAGES_ENV
from pipeline.streaming.kafka import clients
from pipeline.streaming.kafka.batches import BATCH_BYTES, send_batched
from pipeline.streaming.lifecycle import run_until_stopped
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker import stages

log = logging.getLogger(__name__)

PRODUCER_BATCH_BYTES = 256 * 1024  # the plain pass-through
BATCH_RECORDS = 256  # the transactional pass-through stops fetching above 4x this, gathering
TOKEN_ENV = "PII_BENCH_TOKEN_KEY"
MASTER_ENV = "PII_BENCH_MASTER_KEY"
PROFILE_ENV = "PII_BENCH_PROFILE"  # set to a path prefix: children dump cProfile stats there


@dataclass(frozen=True)
class _Copy:
    """A consumed record to write unchanged to the sanitized topic (`batches.OutRecord`)."""

    topic: str
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]]


async def _passthrough(settings: StreamSettings, transactional: bool, stop: asyncio.Event) -> None:
    """Copy raw.<stream> to sanitized.<stream> unchanged.

    Transactional: shaped like the worker without the engine - fetching goes on all the time,
    one transactional producer per task (partition number), the tasks' transactions run
    concurrently, each task has at most one in flight and one gathering what arrives meanwhile,
    records go as batches per partition (`send_batched`), the offsets after them. (It used to
    commit one input partition after the other in the fetch loop: at 118 events/s on 9
    partitions that alone made its p50 352 ms.) Plain: idempotent sends, then a commit."""
    topics = [settings.raw(stream) for stream in settings.streams]
    out = {settings.raw(stream): settings.sanitized(stream) for stream in settings.streams}
    consumer = clients.consumer(
        settings,
        *topics,
        client_id="bench-passthrough",
        group_id=settings.group_id,
        fetch_max_wait_ms=settings.fetch_max_wait_ms,
    )
    await consumer.start()
    if not transactional:
        try:
            await _plain_copy(settings, consumer, out, stop)
        finally:
            await consumer.stop()
        return
    producers: dict[int, AIOKafkaProducer] = {}
    gathering: dict[int, list[tuple[TopicPartition, list[Any]]]] = {}
    committing: dict[int, asyncio.Task[None]] = {}

    async def commit(task: int) -> None:
        producer = producers.get(task)
        if producer is None:
            producer = clients.transactional_producer(
                settings,
                f"{settings.group_id}.task{task}",
                client_id="bench-passthrough-txn",
                linger_ms=0,
                max_batch_size=BATCH_BYTES,
            )
            await producer.start()
            producers[task] = producer
        while gathering.get(task):
            parts = gathering.pop(task)
            offsets: dict[TopicPartition, int] = {}
            copies = []
            for tp, records in parts:
                offsets[tp] = records[-1].offset + 1
                copies += [_Copy(out[tp.topic], r.key, r.value, []) for r in records]
            await producer.begin_transaction()
            await asyncio.gather(*await send_batched(producer, copies))
            await producer.send_offsets_to_transaction(offsets, settings.group_id)
            await producer.commit_transaction()

    try:
        while not stop.is_set():
            batches = await consumer.getmany(timeout_ms=settings.fetch_max_wait_ms)
            for tp, records in batches.items():
                gathering.setdefault(tp.partition, []).append((tp, records))
            for task, running in list(committing.items()):
                if running.done():
                    running.result()  # a failed transaction stops the pass-through
                    del committing[task]
            for task in gathering:
                if task not in committing:
                    committing[task] = asyncio.create_task(commit(task))
            backlog = sum(len(r) for parts in gathering.values() for _, r in parts)
            if backlog > 4 * BATCH_RECORDS:  # behind: let the consumer buffer
                await asyncio.wait(set(committing.values()), return_when=asyncio.FIRST_COMPLETED)
        await asyncio.gather(*committing.values())
    finally:
        for running in committing.values():
            running.cancel()
        await asyncio.gather(*committing.values(), return_exceptions=True)
        await consumer.stop()
        await asyncio.gather(*(p.stop() for p in producers.values()), return_exceptions=True)


async def _plain_copy(
    settings: StreamSettings,
    consumer: AIOKafkaConsumer,
    out: dict[str, str],
    stop: asyncio.Event,
) -> None:
    plain = clients.producer(
        settings,
        client_id="bench-passthrough",
        linger_ms=5,
        max_batch_size=PRODUCER_BATCH_BYTES,
    )
    await plain.start()
    try:
        while not stop.is_set():
            batches = await consumer.getmany(timeout_ms=settings.batch_timeout_ms)
            for tp, records in batches.items():
                for i in range(0, len(records), settings.batch_size):
                    chunk = records[i : i + settings.batch_size]
                    futures = [
                        await plain.send(out[tp.topic], key=r.key, value=r.value) for r in chunk
                    ]
                    await asyncio.gather(*futures)
                    await consumer.commit({tp: chunk[-1].offset + 1})
    finally:
        await plain.stop()


def run_child(role: str, settings: StreamSettings) -> int:
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format=f"[{role} %(process)d] %(levelname)s %(name)s: %(message)s",
    )
    # As in the worker command (observability.logs): a rebalance is no warning.
    lower_routine_group_notices()

    async def main(stop: asyncio.Event) -> None:
        install_from_env(role, loop=True)  # collector passes and loop lag (bench.pauses)
        if role == "worker":
            from pipeline.secrets import Secrets
            from pipeline.streaming.worker.serve import serve

            secrets = Secrets(
                token_key=bytes.fromhex(os.environ[TOKEN_ENV]),
                master_key=bytes.fromhex(os.environ[MASTER_ENV]),
            )
            await serve(settings, secrets, stop, freeze_heap=True)
        else:
            await _passthrough(settings, role == "passthrough-txn", stop)

    counts_to = os.environ.get(requests.REQUESTS_ENV)
    if counts_to:
        requests.install(counts_to)
    stages_to = os.environ.get(STAGES_ENV) if role == "worker" else None
    clock = stages.StageClock() if stages_to else None
    stages.install(clock)
    profile_to = os.environ.get(PROFILE_ENV)
    if not profile_to:
        run_until_stopped(main)
        if clock is not None and stages_to:
            clock.dump(Path(f"{stages_to}.{os.getpid()}.json"))
        return 0
    # cProfile sees the event-loop thread only (not the engine thread): Kafka-side costs.
    import cProfile

    profiler = cProfile.Profile()
    profiler.runcall(run_until_stopped, main)
    profiler.dump_stats(f"{profile_to}.{role}.{os.getpid()}")
    return 0


class Child:
    """A processor running as `python -m pipeline.streaming.bench --role ROLE`."""

    def __init__(self, role: str, settings: StreamSettings) -> None:
        self.role = role
        self.settings = settings
        self.proc: asyncio.subprocess.Process | None = None
        self.lines: list[tuple[float, str]] = []
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        env = dict(os.environ)
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "pipeline.streaming.bench",
            "--role",
            self.role,
            "--settings",
            self.settings.model_dump_json(),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            env=env,
        )
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        stderr = self.proc.stderr if self.proc is not None else None
        if stderr is None:
            return
        async for raw in stderr:
            line = raw.decode(errors="replace").rstrip()
            self.lines.append((time.monotonic(), line))
            if "WARNING" in line or "ERROR" in line or "Traceback" in line:
                print(line, file=sys.stderr, flush=True)

    def seen(self, text: str) -> list[float]:
        return [t for t, line in self.lines if text in line]

    def peak_rss_mb(self) -> dict[str, float]:
        """Peak resident set (VmHWM, MiB) of each process of the child: `loop` (the child
        itself: the worker's event loop), and its own children by what they run: `engine`
        (the engine process), `resource tracker` (multiprocessing's), `other`. A worker costs
        their sum; each is its own peak, so the sum bounds the peak of them together."""
        if self.proc is None:
            return {}
        found: dict[str, float] = {}
        pids = [(self.proc.pid, "loop")]
        for task in Path(f"/proc/{self.proc.pid}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                pids += [(int(pid), "") for pid in task.read_text().split()]
        for pid, name in pids:
            with contextlib.suppress(OSError):
                status = Path(f"/proc/{pid}/status").read_text()
                command = name or _process_kind(Path(f"/proc/{pid}/cmdline").read_bytes())
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        mb = int(line.split()[1]) / 1024
                        found[command] = found.get(command, 0.0) + mb
        return found

    async def stop(self) -> None:
        if self.proc is None or self.proc.returncode is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.proc.wait(), 40)
        except TimeoutError:
            progress(f"{self.role} pid {self.proc.pid} did not stop; killing it")
            self.proc.kill()
            await self.proc.wait()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)


def _process_kind(cmdline: bytes) -> str:
    """What a worker's child process runs, from its command line."""
    if b"resource_tracker" in cmdline:
        return "resource tracker"
    if b"spawn_main" in cmdline:
        return "engine"
    return "other"


def warnings_of(children: Sequence[Child]) -> dict[str, int]:
    """WARNING/ERROR lines the children logged, by the error class they name (the client's
    retries: NotEnoughReplicasError, NotLeaderForPartitionError, ...)."""
    found: dict[str, int] = {}
    for child in children:
        for _, line in child.lines:
            if " WARNING " not in line and " ERROR " not in line:
                continue
            names = re.findall(r"\b([A-Z][A-Za-z]+Error)\b", line)
            key = names[-1] if names else "other"
            found[key] = found.get(key, 0) + 1
    return found
