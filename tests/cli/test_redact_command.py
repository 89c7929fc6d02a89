"""`pii-pipeline redact`: one sanitized line per valid input line, in order; rejects with line numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.vault.cipher import VaultCipher
from pipeline.vault.keys import FileKeyStore, KeyRing
from tests.engine_fixture import SECRETS
from tests.processing.test_transformations import CALL


@pytest.fixture(autouse=True)
def keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PII_TOKEN_KEY", SECRETS.token_key.hex())
    monkeypatch.setenv("PII_VAULT_MASTER_KEY", SECRETS.master_key.hex())


def test_redact_keeps_order_and_reports_rejects_by_line(tmp_path: Path) -> None:
    raw = tmp_path / "raw.jsonl"
    lines = [
        json.dumps({**CALL, "event_id": "a"}),
        "{broken Maria Garcia",
        json.dumps({**CALL, "event_id": "b"}),
        "",
        json.dumps({**CALL, "event_id": "c", "call_duration": "long"}),
        json.dumps({**CALL, "event_id": "d"}),
    ]
    raw.write_bytes("\n".join(lines).encode() + b"\n\xff\xfe\n")
    out, vault, rejects = tmp_path / "out.jsonl", tmp_path / "vault.jsonl", tmp_path / "rej.jsonl"
    code = main(
        [
            "redact",
            "call_logs",
            "--input",
            str(raw),
            "--output",
            str(out),
            "--vault",
            str(vault),
            "--rejects",
            str(rejects),
        ]
    )
    assert code == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["event_id"] for r in records] == ["a", "b", "d"]
    rejected = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert [(r["line"], r["error_class"]) for r in rejected] == [
        (2, "undecodable"),
        (5, "contract"),
        (7, "undecodable"),
    ]
    assert "Garcia" not in rejects.read_text()
    assert "Garcia" not in out.read_text()
    ring = KeyRing(SECRETS.master_key, FileKeyStore(Path(str(vault) + ".keys")))
    from pipeline.outcome import VaultEntry

    entries = [VaultEntry(**json.loads(line)) for line in vault.read_text().splitlines()]
    assert "Maria Garcia" in {VaultCipher(ring).open(e) for e in entries}


def test_unreadable_input_exits_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["redact", "call_logs", "--input", str(tmp_path / "missing.jsonl")]) == 1
    assert "cannot read" in capsys.readouterr().err
