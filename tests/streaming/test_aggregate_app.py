"""The streaming aggregator on a real broker: releases equal the oracle, consent, erasure, restart.

Sanitized records are produced straight to the sanitized topics (synthetic records the metric
specs accept, or a corpus through the engine); windows are closed by a record of the next day
(event time) or by the wall clock when a stream is quiet.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
import signal
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from kafka.admin import KafkaAdminClient

from pipeline.aggregation import METRICS, MetricName, Release, aggregate_window
from pipeline.aggregation.metrics import TOKEN_ANYWHERE, Unusable
from pipeline.aggregation.windows import Window, WindowSpec, iso
from pipeline.corpus import find_leaks, generate
from pipeline.engine import Engine
from pipeline.outcome import STREAMS, Sanitized, StreamName
from pipeline.streaming.aggregator.serve import serve
from pipeline.streaming.aggregator.topics import aggregate_changelog
from pipeline.streaming.consent.model import ConsentState
from pipeline.streaming.kafka.io import Message, produce, read_topic
from pipeline.streaming.settings import StreamSettings
from tests.streaming.conftest import SettingsFactory
from tests.streaming.streaming_support import CommandProcess, wait_for

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(60)]

T0 = datetime(2025, 5, 1, 10, tzinfo=UTC)
HOUR = Window(T0, T0 + timedelta(hours=1))
DAY = Window(datetime(2025, 5, 1, tzinfo=UTC), datetime(2025, 5, 2, tzinfo=UTC))
NEXT_DAY = DAY.end + timedelta(seconds=1)
K = 3
BASE = {
    "allowed_lateness_s": 0,
    "k_analytics": K,
    "k_ads": K,
    "aggregate_tick_s": 0.3,
    "aggregate_idle_s": 30.0,
    "session_timeout_ms": 6000,
}

# ------------------------------------------------------------------------------- records


def tok(n: int) -> str:
    return f"tok_{n:032x}"


def page(
    subject: int,
    at: datetime,
    browser: str = "Chrome",
    referrer: str | None = "google.com",
    path: str = "/pricing",
    kind: str = "page_view",
) -> dict[str, Any]:
    return {
        "event_id": f"p-{subject}-{at.timestamp()}-{browser}",
        "timestamp": at.isoformat().replace("+00:00", "Z"),
        "anonymous_id": tok(subject),
        "event_type": kind,
        "url": f"https://www.voxly.io{path}?utm_source=x",
        "user_agent": {
            "browser_family": browser,
            "os_family": "Windows",
            "device_class": "desktop",
        },
        "referrer": referrer,
    }


def call(subject: int, at: datetime, rng: random.Random) -> dict[str, Any]:
    inbound = rng.random() < 0.5
    them = {"token": tok(subject), "country": rng.choice(["DE", "FR", "US"]), "line_type": "mobile"}
    us = {"token": tok(10_000), "country": "US", "line_type": "fixed"}
    return {
        "event_id": f"c-{subject}-{at.timestamp()}",
        "initiation_time": at.isoformat(),
        "call_direction": "inbound" if inbound else "outbound",
        "from_number": them if inbound else us,
        "to_number": us if inbound else them,
        "hangup_cause_name": rng.choice(["NORMAL_CLEARING", "NO_ANSWER"]),
        "bill_duration": rng.randint(0, 600),
        "total_amount": f"0.{rng.randint(0, 99999):05d}",
        "account_id": tok(10_001),
    }


def hook(subject: int, at: datetime, rng: random.Random) -> dict[str, Any]:
    return {
        "event_id": f"h-{subject}-{at.timestamp()}",
        "timestamp": at.isoformat(),
        "call_uuid": tok(subject),
        "response": {"status": rng.choice([200, 200, 404, 500])},
        "latency_ms": rng.randint(1, 3000),
    }


def synthetic(seed: int) -> dict[StreamName, list[dict[str, Any]]]:
    """Records of the three streams in the hour 10:00-11:00 of one day: some cells under k."""
    rng = random.Random(seed)
    minute = lambda: T0 + timedelta(minutes=rng.randrange(60), seconds=rng.randrange(60))  # noqa: E731
    pages = [
        page(
            rng.randrange(1, 15),
            minute(),
            rng.choice(["Chrome", "Chrome", "Firefox", "Safari"]),
            rng.choice(["google.com", None, "news.example.org"]),
            rng.choice(["/", "/pricing"]),
            rng.choice(["page_view", "page_view", "signup", "click"]),
        )
        for _ in range(50)
    ]
    return {
        "analytics_events": pages,
        "call_logs": [call(rng.randrange(20, 35), minute(), rng) for _ in range(40)],
        "notification_logs": [hook(rng.randrange(40, 60), minute(), rng) for _ in range(40)],
    }


def closers() -> dict[StreamName, list[dict[str, Any]]]:
    """One record per stream on the next day: every window of the day closes (lateness 0)."""
    rng = random.Random(0)
    return {
        "analytics_events": [page(900, NEXT_DAY)],
        "call_logs": [call(901, NEXT_DAY, rng)],
        "notification_logs": [hook(902, NEXT_DAY, rng)],
    }


def subject_of(stream: StreamName, record: dict[str, Any]) -> str:
    if stream == "analytics_events":
        return str(record["anonymous_id"])
    if stream == "notification_logs":
        return str(record["call_uuid"])
    side = "from_number" if record["call_direction"] == "inbound" else "to_number"
    return str(record[side]["token"])


async def publish(
    settings: StreamSettings, records: dict[StreamName, list[dict[str, Any]]]
) -> None:
    """Sanitized records, keyed by their subject's token as the worker keys them."""
    for stream, rows in records.items():
        values = [json.dumps(r).encode() for r in rows]
        keys: list[bytes | None] = [subject_of(stream, r).encode() for r in rows]
        await produce(settings, settings.sanitized(stream), values, keys=keys)


