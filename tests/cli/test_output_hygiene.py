"""Output hygiene: files `redact` writes are owner-only (0600, or a group mode on request, never
world-readable), and weak keys are refused with a one-line error."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.config.policy import SecretNames
from pipeline.errors import ConfigError
from pipeline.secrets import Secrets, read_key, weakness
from tests.engine_fixture import SECRETS
from tests.processing.test_transformations import CALL

TOKEN = SECRETS.token_key.hex()
MASTER = SECRETS.master_key.hex()


@pytest.fixture(autouse=True)
def world_umask() -> Iterator[None]:
    old = os.umask(0o022)  # a common umask: files would be 0644 by default
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _redact(tmp_path: Path, *extra: str) -> tuple[int, dict[str, Path]]:
    raw = tmp_path / "raw.jsonl"
    raw.write_text(json.dumps(CALL) + "\n{broken\n")
    files = {n: tmp_path / f"{n}.jsonl" for n in ("out", "vault", "rej")}
    code = main(
        [
            "redact",
            "call_logs",
            "--input",
            str(raw),
            "--output",
            str(files["out"]),
            "--vault",
            str(files["vault"]),
            "--rejects",
            str(files["rej"]),
            *extra,
        ]
    )
    files["keys"] = Path(str(files["vault"]) + ".keys")
    return code, files


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PII_TOKEN_KEY", TOKEN)
    monkeypatch.setenv("PII_VAULT_MASTER_KEY", MASTER)


def test_every_file_redact_writes_is_owner_only_even_one_that_existed(
    keys: None, tmp_path: Path
) -> None:
    existing = tmp_path / "out.jsonl"
    existing.write_text("old\n")
    existing.chmod(0o644)
    _, files = _redact(tmp_path)
    for name, path in files.items():
        assert path.stat().st_size > 0, name
        assert _mode(path) == 0o600, (name, oct(_mode(path)))
    assert "old" not in existing.read_text()


def test_a_group_mode_is_honoured_but_the_keys_stay_owner_only(keys: None, tmp_path: Path) -> None:
    _, files = _redact(tmp_path, "--file-mode", "0640")
    assert {n: _mode(p) for n, p in files.items()} == {
        "out": 0o640,
        "vault": 0o640,
        "rej": 0o640,
        "keys": 0o600,
    }


@pytest.mark.parametrize("extra", [(), ("--file-mode", "0640")])
def test_the_text_state_file_has_the_mode_of_the_other_files(
    keys: None, tmp_path: Path, extra: tuple[str, ...]
) -> None:
    state = tmp_path / "templates.state"
    _redact(tmp_path, "--text-state", str(state), *extra)  # a new file
    assert json.loads(state.read_text())["format"].startswith("pii-pipeline/text-templates")
    expected = 0o640 if extra else 0o600
    assert _mode(state) == expected
    state.chmod(0o644)  # loosened between runs: the next run's file is private again
    _redact(tmp_path, "--text-state", str(state), *extra)
    assert _mode(state) == expected
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".templates")]


@pytest.mark.parametrize("mode", ["0644", "0666", "0604", "0777", "0400", "not-octal"])
def test_a_world_readable_or_unwritable_mode_is_refused_in_one_line(
    keys: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        _redact(tmp_path, "--file-mode", mode)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len([line for line in err.splitlines() if "error: argument --file-mode" in line]) == 1
    assert not (tmp_path / "out.jsonl").exists()


def _weak_keys() -> list[bytes]:
    """Weak 32-byte keys generated from rules: repeated bytes, short periods, sequences, text."""
    keys = [bytes([b]) * 32 for b in (0x00, 0x11, 0xFF, 0x41)]
    keys += [(bytes(range(7, 7 + p)) * 32)[:32] for p in (2, 3, 4, 8, 15)]
    keys += [
        bytes((start + i * step) % 256 for i in range(32))
        for start, step in ((0, 1), (9, 3), (200, 255))
    ]
    keys += [
        (text * 4)[:32].encode()
        for text in (
            "password",
            "correct horse battery staple ",
            "my secret key is hunter2 1234567",
        )
    ]
    return keys


@pytest.mark.parametrize("key", _weak_keys(), ids=lambda k: k[:6].hex())
@pytest.mark.parametrize("encode", [bytes.hex, lambda k: base64.b64encode(k).decode()])
def test_weak_keys_are_refused_from_the_environment(key: bytes, encode: object) -> None:
    assert weakness(key) is not None
    text = encode(key)  # type: ignore[operator]
    names = SecretNames()
    for env in (
        {names.token_key_env: text, names.vault_master_key_env: MASTER},
        {names.token_key_env: TOKEN, names.vault_master_key_env: text},
    ):
        with pytest.raises(ConfigError, match="weak key refused"):
            Secrets.from_env(names, env)
    with pytest.raises(ConfigError, match="weak key refused"):
        read_key("NEW_KEY", {"NEW_KEY": text})


@pytest.mark.parametrize("label", [f"key {i}".encode() for i in range(50)])
def test_random_looking_keys_are_accepted(label: bytes) -> None:
    key = hashlib.sha256(label).digest()
    assert weakness(key) is None
    assert read_key("K", {"K": key.hex()}) == key


def test_the_same_key_for_tokens_and_the_vault_is_refused() -> None:
    names = SecretNames()
    with pytest.raises(ConfigError, match="must differ"):
        Secrets.from_env(names, {names.token_key_env: TOKEN, names.vault_master_key_env: TOKEN})


def test_redact_with_a_weak_key_is_one_line_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PII_TOKEN_KEY", "11" * 32)
    monkeypatch.setenv("PII_VAULT_MASTER_KEY", MASTER)
    code, files = _redact(tmp_path)
    assert code == 2
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1 and "weak key refused" in err[0] and "Traceback" not in err[0]
    assert "11" * 8 not in err[0]  # the key is never echoed
    assert not files["out"].exists()
