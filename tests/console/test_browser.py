"""The console in a real browser (Debian's chromium, headless, driven by Selenium + chromedriver)
against a real broker, worker and aggregator: every page loads and shows what it should, the
playground is filled in and used, a screenshot per page lands in test-artifacts/console/, and no
page's HTML nor any API response carries a planted value of the events used.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait

from pipeline.cli import main
from pipeline.console.scrape import Snapshot, parse_metrics
from pipeline.corpus import LabelledEvent, Planted, generate
from pipeline.streaming.kafka.io import produce, read_topic
from pipeline.streaming.kafka.topics import ensure_topics
from pipeline.streaming.settings import StreamSettings
from tests.broker import REPO, free_ports
from tests.console.support import SECRET_VALUES, config_copy, leaks, raw_strings_in
from tests.processing.test_transformations import NOTIFICATION
from tests.streaming.streaming_support import SECRETS, CommandProcess, settings_for

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(300)]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = REPO / "test-artifacts" / "console"
KEYS = {"PII_TOKEN_KEY": SECRETS.token_key.hex(), "PII_VAULT_MASTER_KEY": SECRETS.master_key.hex()}
AGGREGATION = {  # windows of 10 s that close soon after the events stop (as in the demo)
    "PII_WINDOW_SIZE_S": "10",
    "PII_ALLOWED_LATENESS_S": "0",
    "PII_K_ANALYTICS": "3",
    "PII_K_ADS": "3",
    "PII_AGGREGATE_IDLE_S": "2",
    "PII_AGGREGATE_TICK_S": "0.5",
}
BAD_RECORDS = [b"{not json", b'{"event_id": "bad-1", "call_uuid": 5}', b"[1, 2, 3]"]


@dataclass
class Stack:
    """A broker's topics with a worker, an aggregator and a console on them."""

    settings: StreamSettings
    url: str
    policy: Path
    events: list[tuple[str, LabelledEvent]]
    processes: list[CommandProcess]

    @property
    def planted(self) -> list[Planted]:
        return [p for _, labelled in self.events for p in labelled.planted]


def _now_events(stream: str, n: int, seed: str) -> list[LabelledEvent]:
    """Labelled corpus events with current timestamps (their windows close during the test)."""
    now = datetime.now(UTC)
    out = []
    for labelled in generate(stream, n, seed):  # type: ignore[arg-type]
        event = labelled.event
        if stream == "call_logs":
            try:
                start = datetime.fromisoformat(event["initiation_time"])
            except (KeyError, TypeError, ValueError):
                continue
            for name in ("initiation_time", "answer_time", "end_time"):
                if isinstance(event.get(name), str):
                    moment = (
                        now + (datetime.fromisoformat(event[name]) - start) - timedelta(minutes=1)
                    )
                    event[name] = moment.isoformat()
        elif "timestamp" in event:
            event["timestamp"] = now.isoformat().replace("+00:00", "Z")
        out.append(labelled)
    return out


def _wait(
    check: Callable[[], bool], timeout_s: float, what: str, procs: list[CommandProcess]
) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        for proc in procs:
            if proc.proc.poll() is not None:
                raise AssertionError(f"{what}: a process exited:\n{proc.text()[-3000:]}")
        if time.monotonic() > deadline:
            logs = "\n".join(p.text()[-1500:] for p in procs)
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}\n{logs}")
        time.sleep(1.0)