async def set_consent(settings: StreamSettings, state: ConsentState) -> None:
    value = json.dumps(state.to_json()).encode()
    await produce(settings, settings.consent_topic, [value], keys=[state.subject.encode()])


# ------------------------------------------------------------------------------- running


@pytest.fixture
def agg_settings(
    stream_settings: SettingsFactory, kafka_admin: KafkaAdminClient
) -> Iterator[SettingsFactory]:
    """Settings for the aggregator; every topic under their prefix is deleted afterwards."""
    made: list[StreamSettings] = []

    def make(**overrides: Any) -> StreamSettings:
        settings = stream_settings(**{**BASE, **overrides})
        made.append(settings)
        return settings

    yield make
    prefixes = tuple(s.topic_prefix for s in made)
    names = [t for t in kafka_admin.list_topics() if t.startswith(prefixes)] if prefixes else []
    if names:
        kafka_admin.delete_topics(names)


@dataclass
class Running:
    task: asyncio.Task[Any]
    stop: asyncio.Event

    async def finish(self) -> None:
        self.stop.set()
        await asyncio.wait_for(self.task, 40)

    def check(self) -> None:
        if self.task.done():
            self.task.result()  # re-raises what stopped the aggregator


def start(settings: StreamSettings) -> Running:
    stop = asyncio.Event()
    return Running(asyncio.create_task(serve(settings, stop)), stop)


async def read(settings: StreamSettings, topic: str) -> list[Message]:
    return await read_topic(settings, topic, timeout_s=20)


async def reports(settings: StreamSettings) -> list[dict[str, Any]]:
    return [m.json() for m in await read(settings, settings.aggregate_report_topic)]


async def until(
    check: Callable[[], Awaitable[bool]], running: Running | None, what: str, timeout: float = 40
) -> None:
    async def probe() -> bool:
        if running is not None:
            running.check()
        return await check()

    await wait_for(probe, timeout, what)


