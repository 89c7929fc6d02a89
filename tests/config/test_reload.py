"""A configuration read again: what a running worker may take, and what it refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.config.loader import load_config
from pipeline.config.reload import reload_config
from pipeline.engine import Engine
from pipeline.errors import ConfigError
from pipeline.outcome import Sanitized
from pipeline.vault.keys import MemoryKeyStore
from tests.broker import REPO
from tests.engine_fixture import SECRETS


def _policy(tmp_path: Path, old: str = "", new: str = "") -> Path:
    text = (REPO / "config" / "policy.yaml").read_text(encoding="utf-8")
    text = text.replace("../models/", f"{REPO}/models/").replace("../schemas", f"{REPO}/schemas")
    path = tmp_path / "policy.yaml"
    path.write_text(text.replace(old, new) if old else text, encoding="utf-8")
    return path


def test_unchanged_files_reload_to_the_same_version(tmp_path: Path) -> None:
    current = load_config(_policy(tmp_path))
    assert reload_config(current).version == current.version
    assert current.policy_path in current.files and current.recognizers_path in current.files


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("token_key_env: PII_TOKEN_KEY", "token_key_env: OTHER_TOKEN_KEY", "secrets.token_key_env"),
        ("  k: 10\n", "  k: 12\n", "free_text.k"),
        ("  URL: redact\n", "  URL: redact\n  LOCATON: redact\n", "actions.LOCATON"),
        ("default_threshold: 0.35", "default_threshold: 3.5", "detection.default_threshold"),
    ],
)
def test_a_change_a_running_worker_cannot_take_is_refused_with_its_line(
    tmp_path: Path, old: str, new: str, field: str
) -> None:
    current = load_config(_policy(tmp_path))
    path = _policy(tmp_path, old, new)
    changed = new.strip().splitlines()[-1].strip()
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if changed in text)
    with pytest.raises(ConfigError) as raised:
        reload_config(current)
    assert (raised.value.file, raised.value.line, raised.value.field) == (str(path), line, field)


def test_a_reconfigured_engine_keeps_the_keys_and_applies_the_new_policy(tmp_path: Path) -> None:
    keep = '"utm_*", "page", "lang", "ref", "plan", "step"'
    current = load_config(_policy(tmp_path))
    engine = Engine(current, SECRETS, MemoryKeyStore())
    _policy(tmp_path, keep, '"utm_*", "page", "ref", "plan", "step"')
    new = engine.reconfigured(reload_config(current))
    event = {
        "event_id": "5f0c3b0e-8d4a-4c1e-9d0e-2b7a1c9e4f11",
        "timestamp": "2025-03-11T19:38:49.729Z",
        "event_type": "page_view",
        "anonymous_id": "c8110e2d-c7e8-44dc-a69a-e885a4263378",
        "url": "https://app.example.com/docs?lang=en&q=term",
    }
    before, after = (e.process("analytics_events", [json.dumps(event)])[0] for e in (engine, new))
    assert isinstance(before, Sanitized) and isinstance(after, Sanitized)
    assert before.record["url"].endswith("?lang=en&q=")
    assert after.record["url"].endswith("?lang=&q=")
    assert before.record["anonymous_id"] == after.record["anonymous_id"]  # same token key
    assert after.record["_pipeline"]["config_version"] == new.version != engine.version
    assert new.detector.nlp_engine is engine.detector.nlp_engine  # same nlp.yaml: not reloaded
    assert new.keys is engine.keys and new.texts.counts is engine.texts.counts
