"""A key that describes an entity (`token_type`, `email_verified`, `max_tokens`) is judged by its
value's shape; a key that names it (`access_token`, `password_new`) withholds any value.

Built from rules: hint words x describing words (after the hint) or quantity words (before it),
x scalar values (flag, number, time, a word of a short list), which are kept; the same keys with
a secret- or address-shaped value, and the naming keys with the scalars, are still withheld.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from pipeline.config.loader import load_config
from pipeline.engine import Engine
from pipeline.processing.hints import about
from tests.engine_fixture import engine  # noqa: F401 - session fixture

HINTS = load_config().policy.detection.hint_table
HINT_WORDS = ["email", "phone", "token", "auth", "password", "secret", "mobile", "address"]
DESCRIBING = ["type", "verified", "status", "format", "provider", "brand", "expires_at"]
DESCRIBING_KEYS = [
    *(f"{w}_{d}" for w in HINT_WORDS for d in DESCRIBING),
    *(f"{w}{d.title().replace('_', '')}" for w in HINT_WORDS for d in DESCRIBING[:3]),
    *(f"{q}_{w}s" for q in ("max", "num", "total") for w in HINT_WORDS[:4]),
]
SCALARS: list[Any] = [True, 42, "Bearer", "html", "iPhone 15", "2025-01-01T10:00:00+00:00"]
NAMING_KEYS = [
    "access_token",
    "auth_token",
    "authToken",
    "password",
    "password_new",
    "client_secret",
    "api_key",
    "token",
    "email",
    "receipt_email",
    "phone",
]
WITHHELD_VALUES = [
    "jane.roe@example.com",
    "9f8eA7d6C5b4a3F2e1d0c9B8a7f6E5d4",  # a token of random letters and digits
    "hJkqWzPaQmTrVbNx",  # random letters only
    "+44 7700 900123",
]


def _out(engine: Engine, key: str, value: Any) -> Any:  # noqa: F811
    event = {"event_id": "d" * 32, "properties": {key: value}}
    [outcome] = engine.process("analytics_events", [json.dumps(event)])
    assert outcome.ok, outcome
    return outcome.record["properties"].get(key, "<dropped>")  # type: ignore[attr-defined]


@pytest.mark.parametrize("key", DESCRIBING_KEYS)
def test_scalars_under_a_describing_key_are_kept(engine: Engine, key: str) -> None:  # noqa: F811
    for value in SCALARS:
        assert _out(engine, key, value) == value, (key, value)


@pytest.mark.parametrize("key", DESCRIBING_KEYS)
def test_identifiers_under_a_describing_key_are_withheld(engine: Engine, key: str) -> None:  # noqa: F811
    for value in WITHHELD_VALUES:
        assert _out(engine, key, value) != value, (key, value)


@pytest.mark.parametrize("key", NAMING_KEYS)
def test_any_value_under_a_naming_key_is_withheld(engine: Engine, key: str) -> None:  # noqa: F811
    for value in [*SCALARS[1:], *WITHHELD_VALUES]:
        assert _out(engine, key, value) != value, (key, value)


@pytest.mark.parametrize(
    ("key", "value", "describes"),
    [
        ("token_type", "Bearer", True),
        ("token_type", "4f9c2d1e8a7b6c5d4e3f2a1b", False),  # a token under token_type: dropped
        ("access_token", "Bearer", False),
        ("prompt_tokens", 12, True),  # a plural with a count
        ("prompt_tokens", "12ab34cd56ef", False),
        ("tokens", ["abc"], False),
        ("secretKeyRef", {"name": "db"}, False),  # objects stay under the hint
        ("email_verified", "2025-01-01", True),
        ("zip_code", "94107", False),  # `code` continues the entity, never describes it
        ("auth_code", "483920", False),
        ("password_check", "hunter", False),  # the password typed again
        ("birth_date", "1990-04-01", False),
    ],
)
def test_describing_is_decided_by_key_and_value(key: str, value: Any, describes: bool) -> None:
    assert about(HINTS, key, value) is describes