async def observed(
    settings: StreamSettings,
    records: dict[StreamName, list[dict[str, Any]]],
    running: Running | None,
) -> None:
    """Wait until every record is on the internal topic. Then a record of the next day may
    follow: sanitized topics have several partitions, and with lateness 0 a closing record read
    before the others of its stream would make them late."""
    want = sum(
        len(rows) * sum(spec.stream == stream for spec in METRICS.values())
        for stream, rows in records.items()
    )

    async def check() -> bool:
        seen = set()
        for message in await read(settings, settings.aggregate_topic):
            value = message.json()
            if value["type"] in ("obs", "drop"):
                seen.add((value["metric"], value["src"], value["off"]))
        return len(seen) >= want

    await until(check, running, "the records to be observed")


async def released(settings: StreamSettings, metric: str) -> list[dict[str, Any]]:
    return [m.json() for m in await read(settings, settings.release(metric))]


def canonical(records: Any) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True) for r in records)


def window_of(metric: MetricName) -> Window:
    return DAY if metric == "ads.audience" else HOUR


def oracle(
    records: dict[StreamName, list[dict[str, Any]]], metric: MetricName, consent: Any = None
) -> Release:
    rows = records[METRICS[metric].stream]  # type: ignore[index]
    return aggregate_window(rows, metric, K, window=window_of(metric), consent=consent)


def assert_safe(
    outputs: list[dict[str, Any]], tokens: set[str], metric: MetricName, rows: Any, k: int = K
) -> None:
    """No token, no input token value, and no released cell counting fewer than k subjects."""
    text = json.dumps(outputs)
    assert not TOKEN_ANYWHERE.search(text)
    assert not [t for t in tokens if t in text]
    spec = METRICS[metric]
    subjects: dict[tuple[str, ...], set[str]] = {}
    for row in rows:
        try:
            seen = spec.observe(row)
        except Unusable:
            continue
        subjects.setdefault(seen.key, set()).add(seen.subject)
    for record in outputs:
        if record["kind"] == "cell":
            key = tuple(record[d] for d in spec.dimensions)
            assert len(subjects[key]) >= k, (metric, key)
        elif record["kind"] == "total":
            assert len(set().union(*subjects.values())) >= k


# ------------------------------------------------------------------------------- tests


def test_releases_equal_the_oracle_and_hold_no_token_and_no_small_cell(
    agg_settings: SettingsFactory,
) -> None:
    settings = agg_settings()
    records = synthetic(7)
    tokens = {subject_of(s, r) for s, rows in records.items() for r in rows}

    async def run() -> None:
        await _topics_with_consent(settings)
        running = start(settings)
        try:
            await publish(settings, records)
            await observed(settings, records, running)
            await publish(settings, closers())

            async def four() -> bool:
                return len(await reports(settings)) >= 4

            await until(four, running, "a report per metric")
            found = await reports(settings)
            assert sorted(r["metric"] for r in found) == sorted(METRICS)
            suppressed = 0
            for metric in METRICS:
                expected = oracle(records, metric)
                outputs = await released(settings, metric)
                assert canonical(outputs) == canonical(expected.records), metric
                [report] = [r for r in found if r["metric"] == metric]
                assert report["window_start"] == iso(window_of(metric).start)
                assert (report["cells"], report["released"], report["suppressed"]) == (
                    expected.cells,
                    expected.released,
                    expected.suppressed,
                )
                rows = records[METRICS[metric].stream]  # type: ignore[index]
                assert_safe(outputs, tokens, metric, rows)
                suppressed += expected.suppressed
            assert suppressed > 0  # the data exercises the rule
        finally:
            await running.finish()

    asyncio.run(run())


class Consents:
    """What the book says, for the oracle."""

    def __init__(self, states: list[ConsentState]) -> None:
        self.states = {s.subject: s for s in states}

    def admits(self, metric: str, subject: str, at: datetime) -> bool:
        state = self.states.get(subject)
        if state is None:
            return True
        if state.erase or state.under_13:
            return False
        if state.do_not_share and metric.startswith("ads."):
            return at < datetime.fromisoformat(state.do_not_share_at or "")
        return True


def state_key(message: Message) -> list[Any]:
    """A changelog record's key: the JSON array the store uses (serialized as a JSON string)."""
    return json.loads(json.loads(message.key or b'""'))  # type: ignore[no-any-return]


