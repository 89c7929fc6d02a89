"""A user's mistake is one line on stderr and an exit code (2 usage/config, 1 runtime), never a
traceback; conventions every command shares (version, defaults in help, log formats)."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline import __version__
from pipeline.cli import main
from pipeline.observability.logs import configure
from pipeline.outcome import Outcome
from tests.engine_fixture import SECRETS
from tests.processing.test_transformations import CALL, NOTIFICATION


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PII_TOKEN_KEY", SECRETS.token_key.hex())
    monkeypatch.setenv("PII_VAULT_MASTER_KEY", SECRETS.master_key.hex())


def _one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    "argv",
    [
        ["aggregate", "analytics.web_traffic", "--input", "{tmp}/missing.jsonl"],
        ["produce", "call_logs", "{tmp}/missing.jsonl"],
        ["redact", "call_logs", "--input", "{tmp}/in.jsonl", "--output", "{tmp}/no/out.jsonl"],
    ],
    ids=["aggregate-missing-input", "produce-missing-input", "redact-missing-output-folder"],
)
def test_missing_files_are_one_line_runtime_errors(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in.jsonl").write_text(json.dumps(CALL) + "\n")
    code = main([a.format(tmp=tmp_path) for a in argv])

    assert code == 1
    assert "missing.jsonl" in _one_line(capsys.readouterr().err) or "no" in argv[-1]


@pytest.mark.parametrize(
    "argv",
    [
        ["aggregate", "analytics.web_traffic", "--k", "0"],
        ["--log-level", "LOUD", "config", "check"],
        ["worker", "--log-level", "chatty"],
        ["redact", "call_logs", "--batch-size", "many"],
        ["consume", "x", "--partition", "-1"],
    ],
)
def test_bad_arguments_are_usage_errors(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "error:" in err.splitlines()[-1]


def test_bad_setting_in_the_environment_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PII_PARTITIONS", "0")
    assert main(["consume", "sanitized.call_logs"]) == 2
    assert "$PII_PARTITIONS" in _one_line(capsys.readouterr().err)


def test_consume_with_the_broker_down_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", f"127.0.0.1:{_closed_port()}")
    assert main(["consume", "sanitized.call_logs", "--timeout", "1"]) == 1
    line = _one_line(capsys.readouterr().err)
    assert line.startswith("error: ") and "Kafka" in line


@pytest.mark.usefixtures("keys")
def test_consent_subject_that_is_no_identifier_is_refused_without_echo(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["consent", "hello world", "--erase"]) == 2
    line = _one_line(capsys.readouterr().err)
    assert "--kind" in line and "hello" not in line


def test_redact_refuses_random_keys_next_to_an_existing_vault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PII_TOKEN_KEY", raising=False)
    monkeypatch.delenv("PII_VAULT_MASTER_KEY", raising=False)
    vault = tmp_path / "vault.jsonl"
    vault.write_text("")
    (tmp_path / "in.jsonl").write_text(json.dumps(CALL) + "\n")
    argv = ["redact", "call_logs", "--input", str(tmp_path / "in.jsonl"), "--vault", str(vault)]

    assert main([*argv, "--output", str(tmp_path / "out.jsonl")]) == 2
    assert "PII_VAULT_MASTER_KEY" in _one_line(capsys.readouterr().err)
    assert vault.read_text() == ""
    assert not (tmp_path / "vault.jsonl.keys").exists()


def test_version_and_defaults_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"pii-pipeline {__version__}"
    with pytest.raises(SystemExit):
        main(["redact", "--help"])
    assert "(default: 256)" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["consume", "--help"])
    assert "(default: 10.0)" in capsys.readouterr().out


def test_json_logs_carry_a_timestamp_and_no_traceback_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure("INFO", "json")
    try:
        logging.getLogger("pipeline.test").info("assigned %d partitions", 3)
        try:
            raise ValueError("a value that must not be logged")
        except ValueError:
            logging.getLogger("pipeline.test").exception("failed")
    finally:
        configure()
    first, second = (json.loads(line) for line in capsys.readouterr().err.splitlines())
    assert first["message"] == "assigned 3 partitions" and first["level"] == "INFO"
    assert first["time"].endswith("+00:00") and "T" in first["time"]
    assert second["exception"] == "ValueError" and "must not" not in json.dumps(second)


def test_text_logs_have_timestamps(capsys: pytest.CaptureFixture[str]) -> None:
    configure("INFO")
    try:
        logging.getLogger("pipeline.test").warning("lag %d", 5)
    finally:
        configure()
    line = capsys.readouterr().err.strip()
    assert line.endswith("WARNING pipeline.test: lag 5") and line[:4].isdigit()


def test_an_event_sent_to_the_wrong_stream_is_rejected_with_a_reason(
    process: Callable[[str, list[bytes]], list[Outcome]],
) -> None:
    [wrong, right] = process(
        "call_logs", [json.dumps(NOTIFICATION).encode(), json.dumps(CALL).encode()]
    )
    assert not wrong.ok and wrong.error_class == "wrong_stream"  # type: ignore[union-attr]
    assert "notification_logs" in wrong.reason  # type: ignore[union-attr]
    assert right.ok
