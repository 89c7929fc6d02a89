"""The console's API without a broker: explain's decisions, candidates, saving, access rules."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client import generate_latest

from pipeline.cli import main
from pipeline.config.loader import load_config
from pipeline.console.app import Console, build_app
from pipeline.console.playground import Playground, shorten_tokens
from pipeline.console.scrape import Scraper, Snapshot, parse_metrics, rates
from pipeline.console.sources import TopicReader, cost_of_k
from pipeline.engine import Engine
from pipeline.processing.explain import explain_rows
from pipeline.processing.processor import Processor
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker.prometheus import WorkerMetrics
from pipeline.textrelease import TemplateKeys, TextGate
from tests.console.support import SECRET_VALUES, config_copy, raw_strings_in
from tests.engine_fixture import SECRETS
from tests.processing.test_transformations import ANALYTICS, CALL, NOTIFICATION

Call = Callable[[TestClient[Any, Any]], Awaitable[None]]


@pytest.fixture(scope="module")
def policy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return config_copy(tmp_path_factory.mktemp("console-config"))


@pytest.fixture(scope="module")
def playground(policy: Path) -> Playground:
    playground = Playground(policy, SECRETS)
    playground.engine(playground.live())
    return playground


def _console(playground: Playground) -> Console:
    # a broker nobody listens on: the playground needs none
    settings = StreamSettings(bootstrap_servers="127.0.0.1:9")
    return Console(playground, Scraper([]), TopicReader(settings, 10, 1.0))


def run(playground: Playground, call: Call, **app: Any) -> None:
    async def go() -> None:
        async with TestClient(TestServer(build_app(_console(playground), **app))) as client:
            await call(client)

    asyncio.run(go())


@pytest.fixture
def live_text(policy: Path) -> Iterator[str]:
    text = policy.read_text()
    yield text
    policy.write_text(text)  # a test that saved leaves the copy as it found it


@pytest.mark.parametrize(
    ("stream", "event"),
    [("call_logs", CALL), ("notification_logs", NOTIFICATION), ("analytics_events", ANALYTICS)],
)
def test_playground_returns_the_same_decisions_as_explain(
    playground: Playground, policy: Path, engine: Engine, stream: str, event: dict[str, Any]
) -> None:
    raw = json.dumps(event).encode()
    # explain under the same policy as the playground's (free text k-anonymous, as configured)
    config = load_config(policy)
    gate = TextGate(config.policy.free_text, TemplateKeys(SECRETS.token_key))
    processor = Processor(config, engine.detector, engine.tokens, engine.cipher, gate)
    [outcome] = processor.process(stream, [raw], explain=True)  # type: ignore[arg-type]
    assert outcome.ok
    expected = [shorten_tokens(asdict(row)) for row in explain_rows(outcome)]

    async def call(client: TestClient[Any, Any]) -> None:
        response = await client.post("/api/explain", json={"stream": stream, "event": raw.decode()})
        assert response.status == 200
        body = await response.json()
        assert body["ok"] and body["rows"] == expected
        assert body["record"] == shorten_tokens(outcome.record)
        assert body["vault"]["entries"] == len(outcome.vault)
        assert not raw_strings_in(body, SECRET_VALUES)
        assert "tok_" in json.dumps(body) and not any(
            len(t) > 13 for t in json.dumps(body).split("tok_")[1:] if t[:12].isalnum()
        )

    run(playground, call)


def test_explain_cli_prints_the_rows_the_playground_returns(
    playground: Playground,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    policy: Path,
) -> None:
    import io
    import sys

    raw = json.dumps(CALL)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw.encode())))
    monkeypatch.setenv("COLUMNS", "400")
    monkeypatch.setenv("PII_TOKEN_KEY", SECRETS.token_key.hex())
    monkeypatch.setenv("PII_VAULT_MASTER_KEY", SECRETS.master_key.hex())
    assert main(["explain", "call_logs", "--config", str(policy)]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = playground.explain("call_logs", raw.encode())["rows"]
    for row in rows:
        line = next(ln for ln in lines if ln.startswith(f"│ {row['field']} "))
        cells = [c.strip() for c in line.strip("│").split("│")]
        assert cells[:5] == [
            row["field"],
            row["source"],
            row["classification"],
            row["entities"],
            row["recognizer"],
        ]
        assert cells[6] == row["action"]
        assert shorten_tokens(cells[7]) == row["result"]


def test_a_bad_candidate_is_reported_with_file_line_and_field(
    playground: Playground, live_text: str, policy: Path
) -> None:
    bad = live_text.replace("default_threshold: 0.35", "default_threshold: lots")
    line = 1 + live_text.split("\n").index("  default_threshold: 0.35")

    async def call(client: TestClient[Any, Any]) -> None:
        response = await client.post("/api/config/policy/check", json={"text": bad})
        body = await response.json()
        assert body["ok"] is False
        error = body["error"]
        assert (error["file"], error["line"], error["field"]) == (
            str(policy),
            line,
            "detection.default_threshold",
        )
        assert body["error"]["message"].startswith(f"{policy}:{line}: detection.default_threshold")

    run(playground, call)


def test_compare_shows_the_decisions_a_candidate_changes(
    playground: Playground, live_text: str
) -> None:
    # utm_* values are no longer kept: the URL's result changes, and nothing else does
    candidate = live_text.replace('keep_query_params: ["utm_*", ', "keep_query_params: [")
    assert candidate != live_text

    async def call(client: TestClient[Any, Any]) -> None:
        response = await client.post(
            "/api/compare",
            json={
                "stream": "notification_logs",
                "event": json.dumps(NOTIFICATION),
                "kind": "policy",
                "text": candidate,
            },
        )
        body = await response.json()
        assert body["error"] is None
        changed = {r["field"]: r["changed"] for r in body["diff"]["rows"] if r["changed"]}
        assert changed == {"request.url": ["result"]}
        values = {f["path"]: f for f in body["diff"]["record"] if f["changed"]}
        assert values["request.url"]["live"].endswith("utm_source=ads")
        assert values["request.url"]["candidate"].endswith("utm_source=")
        assert set(values) == {"request.url", "_pipeline.config_version"}
        assert not raw_strings_in(body, SECRET_VALUES)

    run(playground, call)


def test_save_writes_the_file_only_after_validation(
    playground: Playground, live_text: str, policy: Path
) -> None:
    bad = live_text.replace("max_depth: 24", "max_depth: [deep]")
    good = live_text.replace("PERSON: 0.3\n", "PERSON: 0.32\n")
    assert bad != live_text and good != live_text

    async def call(client: TestClient[Any, Any]) -> None:
        before = (await (await client.get("/api/config/policy")).json())["version"]
        response = await client.post("/api/config/policy/save", json={"text": bad})
        assert response.status == 422 and (await response.json())["saved"] is False
        assert policy.read_text() == live_text
        response = await client.post("/api/config/policy/save", json={"text": good})
        body = await response.json()
        assert response.status == 200 and body["saved"] is True
        assert policy.read_text() == good and body["version"] != before
        assert (await (await client.get("/api/config/policy")).json())["version"] == body["version"]

    run(playground, call)


def test_with_a_token_every_request_needs_it(playground: Playground) -> None:
    async def call(client: TestClient[Any, Any]) -> None:
        assert (await client.get("/api/streams")).status == 401
        assert (await client.get("/playground")).status == 401
        assert (await client.get("/static/console.js")).status == 401
        wrong = {"Authorization": "Bearer nope"}
        assert (await client.get("/api/streams", headers=wrong)).status == 401
        right = {"Authorization": "Bearer s3cret-token"}
        assert (await client.get("/api/streams", headers=right)).status == 200
        login = await client.get("/?token=s3cret-token", allow_redirects=False)
        assert login.status == 302 and login.headers["Location"] == "/playground"
        assert (await client.get("/playground")).status == 200  # the cookie from the login

    run(playground, call, token="s3cret-token")


def test_on_loopback_a_foreign_host_header_is_refused(playground: Playground) -> None:
    async def call(client: TestClient[Any, Any]) -> None:
        ok = await client.get("/api/streams")
        assert ok.status == 200
        assert ok.headers["Content-Security-Policy"].startswith("default-src 'self'")
        rebound = await client.get("/api/streams", headers={"Host": "attacker.example:8765"})
        assert rebound.status == 403
        form = await client.post("/api/explain", data="stream=call_logs&event=x")
        assert form.status == 415

    run(playground, call)


def test_console_refuses_a_non_loopback_address_without_a_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PII_CONSOLE_TOKEN", raising=False)
    assert main(["console", "--host", "192.0.2.1", "--port", "0"]) == 2  # not loopback
    err = capsys.readouterr().err
    assert "PII_CONSOLE_TOKEN" in err and "Traceback" not in err


def test_worker_metrics_become_rates_per_stream() -> None:
    metrics = WorkerMetrics()
    snapshots = []
    for n in (0, 10):
        metrics.events_in.labels("p.raw.call_logs").inc(n)
        metrics.events_out.labels("p.sanitized.call_logs").inc(n - 1 if n else 0)
        metrics.events_out.labels("p.dlq.call_logs").inc(1 if n else 0)
        metrics.batch_seconds.labels("call_logs").observe(0.05)
        metrics.lag.labels("p.raw.call_logs", "0").set(7)
        metrics.rejections.labels("call_logs", "contract").inc(1 if n else 0)
        metrics.vault_entries.labels("PHONE_NUMBER").inc(2 * n)
        snapshot = Snapshot(t=100.0 + n)
        parse_metrics(generate_latest(metrics.registry).decode(), snapshot)
        snapshots.append(snapshot)
    last = snapshots[-1]
    assert last.events_in == {"call_logs": 10} and last.events_out == {"call_logs": 9}
    assert last.dead_by_reason == {"call_logs/contract": 1}
    assert last.entities == {"PHONE_NUMBER": 20} and last.lag == {"call_logs": 7}
    [rate] = rates(snapshots)
    assert rate["call_logs"]["in_per_s"] == 1.0 and rate["call_logs"]["batch_ms"] == pytest.approx(
        50
    )


def test_the_cost_of_k_adds_up_the_windows_reports() -> None:
    windows = [
        {
            "cells": 10,
            "events": 100,
            "k_costs": [{"k": 5, "cells_suppressed": 2, "events_suppressed": 7}],
        },
        {
            "cells": 30,
            "events": 100,
            "k_costs": [{"k": 5, "cells_suppressed": 8, "events_suppressed": 13}],
        },
        {"cells": 5, "events": 0, "k_costs": []},  # a report from before k costs were reported
    ]
    [row] = cost_of_k(windows)
    assert row == {
        "k": 5,
        "windows": 2,
        "cells_suppressed": 10,
        "events_suppressed": 20,
        "cells_share": 10 / 45,
        "events_share": 0.1,
    }