async def changelog_keys(settings: StreamSettings, subject: str) -> dict[str, bytes | None]:
    """Latest changelog value of every state key that names `subject`."""
    latest: dict[str, bytes | None] = {}
    for message in await read(settings, aggregate_changelog(settings)):
        if subject in state_key(message):
            latest[json.dumps(state_key(message))] = message.value
    return latest


def test_do_not_share_excludes_the_subject_from_ads_from_its_timestamp_on(
    agg_settings: SettingsFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="pipeline")
    settings = agg_settings(streams=("analytics_events",))
    at = lambda minutes: T0 + timedelta(minutes=minutes)  # noqa: E731
    # Chrome: three others, S (do-not-share before anything) and R before its consent time;
    # Firefox: three others and R after it.
    before = ConsentState(tok(50)).with_choice("do_not_share", T0 - timedelta(days=1))
    racing = ConsentState(tok(51)).with_choice("do_not_share", at(30))
    pages = [page(n, at(n)) for n in (1, 2, 3)]
    pages += [page(50, at(5)), page(50, at(45), "Firefox"), page(51, at(10))]
    pages += [page(n, at(40 + n), "Firefox") for n in (4, 5, 6)] + [page(51, at(50), "Firefox")]
    records: dict[StreamName, list[dict[str, Any]]] = {"analytics_events": pages}

    async def run() -> None:
        await _topics_with_consent(settings, before)
        running = start(settings)
        try:
            await publish(settings, records)

            async def counted() -> bool:  # the racing subject's events are in open windows
                return len(await changelog_keys(settings, tok(51))) >= 2

            await until(counted, running, "the racing subject's tallies")
            await set_consent(settings, racing)

            async def applied() -> bool:
                return "consent: a subject changed (do_not_share)" in caplog.text

            await until(applied, running, "the consent change to arrive")
            await observed(settings, records, running)
            await publish(settings, {"analytics_events": closers()["analytics_events"]})

            async def two() -> bool:
                return len(await reports(settings)) >= 2

            await until(two, running, "both releases")
            ads = await released(settings, "ads.audience")
            consent = Consents([before, racing])
            expected = oracle(records, "ads.audience", consent)
            assert canonical(ads) == canonical(expected.records)
            cells = {
                r["browser_family"]: r["distinct_visitors"] for r in ads if r["kind"] == "cell"
            }
            assert cells == {"Chrome": 4, "Firefox": 3}  # 3 + R, 3 (R after; S never)
            # do-not-share is about ads only: both subjects count in web traffic
            web = await released(settings, "analytics.web_traffic")
            assert canonical(web) == canonical(oracle(records, "analytics.web_traffic").records)
            assert [r["distinct_visitors"] for r in web if r["kind"] == "cell"] == [5, 5]
        finally:
            await running.finish()

    asyncio.run(run())


async def _topics_with_consent(settings: StreamSettings, *states: ConsentState) -> None:
    from pipeline.streaming.aggregator.settings import aggregation_settings
    from pipeline.streaming.aggregator.topics import aggregate_topic_specs
    from pipeline.streaming.kafka.topics import ensure_topics

    await ensure_topics(
        settings, aggregate_topic_specs(settings, aggregation_settings(settings).metrics)
    )
    for state in states:
        await set_consent(settings, state)


