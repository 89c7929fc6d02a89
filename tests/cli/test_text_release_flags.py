"""`redact --free-text/--text-k/--text-state/--text-first-pass`, `explain --text-state`."""

from __future__ import annotations

import io
import json
import stat
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.textrelease import is_withheld
from tests.engine_fixture import SECRETS


@pytest.fixture(autouse=True)
def keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PII_TOKEN_KEY", SECRETS.token_key.hex())
    monkeypatch.setenv("PII_VAULT_MASTER_KEY", SECRETS.master_key.hex())


def _event(n: int, subject: int, message: str) -> dict[str, object]:
    return {
        "event_id": f"evt-{n}",
        "timestamp": "2026-01-02T03:04:05Z",
        "event_type": "form_submit",
        "anonymous_id": f"ajs_subject{subject}",
        "properties": {"message": message},
    }


def _write(path: Path, subjects: range, message: str = "Your order has shipped.") -> Path:
    path.write_text("".join(json.dumps(_event(s, s, message)) + "\n" for s in subjects))
    return path


def _messages(path: Path) -> list[object]:
    return [json.loads(line)["properties"]["message"] for line in path.read_text().splitlines()]


def _redact(raw: Path, out: Path, *flags: str) -> int:
    return main(["redact", "analytics_events", "--input", str(raw), "--output", str(out), *flags])


def test_state_file_carries_counts_from_one_run_to_the_next(tmp_path: Path) -> None:
    state, out = tmp_path / "texts.state", tmp_path / "out.jsonl"
    assert (
        _redact(
            _write(tmp_path / "a.jsonl", range(3)), out, "--text-k", "5", "--text-state", str(state)
        )
        == 0
    )
    assert all(is_withheld(m) for m in _messages(out))
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    saved = state.read_text()  # fingerprints and digests: no text, no cookie, no subject token
    assert "shipped" not in saved and "ajs_" not in saved and "tok_" not in saved
    assert (
        _redact(
            _write(tmp_path / "b.jsonl", range(3, 7)),
            out,
            "--text-k",
            "5",
            "--text-state",
            str(state),
        )
        == 0
    )
    # subjects 3 and 4 make 4 and 5: the fifth distinct subject's text is the first released
    assert [is_withheld(m) for m in _messages(out)] == [True, False, False, False]


def test_first_pass_counts_the_whole_file_before_releasing(tmp_path: Path) -> None:
    raw, out = _write(tmp_path / "a.jsonl", range(5)), tmp_path / "out.jsonl"
    assert _redact(raw, out, "--text-k", "5", "--text-first-pass") == 0
    assert _messages(out) == ["Your order has shipped."] * 5
    assert _redact(raw, out, "--text-k", "6", "--text-first-pass") == 0
    assert all(is_withheld(m) for m in _messages(out))


def test_free_text_flag_overrides_the_policy(tmp_path: Path) -> None:
    raw, out = _write(tmp_path / "a.jsonl", range(2), "Call Maria Garcia"), tmp_path / "o.jsonl"
    assert _redact(raw, out, "--free-text", "redacted") == 0
    assert _messages(out) == ["Call <PERSON>"] * 2
    assert _redact(raw, out) == 0  # the policy's default: k-anonymous
    assert all(is_withheld(m) for m in _messages(out))


def test_state_counted_under_another_k_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state, raw, out = tmp_path / "s", _write(tmp_path / "a.jsonl", range(1)), tmp_path / "o"
    assert _redact(raw, out, "--text-k", "5", "--text-state", str(state)) == 0
    capsys.readouterr()
    assert _redact(raw, out, "--text-k", "7", "--text-state", str(state)) == 1
    err = capsys.readouterr().err
    assert "was counted with k=5" in err and "Traceback" not in err


def test_a_bad_text_k_is_a_configuration_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = _write(tmp_path / "a.jsonl", range(1))
    assert _redact(raw, tmp_path / "o", "--text-k", "0") == 2
    assert "--text-k" in capsys.readouterr().err


def test_explain_says_why_a_text_is_withheld_or_released(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "s"
    raw = _write(tmp_path / "a.jsonl", range(4))
    assert _redact(raw, tmp_path / "o", "--text-k", "5", "--text-state", str(state)) == 0
    monkeypatch.setenv("COLUMNS", "300")
    for subject, expected in (
        (2, "withheld: rare text (4 of k=5"),
        (9, "released: template common (5 of k=5"),
    ):
        event = json.dumps(_event(99, subject, "Your order has shipped."))
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(event.encode())))
        capsys.readouterr()
        assert (
            main(["explain", "analytics_events", "--text-k", "5", "--text-state", str(state)]) == 0
        )
        assert expected in capsys.readouterr().out
    assert json.loads(state.read_text())["templates"]  # explain did not count its event
    assert len(json.loads(state.read_text())["templates"]) == 1
