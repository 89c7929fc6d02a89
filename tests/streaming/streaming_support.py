"""Shared helpers of the streaming tests: private topic prefixes, in-process workers, reading."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pipeline.config.loader import LoadedConfig, load_config
from pipeline.errors import BrokerError
from pipeline.secrets import Secrets
from pipeline.streaming.kafka import clients
from pipeline.streaming.kafka.io import Message, partitions_of, produce, read_topic
from pipeline.streaming.kafka.topics import ensure_topics
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker.serve import serve
from pipeline.streaming.worker.worker import Worker
from tests.broker import REPO

SECRETS = Secrets(
    token_key=hashlib.sha256(b"streaming token key").digest(),
    master_key=hashlib.sha256(b"streaming master key").digest(),
)
_CONFIG: list[LoadedConfig] = []


def config() -> LoadedConfig:
    """The default policy, loaded once per session."""
    if not _CONFIG:
        _CONFIG.append(load_config(None))
    return _CONFIG[0]


def settings_for(bootstrap: str, name: str, **overrides: Any) -> StreamSettings:
    """Settings with a topic prefix and group of their own."""
    prefix = f"t{uuid.uuid4().hex[:8]}.{name}."
    values: dict[str, Any] = {
        "bootstrap_servers": bootstrap,
        "topic_prefix": prefix,
        "group_id": f"{prefix}group",
        "partitions": 3,
        "batch_timeout_ms": 100,
        "session_timeout_ms": 6000,
        **overrides,
    }
    return StreamSettings(**values)


def topic_names(settings: StreamSettings) -> list[str]:
    """Every topic the settings name (for deletion after a test)."""
    names = [settings.vault_topic, settings.vault_keys_topic, settings.consent_topic]
    names += [settings.audit_topic, settings.text_templates_topic]
    for stream in settings.streams:
        names += [settings.raw(stream), settings.sanitized(stream), settings.dlq(stream)]
    return names


async def wait_for(
    check: Callable[[], Awaitable[bool]], timeout_s: float, what: str, step_s: float = 0.3
) -> None:
    """Poll `check` until true; AssertionError naming `what` after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        await asyncio.sleep(step_s)


@dataclass
class RunningWorker:
    """A worker running as a task of the test's event loop."""

    task: asyncio.Task[Worker]
    stop: asyncio.Event

    async def finish(self) -> Worker:
        self.stop.set()
        return await asyncio.wait_for(self.task, 30)


def start_worker(settings: StreamSettings) -> RunningWorker:
    """Start `serve` (topics, keys, engine, worker) as a task."""
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, SECRETS, stop, config=config()))
    return RunningWorker(task, stop)


async def publish(settings: StreamSettings, events: Sequence[Mapping[str, Any]]) -> None:
    """Create the settings' topics; publish `events` to the raw topic of `call_logs`."""
    await ensure_topics(settings)
    await produce(settings, settings.raw("call_logs"), [json.dumps(e).encode() for e in events])


async def join_while_busy(
    settings: StreamSettings, events: Sequence[Mapping[str, Any]], busy: Callable[[], bool]
) -> tuple[RunningWorker, RunningWorker]:
    """Publish `events` to the raw topic of `call_logs`, start a worker and, once `busy()` (its
    engine has begun), a second one: its join revokes the first worker's partitions mid-trip."""
    await publish(settings, events)
    first = start_worker(settings)

    async def started() -> bool:
        return first.task.done() or busy()

    await wait_for(started, 60, "the first worker's first engine call", step_s=0.05)
    return first, start_worker(settings)


async def until_output(
    settings: StreamSettings, count: int, workers: Sequence[RunningWorker], timeout_s: float
) -> None:
    """Wait until `count` records are out (sanitized or dead letters); no worker may stop."""

    async def over() -> bool:
        done = any(w.task.done() for w in workers)
        return done or await output_count(settings) >= count

    await wait_for(over, timeout_s, f"{count} records out")
    assert not [w for w in workers if w.task.done()], "a worker stopped"


async def assert_exact(settings: StreamSettings, events: Sequence[Mapping[str, Any]]) -> None:
    """Every event of `call_logs` came out exactly once: sanitized or a dead letter."""
    sanitized = event_ids(await read_all(settings, settings.sanitized("call_logs")))
    dead = await read_all(settings, settings.dlq("call_logs"))
    assert not [i for i, n in Counter(sanitized).items() if n > 1], "duplicates"
    assert len(sanitized) + len(dead) == len(events), "gaps"
    assert set(sanitized) <= {e["event_id"] for e in events}