def test_erasure_removes_the_subject_from_open_windows_and_under_13_never_counts(
    agg_settings: SettingsFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="pipeline")
    settings = agg_settings(streams=("analytics_events",))
    at = lambda minutes: T0 + timedelta(minutes=minutes)  # noqa: E731
    child = ConsentState(tok(60)).with_choice("under_13", T0 + timedelta(days=30))
    erased = ConsentState(tok(61)).with_choice("erase", T0 + timedelta(days=30))
    pages = [page(n, at(m)) for n, m in ((1, 1), (2, 2), (3, 3), (60, 7), (61, 8))]
    pages += [page(61, at(20), "Firefox")]
    pages += [page(n, at(30 + n), "Firefox") for n in (4, 5, 6)]
    records: dict[StreamName, list[dict[str, Any]]] = {"analytics_events": pages}

    async def run() -> None:
        await _topics_with_consent(settings, child)
        running = start(settings)
        try:
            await publish(settings, records)

            async def counted() -> bool:
                return len(await changelog_keys(settings, tok(61))) >= 4  # 2 cells x 2 metrics

            await until(counted, running, "the subject's tallies")
            await set_consent(settings, erased)

            async def forgotten() -> bool:  # every state key of the subject is tombstoned
                latest = await changelog_keys(settings, tok(61))
                return bool(latest) and all(v is None for v in latest.values())

            await until(forgotten, running, "the erasure to reach the open windows")
            assert "erasure: a subject removed" in caplog.text
            assert not await changelog_keys(settings, tok(60))  # under 13: never stored
            await observed(settings, records, running)
            await publish(settings, {"analytics_events": closers()["analytics_events"]})

            async def two() -> bool:
                return len(await reports(settings)) >= 2

            await until(two, running, "both releases")
            consent = Consents([child, erased])
            for metric in ("analytics.web_traffic", "ads.audience"):
                outputs = await released(settings, metric)
                assert canonical(outputs) == canonical(oracle(records, metric, consent).records)
                visitors = {r["distinct_visitors"] for r in outputs if r["kind"] == "cell"}
                assert visitors == {3}, metric  # neither the child nor the erased subject
        finally:
            await running.finish()

    asyncio.run(run())


def test_a_quiet_stream_closes_its_window_on_the_wall_clock(
    agg_settings: SettingsFactory,
) -> None:
    # 5-second windows; after one quiet second, event time follows the wall clock
    settings = agg_settings(streams=("notification_logs",), window_size_s=5, aggregate_idle_s=1.0)
    rng = random.Random(3)
    hooks = [hook(n, T0 + timedelta(seconds=n % 3), rng) for n in range(1, 10)]
    records: dict[StreamName, list[dict[str, Any]]] = {"notification_logs": hooks}

    async def run() -> None:
        await _topics_with_consent(settings)
        running = start(settings)
        try:
            await publish(settings, records)

            async def one() -> bool:
                return len(await reports(settings)) >= 1

            await until(one, running, "the quiet window's release", timeout=30)
            outputs = await released(settings, "analytics.webhook_health")
            window = Window(T0, T0 + timedelta(seconds=5))
            expected = aggregate_window(hooks, "analytics.webhook_health", K, window=window)
            assert canonical(outputs) == canonical(expected.records)
            assert outputs  # nine subjects: at least the total is released
        finally:
            await running.finish()

    asyncio.run(run())


class AggregatorProcess(CommandProcess):
    """`python -m pipeline aggregator` with the test's settings."""

    def __init__(self, settings: StreamSettings, log: Path) -> None:
        super().__init__(
            "aggregator",
            settings,
            log,
            {
                "PII_ALLOWED_LATENESS_S": str(settings.allowed_lateness_s),
                "PII_K_ANALYTICS": str(settings.k_analytics),
                "PII_K_ADS": str(settings.k_ads),
                "PII_AGGREGATE_TICK_S": str(settings.aggregate_tick_s),
                "PII_AGGREGATE_IDLE_S": str(settings.aggregate_idle_s),
            },
        )


