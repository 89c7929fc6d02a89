"""Schemas and code agree: every tag is one the engine handles, outputs validate."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pipeline.engine import Engine
from pipeline.outcome import STREAMS, Sanitized
from pipeline.processing import processor  # noqa: F401  (importing it registers every handler)
from pipeline.processing.handlers import policies
from pipeline.schemas import POLICIES
from tests.processing.test_transformations import ANALYTICS, CALL, NOTIFICATION

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"


def _tags(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        if "x-policy" in node:
            found.add(node["x-policy"])
        for value in node.values():
            found |= _tags(value)
    elif isinstance(node, list):
        for value in node:
            found |= _tags(value)
    return found


def test_every_policy_has_a_handler_and_every_handler_a_policy() -> None:
    assert policies() == POLICIES


@pytest.mark.parametrize("path", sorted(SCHEMAS.rglob("*.json")), ids=lambda p: p.stem)
def test_schema_is_valid_json_schema_with_known_tags(path: Path) -> None:
    document = json.loads(path.read_text())
    jsonschema.Draft202012Validator.check_schema(document)
    assert _tags(document) <= POLICIES


@pytest.mark.parametrize(
    ("stream", "event"),
    [("call_logs", CALL), ("notification_logs", NOTIFICATION), ("analytics_events", ANALYTICS)],
)
def test_sanitized_record_and_vault_entries_match_their_schemas(
    stream: str, event: dict[str, Any], sanitize: Callable[[str, dict[str, Any]], Sanitized]
) -> None:
    out = sanitize(stream, event)
    sanitized = json.loads((SCHEMAS / "sanitized" / f"{stream}.json").read_text())
    jsonschema.validate(out.record, sanitized)
    vault = json.loads((SCHEMAS / "vault_entry.json").read_text())
    for entry in out.vault:
        jsonschema.validate(entry.to_json(), vault)


def test_rejections_match_the_dead_letter_schema(engine: Engine) -> None:
    schema = json.loads((SCHEMAS / "dead_letter.json").read_text())
    for stream in STREAMS:
        [rejected] = engine.process(stream, [b"{"])
        assert not rejected.ok
        jsonschema.validate(rejected.to_json(), schema)
