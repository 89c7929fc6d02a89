"""Hot reload of a worker process on the real broker: SIGHUP with a good and with a bad policy."""

from __future__ import annotations

import asyncio
import json
import re
import signal
import socket
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from pipeline.corpus import generate
from pipeline.streaming.kafka.io import produce
from pipeline.streaming.kafka.topics import ensure_topics
from pipeline.streaming.settings import StreamSettings
from tests.broker import REPO
from tests.streaming.conftest import SettingsFactory
from tests.streaming.streaming_support import WorkerProcess, output_count, read_all, wait_for

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(150)]

KEEP = '["utm_*", "page", "lang", "ref", "plan", "step"]'
STRICTER = '["utm_*", "page", "ref", "plan", "step"]'  # `lang` values are removed from now on


def _policy(keep: str, typo: bool = False) -> str:
    """The shipped policy with absolute paths, its kept query parameters replaced."""
    text = (REPO / "config" / "policy.yaml").read_text(encoding="utf-8")
    text = text.replace("../models/", f"{REPO}/models/").replace("../schemas", f"{REPO}/schemas")
    assert KEEP in text
    text = text.replace(KEEP, keep)
    if typo:
        text = text.replace("  URL: redact\n", "  URL: redact\n  LOCATON: redact\n")
    return text


def _write(path: Path, text: str) -> None:
    """Replace the file at once, as an editor or the console's Save does."""
    part = path.with_suffix(".part")
    part.write_text(text, encoding="utf-8")
    part.replace(path)