def _consumed(url: str) -> float:
    """Raw records the worker has consumed, from its Prometheus endpoint (0 until it serves)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - the test's worker
            text = response.read().decode()
    except OSError:
        return 0.0
    snapshot = Snapshot(t=0.0)
    parse_metrics(text, snapshot)
    return sum(snapshot.events_in.values())


def _count(settings: StreamSettings, topics: list[str]) -> int:
    async def count() -> int:
        total = 0
        for topic in topics:
            try:
                total += len(await read_topic(settings, topic, timeout_s=10))
            except Exception:  # not created yet
                return -1
        return total

    return asyncio.run(count())


@pytest.fixture(scope="module")
def stack(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    tmp = tmp_path_factory.mktemp("console-stack")
    policy = config_copy(tmp)
    metrics_port, console_port = free_ports(2)
    settings = settings_for(kafka_bootstrap, "console", batch_timeout_ms=100)
    asyncio.run(ensure_topics(settings))
    common = {"PII_GROUP_ID": settings.group_id, "PII_POLICY_PATH": str(policy), **KEYS}
    worker = CommandProcess(
        "worker",
        settings,
        tmp / "worker.log",
        {
            **common,
            "PII_METRICS_PORT": str(metrics_port),
            "PII_BATCH_TIMEOUT_MS": "100",
            "PII_ENGINE_MODE": "thread",  # one spaCy load less while three processes start
        },
    )
    aggregator = CommandProcess("aggregator", settings, tmp / "aggregator.log", AGGREGATION)
    console = CommandProcess(
        "console",
        settings,
        tmp / "console.log",
        {
            **common,
            "PII_CONSOLE_PORT": str(console_port),
            "PII_CONSOLE_METRICS": f"http://127.0.0.1:{metrics_port}/metrics",
        },
    )
    processes = [worker, aggregator, console]
    started = time.monotonic()

    def phase(name: str) -> None:
        sys.stderr.write(f"console stack: {name} after {time.monotonic() - started:.1f} s\n")

    try:
        events = [
            *(("call_logs", e) for e in _now_events("call_logs", 40, "console-calls")),
            *(("analytics_events", e) for e in _now_events("analytics_events", 40, "console-web")),
            *(
                ("notification_logs", e)
                for e in _now_events("notification_logs", 10, "console-hooks")
            ),
        ]

        async def publish() -> None:
            for stream in settings.streams:
                values = [json.dumps(e.event).encode() for s, e in events if s == stream]
                await produce(settings, settings.raw(stream), [*values, *BAD_RECORDS])

        asyncio.run(publish())
        phase("events published")
        outputs = [t for s in settings.streams for t in (settings.sanitized(s), settings.dlq(s))]
        expected = len(events) + len(BAD_RECORDS) * len(settings.streams)
        metrics_url = f"http://127.0.0.1:{metrics_port}/metrics"
        _wait(lambda: _consumed(metrics_url) >= expected, 90, "the worker's input", processes)
        _wait(lambda: _count(settings, outputs) >= expected, 30, "the worker's outputs", processes)
        phase("outputs committed")
        # consent while the worker runs: it destroys the subject's keys and audits that
        consent_env = {
            **common,
            "KAFKA_BOOTSTRAP_SERVERS": settings.bootstrap_servers,
            "PII_TOPIC_PREFIX": settings.topic_prefix,
        }
        with mock.patch.dict(os.environ, consent_env):
            assert main(["consent", "+1 415 555 0123", "--under-13"]) == 0
        _wait(
            lambda: _count(settings, [settings.audit_topic]) >= 1, 30, "an audit record", processes
        )
        phase("consent audited")
        _wait(
            lambda: _count(settings, [settings.aggregate_report_topic]) >= 1,
            60,
            "a window report",
            processes,
        )
        phase("a window released")
        _wait(lambda: "console: http://" in console.text(), 60, "the console", processes)
        phase("console up")
        yield Stack(settings, f"http://127.0.0.1:{console_port}", policy, events, processes)
    finally:
        for proc in reversed(processes):
            proc.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    assert not missing, (
        f"{missing} missing: apt-get install chromium chromium-driver (.ci/run does)"
    )
    options = Options()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1440,1100",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
    ):
        options.add_argument(arg)
    # the driver's path is given, so Selenium Manager is never run (it would download drivers)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _until(
    driver: WebDriver, what: str, check: Callable[[WebDriver], Any], timeout_s: float = 30
) -> Any:
    try:
        return WebDriverWait(driver, timeout_s, poll_frequency=0.2).until(check)
    except TimeoutException:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / "failed.png"))
        text = driver.find_element(By.TAG_NAME, "main").text[:2000]
        raise AssertionError(f"page {driver.current_url}: {what} did not appear:\n{text}") from None


def _rows(driver: WebDriver, table_id: str) -> int:
    return len(driver.find_elements(By.CSS_SELECTOR, f"#{table_id} tbody tr"))


def _set(driver: WebDriver, element_id: str, text: str) -> None:
    driver.execute_script(
        "document.getElementById(arguments[0]).value = arguments[1];", element_id, text
    )


def _shot(driver: WebDriver, name: str) -> str:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1440, max(900, min(int(height) + 40, 4000)))
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))
    driver.set_window_size(1440, 1100)
    html: str = driver.execute_script("return document.documentElement.outerHTML")
    return html


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - our own console
        return json.loads(response.read())


def _post(url: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(  # noqa: S310 - our own console
        url, json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return json.loads(response.read())


def test_every_page_in_a_real_browser_shows_its_figures_and_no_planted_value(
    stack: Stack, browser: WebDriver
) -> None:
    pages: dict[str, str] = {}
    driver = browser

    # --- Playground: paste an event, explain it, compare a candidate, validate, save ---------
    driver.get(stack.url + "/playground")
    _until(
        driver,
        "the live policy",
        lambda d: d.find_element(By.ID, "live-text").get_attribute("value"),
    )
    Select(driver.find_element(By.ID, "stream")).select_by_value("notification_logs")
    _set(driver, "event", json.dumps(NOTIFICATION, indent=2))
    driver.find_element(By.ID, "explain").click()
    _until(driver, "the decisions table", lambda d: _rows(d, "decisions-table") >= 10)
    assert "<PERSON>" in driver.find_element(By.ID, "record").text
    live = driver.find_element(By.ID, "live-text").get_attribute("value") or ""
    candidate = live.replace('keep_query_params: ["utm_*", ', "keep_query_params: [")
    assert candidate != live
    _set(driver, "candidate-text", candidate)
    driver.find_element(By.ID, "compare").click()
    _until(driver, "the differences", lambda d: _rows(d, "diff-table") >= 10, timeout_s=60)
    changed = driver.find_elements(By.CSS_SELECTOR, "#diff-table tr.changed td:first-child")
    assert [c.text for c in changed] == ["request.url"]
    assert driver.find_elements(By.CSS_SELECTOR, "#diff-record-table td.changed")
    pages["playground"] = _shot(driver, "playground")

    bad = candidate.replace("max_depth: 24", "max_depth: [deep]")
    line = 1 + bad.split("\n").index("  max_depth: [deep]")
    _set(driver, "candidate-text", bad)
    driver.find_element(By.ID, "validate").click()
    error = _until(
        driver,
        "the validation error",
        lambda d: d.find_element(By.CSS_SELECTOR, "#candidate-status .status.bad"),
    )
    assert error.text.startswith(f"{stack.policy}:{line}: limits.max_depth:"), error.text
    driver.find_element(By.ID, "save").click()
    time.sleep(0.5)
    assert stack.policy.read_text() == live  # a bad candidate is never written
    pages["playground-error"] = _shot(driver, "playground-invalid")
    _set(driver, "candidate-text", candidate)
    driver.find_element(By.ID, "save").click()
    _until(
        driver,
        "the saved status",
        lambda d: "saved" in d.find_element(By.ID, "candidate-status").text,
    )
    assert stack.policy.read_text() == candidate

    # generated events fill the editor (synthetic values from the corpus)
    Select(driver.find_element(By.ID, "stream")).select_by_value("call_logs")
    driver.find_element(By.ID, "generate").click()
    _until(
        driver,
        "a generated event",
        lambda d: "event_id" in (d.find_element(By.ID, "event").get_attribute("value") or ""),
    )

    # --- Pipeline: the worker's metrics, charts fed by at least two scrapes ------------------
    driver.get(stack.url + "/pipeline")
    _until(
        driver, "a live endpoint", lambda d: d.find_elements(By.CSS_SELECTOR, ".endpoint .dot.ok")
    )
    _until(
        driver,
        "events counted",
        lambda d: d.find_element(By.CSS_SELECTOR, "#kpi-in .v").text not in ("", "0"),
    )
    _until(driver, "the per-stream table", lambda d: _rows(d, "streams-table") == 3)
    assert _rows(driver, "dead-table") >= 1 and _rows(driver, "entities-table") >= 1
    time.sleep(4.5)  # two more refreshes: the rate charts have points
    assert len(driver.find_elements(By.CSS_SELECTOR, "#chart-rate canvas")) == 1
    pages["pipeline"] = _shot(driver, "pipeline")

    # --- Releases: reports per window and the cost of k --------------------------------------
    driver.get(stack.url + "/releases")
    _until(driver, "the windows table", lambda d: _rows(d, "windows-table") >= 1)
    _until(driver, "the cost of k", lambda d: _rows(d, "cost-table") >= 4)
    assert driver.find_elements(By.CSS_SELECTOR, "#chart-windows canvas")
    pages["releases"] = _shot(driver, "releases")

    # --- Dead letters and audit ----------------------------------------------------------------
    driver.get(stack.url + "/deadletters")
    # two of the bad records are undecodable on every stream (the third breaks only some contracts)
    _until(driver, "the dead letters", lambda d: _rows(d, "dlq-table") >= 2 * 3)
    _until(driver, "the audit records", lambda d: _rows(d, "audit-table") >= 1)
    assert "undecodable" in driver.find_element(By.ID, "dlq-reasons-table").text
    pages["deadletters"] = _shot(driver, "deadletters")

    # --- No planted value in any page or API response -----------------------------------------
    responses: dict[str, Any] = {
        path: _get(stack.url + path)
        for path in (
            "/api/pipeline",
            "/api/releases",
            "/api/deadletters",
            "/api/audit",
            "/api/config/policy",
            "/api/config/recognizers",
        )
    }
    for i, (stream, labelled) in enumerate(stack.events[::6]):  # every stream, bounded time
        body = {"stream": stream, "event": json.dumps(labelled.event)}
        responses[f"explain #{i}"] = _post(stack.url + "/api/explain", body)
        assert responses[f"explain #{i}"]["ok"] or responses[f"explain #{i}"]["error_class"]
    responses["compare"] = _post(
        stack.url + "/api/compare",
        {
            "stream": "notification_logs",
            "event": json.dumps(NOTIFICATION),
            "kind": "policy",
            "text": live,
        },
    )
    found = {
        name: hits
        for name, payload in [*pages.items(), *responses.items()]
        if (hits := leaks(payload, stack.planted) + raw_strings_in(payload, SECRET_VALUES))
    }
    assert not found, found
    logs = "\n".join(p.text() for p in stack.processes)
    assert not leaks(logs, stack.planted) and not raw_strings_in(logs, SECRET_VALUES)
