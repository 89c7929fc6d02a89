"""The demo's aggregate flow, with the demo's own settings, on the real broker: cells are released."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.streaming.settings import StreamSettings
from tests.streaming.conftest import SettingsFactory
from tests.streaming.streaming_support import REPO, CommandProcess, stop_all

pytestmark = pytest.mark.kafka

KEYS = {
    "PII_TOKEN_KEY": secrets.token_hex(32),
    "PII_VAULT_MASTER_KEY": secrets.token_hex(32),
    "PII_METRICS_PORT": "0",  # no metrics endpoint: its default port may be taken
}


def demo_settings() -> dict[str, str]:
    """The aggregator settings `scripts/demo` exports (windows, lateness, k, idle time)."""
    text = (REPO / "scripts" / "demo").read_text(encoding="utf-8")
    match = re.search(r"^export (PII_WINDOW_SIZE_S=.*)$", text, re.MULTILINE)
    assert match, "scripts/demo no longer exports its aggregator settings"
    return dict(pair.split("=", 1) for pair in match.group(1).split())


def _run(
    settings: StreamSettings, env: dict[str, str], *argv: str
) -> subprocess.CompletedProcess[str]:
    full = {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": settings.bootstrap_servers,
        "PII_TOPIC_PREFIX": settings.topic_prefix,
        "PII_PARTITIONS": str(settings.partitions),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *argv],
        cwd=REPO,
        env=full,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_demo_flow_releases_cells_with_countries(
    stream_settings: SettingsFactory, tmp_path: Path
) -> None:
    settings = stream_settings()
    env = {**KEYS, **demo_settings()}
    assert int(env["PII_K_ADS"]) >= 2 and int(env["PII_WINDOW_SIZE_S"]) <= 60
    worker = CommandProcess("worker", settings, tmp_path / "worker.log", env)
    aggregator = CommandProcess("aggregator", settings, tmp_path / "aggregator.log", env)
    try:
        since = (datetime.now(UTC) - timedelta(seconds=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
        for stream, count in (("call_logs", "300"), ("analytics_events", "600")):
            produced = _run(settings, env, "produce", stream, "--demo", count, "--now")
            assert produced.returncode == 0, produced.stderr
        shown = _run(
            settings,
            env,
            "releases",
            "--since",
            since,
            "--timeout",
            "200",
            "--metric",
            "ads.audience",
            "--metric",
            "analytics.call_volume",
        )
    finally:
        stop_all([worker, aggregator])
    assert shown.returncode == 0, shown.stdout + shown.stderr + aggregator.text()[-2000:]
    released = re.search(r"^(\d+) cells released in (\d+) windows", shown.stdout, re.MULTILINE)
    assert released and int(released.group(1)) >= 1
    assert "ads.audience: released cells" in shown.stdout
    ads = shown.stdout.split("ads.audience: released cells", 1)[1].split("aggregate.reports")[0]
    assert re.search(r"│ [A-Z]{2} +│", ads), "released ads cells carry a country"
    assert "tok_" not in shown.stdout