def _events(count: int, seed: str) -> list[dict[str, Any]]:
    events = [e.event for e in generate("call_logs", count, seed)]
    for i, event in enumerate(events):  # every record shows what the policy does with `lang`
        event["recording_url"] = f"https://media.example.com/r/{seed}{i}.mp3?lang=en&token=t{i}"
    return events


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _metrics(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as answer:
        text: str = answer.read().decode()
        return text


async def _outputs(settings: StreamSettings) -> tuple[list[dict[str, Any]], int]:
    sanitized = [m.json() for m in await read_all(settings, settings.sanitized("call_logs"))]
    return sanitized, len(await read_all(settings, settings.dlq("call_logs")))


async def _raw_positions(settings: StreamSettings) -> dict[str, tuple[int, int]]:
    messages = await read_all(settings, settings.raw("call_logs"))
    return {m.json()["event_id"]: (m.partition, m.offset) for m in messages}


async def _trickle(
    settings: StreamSettings,
    pool: list[dict[str, Any]],
    sent: list[dict[str, Any]],
    stop: asyncio.Event,
) -> None:
    """Produce `pool` a few records at a time until `stop` (a stream that flows on)."""
    while pool and not stop.is_set():
        chunk, pool[:] = pool[:20], pool[20:]
        await produce(settings, settings.raw("call_logs"), [json.dumps(e).encode() for e in chunk])
        sent.extend(chunk)
        await asyncio.sleep(0.1)


def test_sighup_applies_a_good_policy_between_batches_and_refuses_a_bad_one(
    stream_settings: SettingsFactory, tmp_path: Path
) -> None:
    settings = stream_settings(streams=("call_logs",), batch_size=20)
    policy = tmp_path / "policy.yaml"
    _write(policy, _policy(KEEP))
    port = _free_port()
    asyncio.run(ensure_topics(settings))
    first, pool, third = _events(300, "a"), _events(5000, "b"), _events(100, "c")
    flowing: list[dict[str, Any]] = []  # produced while the policy changes
    worker = WorkerProcess(
        settings,
        tmp_path / "worker.log",
        {"PII_POLICY_PATH": str(policy), "PII_METRICS_PORT": str(port)},
    )

    async def at_least(count: int) -> bool:
        if worker.proc.poll() is not None:
            raise AssertionError(f"worker exited: {worker.text()[-2000:]}")
        return await output_count(settings) >= count

    def logged(text: str) -> Any:
        async def check() -> bool:
            return text in worker.text()

        return check

    async def scenario() -> tuple[list[str], str]:
        await produce(settings, settings.raw("call_logs"), [json.dumps(e).encode() for e in first])
        await wait_for(lambda: at_least(200), 60, "the first committed batches")
        old = re.findall(r'config_version="(sha256:\w+)"', _metrics(port))
        stop = asyncio.Event()
        trickling = asyncio.create_task(_trickle(settings, pool, flowing, stop))
        await asyncio.sleep(1.0)
        _write(policy, _policy(STRICTER))
        worker.proc.send_signal(signal.SIGHUP)
        await wait_for(logged("config reloaded (SIGHUP)"), 30, "the reload")
        await asyncio.sleep(1.5)  # the stream flows on under the new version
        stop.set()
        await trickling
        total = len(first) + len(flowing)
        await wait_for(lambda: at_least(total), 60, "every record produced so far")

        # A typo: refused with file, line and field in one line; the running version stays.
        _write(policy, _policy(STRICTER, typo=True))
        worker.proc.send_signal(signal.SIGHUP)
        await wait_for(logged("refused"), 30, "the refusal")
        await produce(settings, settings.raw("call_logs"), [json.dumps(e).encode() for e in third])
        await wait_for(lambda: at_least(total + len(third)), 60, "the records after the refusal")
        assert worker.proc.poll() is None, "a bad file must not stop the worker"
        return old, _metrics(port)

    try:
        old, metrics = asyncio.run(scenario())
    finally:
        code = worker.stop()
    log = worker.text()
    assert code == 0, log[-2000:]
    assert len(old) == 1, old

    typo_line = _policy(STRICTER, typo=True).splitlines().index("  LOCATON: redact") + 1
    (line,) = [ln for ln in log.splitlines() if "config reload (SIGHUP) refused" in ln]
    assert f"{policy}:{typo_line}: actions.LOCATON: " in line, line
    new = re.search(r"config reloaded \(SIGHUP\): (sha256:\w+) -> (sha256:\w+)", log)
    assert new is not None and new.group(1) == old[0], log[-2000:]
    versions = {old[0]: "lang=en&token=", new.group(2): "lang=&token="}
    assert re.findall(r'config_version="(sha256:\w+)"', metrics) == [new.group(2)]
    assert 'pii_config_reloads_total{result="applied"} 1.0' in metrics
    assert 'pii_config_reloads_total{result="refused"} 1.0' in metrics

    sanitized, dead = asyncio.run(_outputs(settings))
    positions = asyncio.run(_raw_positions(settings))
    ids = [r["event_id"] for r in sanitized]
    expected = {e["event_id"] for e in first + flowing + third}
    assert not [i for i, n in Counter(ids).items() if n > 1], "a record was duplicated"
    assert len(ids) + dead == len(expected) and set(ids) <= expected, "a record was lost"

    version = {r["event_id"]: r["_pipeline"]["config_version"] for r in sanitized}
    for record in sanitized:  # each record shows the behaviour of the version it carries
        query = record["recording_url"].split("?")[1]
        assert query == versions[record["_pipeline"]["config_version"]], record["event_id"]
    during = Counter(version[e["event_id"]] for e in flowing if e["event_id"] in version)
    assert set(during) == set(versions), f"the stream did not flow across the switch: {during}"
    assert {version[e["event_id"]] for e in third if e["event_id"] in version} == {new.group(2)}

    # Per raw partition, the records switch once, in offset order: no batch, no transaction
    # holds both versions' records, and nothing after the switch ran the old policy.
    by_partition: dict[int, list[tuple[int, str]]] = {}
    for event_id, v in version.items():
        partition, offset = positions[event_id]
        by_partition.setdefault(partition, []).append((offset, v))
    for partition, seen in by_partition.items():
        order = [v for _, v in sorted(seen)]
        switched = order.index(new.group(2)) if new.group(2) in order else len(order)
        assert set(order[switched:]) == {new.group(2)}, f"partition {partition} switched back"
    print(f"produced while switching: {dict(during)}")
