"""`vault show` and `vault rotate` on a file vault written by `redact --vault`."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.processing.test_transformations import CALL

OLD, NEW = hashlib.sha256(b"old").hexdigest(), hashlib.sha256(b"new").hexdigest()
CALLER = "+14155550199"


@pytest.fixture
def vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file vault holding two calls of one caller and one of another."""
    monkeypatch.setenv("PII_TOKEN_KEY", hashlib.sha256(b"token").hexdigest())
    monkeypatch.setenv("PII_VAULT_MASTER_KEY", OLD)
    events = [
        {**CALL, "event_id": "e1", "from_number": CALLER, "call_direction": "inbound"},
        {**CALL, "event_id": "e2", "from_number": CALLER, "call_direction": "inbound"},
        {**CALL, "event_id": "e3", "from_number": "+14155550142", "call_direction": "inbound"},
    ]
    (tmp_path / "raw.jsonl").write_text("".join(json.dumps(e) + "\n" for e in events))
    path = tmp_path / "vault.jsonl"
    argv = ["redact", "call_logs", "--input", str(tmp_path / "raw.jsonl")]
    assert main([*argv, "--output", str(tmp_path / "out.jsonl"), "--vault", str(path)]) == 0
    return path


def _show(vault: Path, capsys: pytest.CaptureFixture[str], subject: str = CALLER) -> list[dict]:
    capsys.readouterr()
    assert main(["vault", "show", subject, "--vault", str(vault)]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_show_decrypts_only_that_subjects_entries(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _show(vault, capsys, "+1 (415) 555-0199")  # however the number is written

    assert {line["event_id"] for line in lines} == {"e1", "e2"}
    phones = [line for line in lines if line["path"] == "from_number"]
    assert [p["value"] for p in phones] == [CALLER, CALLER]
    assert all(set(line) == {"entity_type", "path", "event_id", "value"} for line in lines)


def test_show_writes_an_audit_record_without_values_or_token(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _show(vault, capsys)
    [audit] = [json.loads(x) for x in Path(f"{vault}.audit").read_text().splitlines()]

    assert audit["action"] == "subject_access" and audit["entries"] == len(lines)
    text = json.dumps(audit)
    assert "tok_" not in text and "0199" not in text
    assert all(line["value"] not in text for line in lines)
    assert Path(f"{vault}.audit").stat().st_mode & 0o077 == 0


def test_show_needs_the_master_key(
    vault: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PII_VAULT_MASTER_KEY")
    assert main(["vault", "show", CALLER, "--vault", str(vault)]) == 2
    assert "PII_VAULT_MASTER_KEY" in capsys.readouterr().err


def test_rotate_rewraps_every_key_and_is_idempotent_and_resumable(
    vault: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _show(vault, capsys)
    keys = Path(f"{vault}.keys")
    original = keys.read_text()
    monkeypatch.setenv("NEW_MASTER", NEW)

    assert (
        main(["vault", "rotate", "--new-master-key-env", "NEW_MASTER", "--vault", str(vault)]) == 0
    )
    first = json.loads(capsys.readouterr().out)
    # stopped half-way: only the first rewrapped line made it to the file
    rewrapped = keys.read_text()[len(original) :].splitlines()
    keys.write_text(original + rewrapped[0] + "\n")
    assert (
        main(["vault", "rotate", "--new-master-key-env", "NEW_MASTER", "--vault", str(vault)]) == 0
    )
    resumed = json.loads(capsys.readouterr().out)
    assert (
        main(["vault", "rotate", "--new-master-key-env", "NEW_MASTER", "--vault", str(vault)]) == 0
    )
    again = json.loads(capsys.readouterr().out)

    live = len(original.splitlines())  # one key per subject, none destroyed
    assert live >= 2
    assert first == {"rewrapped": live, "done": 0, "failed": 0}
    assert resumed == {"rewrapped": live - 1, "done": 1, "failed": 0}
    assert again == {"rewrapped": 0, "done": live, "failed": 0}
    monkeypatch.setenv("PII_VAULT_MASTER_KEY", NEW)
    assert _show(vault, capsys) == before
    monkeypatch.setenv("PII_VAULT_MASTER_KEY", OLD)
    capsys.readouterr()
    assert main(["vault", "show", CALLER, "--vault", str(vault)]) == 0
    out = capsys.readouterr()
    assert out.out == "" and "no longer decrypt" in out.err  # the old key opens nothing now


def test_rotate_refuses_the_same_key_and_unknown_variables(
    vault: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SAME", OLD)
    assert main(["vault", "rotate", "--new-master-key-env", "SAME", "--vault", str(vault)]) == 1
    assert (
        main(["vault", "rotate", "--new-master-key-env", "UNSET_VAR", "--vault", str(vault)]) == 2
    )
    err = capsys.readouterr().err
    assert "current one" in err and "UNSET_VAR" in err