def test_an_aggregator_killed_mid_window_resumes_and_releases_once_with_full_counts(
    agg_settings: SettingsFactory, tmp_path: Path
) -> None:
    settings = agg_settings(streams=("call_logs", "notification_logs"))
    records = synthetic(11)
    del records["analytics_events"]
    first_half = {s: rows[: len(rows) // 2] for s, rows in records.items()}
    second_half = {s: rows[len(rows) // 2 :] for s, rows in records.items()}
    want = sum(len(rows) for rows in first_half.values())

    async def tallies() -> int:
        messages = await read(settings, aggregate_changelog(settings))
        return len({m.key for m in messages if state_key(m)[0] == "t"})

    asyncio.run(_topics_with_consent(settings))
    asyncio.run(publish(settings, first_half))
    first = AggregatorProcess(settings, tmp_path / "first.log")
    try:

        async def some() -> bool:
            if first.proc.poll() is not None:
                raise AssertionError(first.text()[-3000:])
            return await tallies() >= want // 3

        asyncio.run(wait_for(some, 40, "the first aggregator's tallies"))
    finally:
        assert first.stop(signal.SIGKILL) == -signal.SIGKILL

    second = AggregatorProcess(settings, tmp_path / "second.log")
    try:

        async def finish() -> list[dict[str, Any]]:
            await publish(settings, second_half)
            await observed(settings, records, None)
            await publish(settings, {s: closers()[s] for s in records})

            async def two() -> bool:
                if second.proc.poll() is not None:
                    raise AssertionError(second.text()[-3000:])
                return len(await reports(settings)) >= 2

            await wait_for(two, 45, "the releases after the restart")
            await asyncio.sleep(1.0)  # a second release of a window would show up by now
            return await reports(settings)

        found = asyncio.run(finish())
    finally:
        assert second.stop() == 0, second.text()[-3000:]
    assert sorted(r["metric"] for r in found) == [
        "analytics.call_volume",
        "analytics.webhook_health",
    ]
    for metric in ("analytics.call_volume", "analytics.webhook_health"):
        outputs = asyncio.run(released(settings, metric))
        expected = oracle(records, metric)  # type: ignore[arg-type]
        assert canonical(outputs) == canonical(expected.records), metric
    log = second.text()
    assert "Traceback" not in log
    restored = [int(n) for n in re.findall(r"state restored from (\d+) changelog records", log)]
    assert sum(restored) > 0  # resumed from the first aggregator's state, not from scratch
    assert "aggregator stopped: 2 windows released" in log


def test_aggregates_of_the_corpus_hold_no_planted_value_no_token_and_no_small_cell(
    agg_settings: SettingsFactory, engine: Engine
) -> None:
    # One window over the whole corpus (it spans half a year), k = 2 so that cells come out.
    settings = agg_settings(window_size_s=10 * 365 * 24 * 3600, k_analytics=2, k_ads=2)
    corpus = {stream: generate(stream, 120, "aggregate") for stream in STREAMS}
    planted = [p for events in corpus.values() for e in events for p in e.planted]
    sanitized: dict[StreamName, list[dict[str, Any]]] = {}
    for stream, events in corpus.items():
        outcomes = engine.process(stream, [json.dumps(e.event).encode() for e in events])
        sanitized[stream] = [o.record for o in outcomes if isinstance(o, Sanitized)]
    tokens = {t for rows in sanitized.values() for t in TOKEN_ANYWHERE.findall(json.dumps(rows))}
    far = datetime(2031, 1, 1, tzinfo=UTC)
    rng = random.Random(1)
    closing: dict[StreamName, list[dict[str, Any]]] = {
        "analytics_events": [page(900, far)],
        "call_logs": [call(901, far, rng)],
        "notification_logs": [hook(902, far, rng)],
    }

    async def run() -> dict[str, list[dict[str, Any]]]:
        await _topics_with_consent(settings)
        running = start(settings)
        try:
            for stream, rows in sanitized.items():
                await produce(
                    settings, settings.sanitized(stream), [json.dumps(r).encode() for r in rows]
                )
            await observed(settings, sanitized, running)
            await publish(settings, closing)

            async def four() -> bool:
                return len(await reports(settings)) >= 4

            await until(four, running, "a release per metric", timeout=45)
            return {metric: await released(settings, metric) for metric in METRICS}
        finally:
            await running.finish()

    outputs = asyncio.run(run())
    assert sum(len(v) for v in outputs.values()) > 0
    size = timedelta(seconds=settings.window_size_s or 0)
    window = WindowSpec(size).window_of(datetime(2025, 3, 1, tzinfo=UTC))
    for metric, records in outputs.items():
        rows = sanitized[METRICS[metric].stream]  # type: ignore[index]
        expected = aggregate_window(rows, metric, 2, window=window)  # type: ignore[arg-type]
        assert canonical(records) == canonical(expected.records), metric
        assert_safe(records, tokens, metric, rows, k=2)  # type: ignore[arg-type]
        for record in records:
            assert not find_leaks(record, planted), metric
