"""`pii-pipeline shadow` (and `worker --shadow`, the same code): a candidate policy against the
live raw topics writes only a diff report (counts), never a record; a bad candidate is refused
with file and line."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.config.loader import DEFAULT_POLICY
from pipeline.streaming.kafka.io import produce
from pipeline.streaming.kafka.topics import ensure_topics
from tests.processing.test_transformations import ANALYTICS
from tests.streaming.conftest import SettingsFactory

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(240)]

EVENTS = 12


@pytest.fixture
def candidate(tmp_path: Path) -> Path:
    """The bundled configuration, except that `page` query values are no longer kept."""
    for name in ("config", "models", "schemas"):
        shutil.copytree(DEFAULT_POLICY.parents[1] / name, tmp_path / name)
    policy = tmp_path / "config" / "policy.yaml"
    text = policy.read_text()
    assert '"page", ' in text
    policy.write_text(text.replace('"page", ', "", 1))
    return policy


@pytest.mark.parametrize("command", [["shadow"], ["worker", "--shadow"]], ids=["command", "flag"])
def test_shadow_reports_the_fields_a_candidate_changes_and_writes_nothing(
    command: list[str],
    stream_settings: SettingsFactory,
    candidate: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = stream_settings(streams=("analytics_events",))
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", settings.bootstrap_servers)
    monkeypatch.setenv("PII_TOPIC_PREFIX", settings.topic_prefix)
    monkeypatch.setenv("PII_STREAMS", '["analytics_events"]')
    events = [
        {**ANALYTICS, "event_id": f"a{i}", "url": f"https://shop.example.com/pricing?page={i}"}
        for i in range(EVENTS)
    ]

    async def publish() -> None:
        await ensure_topics(settings)
        await produce(
            settings, settings.raw("analytics_events"), [json.dumps(e).encode() for e in events]
        )

    asyncio.run(publish())
    report_file = candidate.parent / "report.json"
    argv = [*command, str(candidate), "--from-beginning", "--timeout", "3"]
    assert main([*argv, "--report", str(report_file)]) == 0

    report = json.loads(capsys.readouterr().out)
    assert report == json.loads(report_file.read_text())
    diff = report["streams"]["analytics_events"]
    assert diff["events"] == EVENTS and diff["outcome_changed"] == 0
    assert diff["fields_changed"].get("url") == EVENTS
    assert report["live_version"] != report["candidate_version"]
    assert "pricing?page=" not in json.dumps(report)  # counts and paths, no values
    assert (
        main(["consume", "sanitized.analytics_events", "--from-beginning", "--timeout", "2"]) == 0
    )
    assert capsys.readouterr().out == ""  # nothing was produced


def test_a_bad_candidate_is_refused_with_file_and_line(
    candidate: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    candidate.write_text(candidate.read_text().replace("LOCATION: redact", "LOCATON: redact"))
    assert main(["shadow", str(candidate)]) == 2
    err = capsys.readouterr().err
    assert f"{candidate}:" in err and "LOCATON" in err
