"""The pipeline end to end on the secured broker (SASL/SCRAM, StandardAuthorizer, ACLs), each part
under its own principal: input written as `producer`, the worker and the aggregator from their
client files, sanitized records read as `analytics`, releases read as `ads`."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.corpus import generate
from pipeline.corpus.recent import restamp
from pipeline.streaming.kafka.acls import apply, plan
from pipeline.streaming.kafka.io import produce, read_topic
from pipeline.streaming.settings import StreamSettings
from tests.streaming.streaming_support import CommandProcess, WorkerProcess, stop_all, wait_for

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(400)]

# A deployment of its own on the shared secured broker: its ACLs are set for this prefix, so the
# ACL tests' topics (prefix `sec.`) are not touched.
PREFIX = "e2e."
STREAM = "analytics_events"  # feeds analytics.web_traffic and ads.audience
AGGREGATOR_ENV = {
    "PII_WINDOW_SIZE_S": "10",
    "PII_ALLOWED_LATENESS_S": "2",
    "PII_K_ANALYTICS": "2",
    "PII_K_ADS": "2",
    "PII_AGGREGATE_IDLE_S": "3",
    "PII_METRICS_PORT": "0",
}


def _as(principals: Path, name: str) -> StreamSettings:
    """Settings of one principal: its client file, the deployment's prefix and stream."""
    return StreamSettings(
        kafka_client_file=principals / f"{name}.json",
        topic_prefix=PREFIX,
        streams=(STREAM,),
        partitions=1,
        session_timeout_ms=6000,
    )


def test_pipeline_runs_end_to_end_under_its_own_principals(
    secure_principals: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the secured broker is this test's own: a shared plaintext broker named in the environment
    # (KAFKA_BOOTSTRAP_SERVERS, which would win over the client files' bootstrap) is not it
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.delenv("PII_BOOTSTRAP_SERVERS", raising=False)
    assert apply(secure_principals / "admin.json", plan(PREFIX)) > 0
    worker_s, aggregator_s = _as(secure_principals, "worker"), _as(secure_principals, "aggregator")
    analytics, ads = _as(secure_principals, "analytics"), _as(secure_principals, "ads")
    admin = _as(secure_principals, "admin")  # the dead letters: nobody else may read them
    now = datetime.now(UTC)
    events = [restamp(e.event, now) for e in generate(STREAM, 300, "secured")]

    worker = WorkerProcess(
        worker_s,
        tmp_path / "worker.log",
        {"PII_KAFKA_CLIENT_FILE": str(secure_principals / "worker.json"), "PII_METRICS_PORT": "0"},
    )
    aggregator: CommandProcess | None = None

    def alive() -> None:
        for process in (worker, aggregator):
            if process is not None and process.proc.poll() is not None:
                raise AssertionError(f"{process.log.name} exited: {process.text()[-3000:]}")

    async def started() -> bool:
        alive()
        return "worker started" in worker.text()

    async def scenario() -> tuple[list[str], int, list[dict[str, object]]]:
        nonlocal aggregator
        await wait_for(started, 90, "the worker (it creates its topics)")
        aggregator = CommandProcess(
            "aggregator",
            aggregator_s,
            tmp_path / "aggregator.log",
            {"PII_KAFKA_CLIENT_FILE": str(secure_principals / "aggregator.json"), **AGGREGATOR_ENV},
        )
        producer = _as(secure_principals, "producer")
        values = [json.dumps(e).encode() for e in events]
        assert await produce(producer, producer.raw(STREAM), values) == len(events)

        sanitized: list[str] = []

        async def all_out() -> bool:
            alive()
            messages = await read_topic(analytics, analytics.sanitized(STREAM), timeout_s=10)
            sanitized[:] = [json.loads(m.value or b"{}")["event_id"] for m in messages]
            dead = await read_topic(admin, admin.dlq(STREAM), timeout_s=10)
            return len(sanitized) + len(dead) >= len(events)

        await wait_for(all_out, 90, "every record sanitized or dead-lettered", step_s=1.0)
        dead = len(await read_topic(admin, admin.dlq(STREAM), timeout_s=10))
        released: list[dict[str, object]] = []

        async def some_released() -> bool:
            alive()
            messages = await read_topic(ads, ads.release("ads.audience"), timeout_s=10)
            released[:] = [m.json() for m in messages]
            return bool(released)

        await wait_for(some_released, 120, "ads.audience releases", step_s=2.0)
        return sanitized, dead, released

    try:
        sanitized, dead, released = asyncio.run(scenario())
    finally:
        codes = stop_all([p for p in (worker, aggregator) if p is not None])
    assert codes == [0, 0], [worker.text()[-2000:], aggregator.text()[-2000:] if aggregator else ""]

    ids = {e["event_id"] for e in events}
    assert not [i for i, n in Counter(sanitized).items() if n > 1], "duplicates"
    assert len(sanitized) + dead == len(ids) and set(sanitized) <= ids
    assert len(sanitized) > len(ids) // 2
    assert released
    assert "tok_" not in json.dumps(released)  # aggregates: no subject's token
