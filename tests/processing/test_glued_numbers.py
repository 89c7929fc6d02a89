"""Numbers glued to letters in names of structure (keys, XML names, URL segments) are found.

The detectors need a boundary before a number; a name such as `user<digits>` has none. The
values are built here from rules (prefix x number shape x place), not taken from any corpus.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from pipeline.engine import Engine
from pipeline.outcome import Sanitized
from tests.engine_fixture import engine  # noqa: F401 - session fixture

# (number as glued, entity the pipeline names it): fictional numbers (555-01xx, test cards)
NUMBERS = [
    ("4155550123", "PHONE_NUMBER"),
    ("14155550142", "PHONE_NUMBER"),
    ("442079460958", "PHONE_NUMBER"),
    ("4111111111111111", "CREDIT_CARD"),
    ("5500005555555559", "CREDIT_CARD"),
]
PREFIXES = ["user", "n", "caller", "Acct", "x"]
SUFFIXES = ["", "x", "_a", "Home"]
GLUED = [
    (f"{prefix}{number}{suffix}", number, entity)
    for k, (number, entity) in enumerate(NUMBERS)
    for prefix, suffix in [(PREFIXES[k], SUFFIXES[k % 4]), (PREFIXES[(k + 2) % 5], SUFFIXES[3])]
]


def _one(engine: Engine, stream: str, event: dict[str, Any]) -> Sanitized:  # noqa: F811
    [outcome] = engine.process(stream, [json.dumps(event)])  # type: ignore[arg-type]
    assert isinstance(outcome, Sanitized), outcome
    return outcome


def _clear(out: Sanitized) -> str:
    return json.dumps([out.record, [(v.path, v.entity_type) for v in out.vault]])


@pytest.mark.parametrize(("name", "number", "entity"), GLUED)
def test_number_glued_to_letters_in_a_key_is_found(
    engine: Engine,  # noqa: F811
    name: str,
    number: str,
    entity: str,
) -> None:
    out = _one(engine, "analytics_events", {"event_id": "a" * 32, "properties": {name: 1}})
    [key] = out.record["properties"]
    assert f"<{entity}>" in key
    assert number not in _clear(out)
    # the vault holds the number under the cleaned path (a capitalised prefix may go with it:
    # `Acct` alone reads as a name)
    assert {v.path for v in out.vault} == {f"properties.{key}"}
    assert any(number in engine.cipher.open(v) for v in out.vault if v.entity_type == entity)
    if name[0].islower():
        assert key.replace(f"<{entity}>", number) == name


@pytest.mark.parametrize(("name", "number", "entity"), GLUED)
def test_number_glued_to_letters_in_an_xml_name_is_found(
    engine: Engine,  # noqa: F811
    name: str,
    number: str,
    entity: str,
) -> None:
    body = f'<Response><{name}>hi</{name}><Speak {name}="v">there</Speak></Response>'
    out = _one(engine, "notification_logs", {"event_id": "e" * 32, "response": {"body": body}})
    cleaned = out.record["response"]["body"]
    assert number not in _clear(out)
    tag = re.search(r"<Response><([^>]+)>", cleaned)
    assert tag is not None and entity in tag.group(1)
    assert sorted(v.entity_type for v in out.vault) == [entity, entity]


@pytest.mark.parametrize(("name", "number", "entity"), GLUED[::3])
def test_number_glued_to_letters_in_a_url_segment_is_found(
    engine: Engine,  # noqa: F811
    name: str,
    number: str,
    entity: str,
) -> None:
    url = f"https://shop.example.com/u/{name}/edit"
    out = _one(engine, "analytics_events", {"event_id": "b" * 32, "url": url})
    assert number not in _clear(out)
    assert out.record["url"].startswith("https://shop.example.com/u/")


@pytest.mark.parametrize(
    "key",
    # short digit runs glued to letters are names, versions, codecs, hex: kept as they are
    ["sha256", "utf8", "h264", "api_v2", "ab12cd34ef56", "page10", "x1y2", "item12345"],
)
def test_short_digit_runs_in_keys_are_kept(engine: Engine, key: str) -> None:  # noqa: F811
    out = _one(engine, "analytics_events", {"event_id": "c" * 32, "properties": {key: 1}})
    assert list(out.record["properties"]) == [key]
    assert not out.vault
