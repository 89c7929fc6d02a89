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
    assert code == 1  # lines were rejected (and written to --rejects: nothing lost)
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
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.jsonl" in err and "No such file" in err


def test_a_line_whose_output_cannot_be_written_is_rejected_and_later_lines_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.engine import Engine

    real = Engine.process

    def unwritable_for_b(self: Engine, stream: str, records: list[bytes]) -> list[object]:
        # What a decoder gap would let through: a sanitized value no UTF-8 encoder accepts.
        outcomes = real(self, stream, records)  # type: ignore[arg-type]
        for outcome in outcomes:
            if outcome.ok and outcome.event_id == "b":
                outcome.record["caller_name"] = "\udc80"
        return outcomes  # type: ignore[return-value]

    monkeypatch.setattr(Engine, "process", unwritable_for_b)
    raw = tmp_path / "raw.jsonl"
    raw.write_text("".join(json.dumps({**CALL, "event_id": e}) + "\n" for e in "abcd"))
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    args = ["redact", "call_logs", "--input", str(raw), "--output", str(out)]
    assert main([*args, "--rejects", str(rejects), "--batch-size", "4"]) == 1  # a line rejected
    assert [json.loads(line)["event_id"] for line in out.read_text().splitlines()] == [
        "a",
        "c",
        "d",
    ]
    [rejected] = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert (rejected["line"], rejected["error_class"]) == (2, "processing_error")


def test_poison_lines_are_rejected_and_every_later_line_is_written(tmp_path: Path) -> None:
    good = [json.dumps({**CALL, "event_id": f"g{i}"}) for i in range(4)]
    poison = [
        json.dumps({**CALL, "event_id": "s", "caller_name": "\udc80"}),  # json.dumps escapes it
        json.dumps({**CALL, "event_id": "n"}).replace(
            '"call_duration": ', '"call_duration": 9' + "9" * 5000, 1
        ),
        json.dumps({**CALL, "event_id": "f", "call_duration": float("nan")}),
    ]
    raw = tmp_path / "raw.jsonl"
    raw.write_text("\n".join([good[0], *poison, *good[1:]]) + "\n")
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    args = ["redact", "call_logs", "--input", str(raw), "--output", str(out)]
    assert main([*args, "--rejects", str(rejects)]) == 1  # lines rejected
    assert [json.loads(line)["event_id"] for line in out.read_text().splitlines()] == [
        "g0",
        "g1",
        "g2",
        "g3",
    ]
    rejected = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert [(r["line"], r["error_class"]) for r in rejected] == [
        (2, "undecodable"),
        (3, "undecodable"),
        (4, "undecodable"),
    ]