async def output_count(settings: StreamSettings) -> int:
    """Committed sanitized plus dead-letter records over all streams.

    One read_committed consumer for every topic, read to the ends as of the start (as
    `read_topic` reads one): tests poll this, and a consumer per topic cost about 0.27 s each.
    """
    topics = [
        t for stream in settings.streams for t in (settings.sanitized(stream), settings.dlq(stream))
    ]
    consumer = clients.consumer(settings, client_id="pii-pipeline-reader")
    try:
        await consumer.start()
        tps = [tp for topic in topics for tp in await partitions_of(consumer, topic)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        end = await consumer.end_offsets(tps)
        total = 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 20
        while [tp for tp in tps if await consumer.position(tp) < end[tp]]:
            if loop.time() > deadline:
                raise BrokerError(f"{', '.join(topics)} not read to their ends in 20 s")
            batches = await consumer.getmany(timeout_ms=200)
            total += sum(len(records) for records in batches.values())
        return total
    finally:
        await consumer.stop()


async def read_all(settings: StreamSettings, topic: str) -> list[Message]:
    """Every committed record of `topic`."""
    return await read_topic(settings, topic, timeout_s=20)


def event_ids(messages: list[Message]) -> list[str]:
    """The event ids of sanitized records."""
    return [json.loads(m.value or b"{}")["event_id"] for m in messages]


class CommandProcess:
    """`python -m pipeline COMMAND` with the test's settings in its environment; log to a file."""

    def __init__(
        self,
        command: str,
        settings: StreamSettings,
        log: Path,
        extra_env: Mapping[str, str] | None = None,
        own_group: bool = False,
    ) -> None:
        env = {
            **os.environ,
            "KAFKA_BOOTSTRAP_SERVERS": settings.bootstrap_servers,
            "PII_TOPIC_PREFIX": settings.topic_prefix,
            "PII_STREAMS": json.dumps(list(settings.streams)),
            "PII_PARTITIONS": str(settings.partitions),
            "PII_SESSION_TIMEOUT_MS": str(settings.session_timeout_ms),
            **(extra_env or {}),
        }
        self.log = log
        self._out: IO[bytes] = log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline", command],
            cwd=REPO,
            env=env,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            start_new_session=own_group,  # a process group of its own, for `interrupt`
        )

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def interrupt(self) -> int:
        """Ctrl-C: SIGINT to its whole process group (started with `own_group`), as a terminal does."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
        try:
            return self.proc.wait(timeout=30)
        finally:
            self.stop(signal.SIGKILL)  # only if it did not end in time

    def stop(self, sig: int = signal.SIGTERM) -> int:
        """Signal the process and wait for its exit code; one that does not end in time is killed.

        A test fails on the timeout, but never leaves the process running: an orphaned worker goes
        on consuming (and loading the machine) long after the test, and its open log is reported
        as an unraisable warning in whichever test runs next.
        """
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise
        finally:
            self._out.close()


def stop_all(processes: Sequence[CommandProcess]) -> list[int]:
    """Stop every process, even when one of them does not end in time (that one is killed)."""
    codes: list[int] = []
    late: subprocess.TimeoutExpired | None = None
    for process in processes:
        try:
            codes.append(process.stop())
        except subprocess.TimeoutExpired as exc:
            late = late or exc
    if late is not None:
        raise late
    return codes


class WorkerProcess(CommandProcess):
    """`python -m pipeline worker` with the test's settings and keys."""

    def __init__(
        self,
        settings: StreamSettings,
        log: Path,
        extra_env: Mapping[str, str] | None = None,
        own_group: bool = False,
    ) -> None:
        super().__init__(
            "worker",
            settings,
            log,
            {
                "PII_GROUP_ID": settings.group_id,
                "PII_BATCH_SIZE": str(settings.batch_size),
                "PII_BATCH_TIMEOUT_MS": str(settings.batch_timeout_ms),
                "PII_TOKEN_KEY": SECRETS.token_key.hex(),
                "PII_VAULT_MASTER_KEY": SECRETS.master_key.hex(),
                **(extra_env or {}),
            },
            own_group,
        )

    def assigned(self) -> bool:
        """Whether its latest assignment is non-empty and no revocation followed it."""
        lines = [
            ln for ln in self.text().splitlines() if re.search(r"worker: (assigned|revoked)", ln)
        ]
        return bool(lines) and "assigned" in lines[-1]

    def processed(self) -> int:
        found = re.findall(r"worker stopped after (\d+) records", self.text())
        return int(found[-1]) if found else -1

    def children(self) -> list[int]:
        """Its child processes (the engine process, multiprocessing's resource tracker)."""
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []
