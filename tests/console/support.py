"""Shared pieces of the console tests: a private copy of the configuration, planted values."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.corpus import Planted, find_leaks
from tests.broker import REPO

SECRET_VALUES = (
    "Maria Garcia",
    "Garcia",
    "+14155550123",
    "14155550123",
    "442071838750",
    "4111 1111",
    "203.0.113.77",
    "hunter2",
    "Baker Street",
    "bob@example.org",
    "c2lnbmF0dXJl",
    "dXNlcjpwYXNz",
)


def config_copy(target: Path) -> Path:
    """config/, models/ and schemas/ copied under `target`; the copy's policy file."""
    for name in ("config", "models", "schemas"):
        shutil.copytree(REPO / name, target / name)
    return target / "config" / "policy.yaml"


def leaks(payload: Any, planted: Iterable[Planted]) -> list[str]:
    """Planted values found in `payload` (JSON or text), described without the values."""
    document = payload if isinstance(payload, dict | list) else {"text": str(payload)}
    return [f"{leak.entity_type} at {leak.found_at}" for leak in find_leaks(document, planted)]


def raw_strings_in(payload: Any, values: Iterable[str]) -> list[str]:
    """Which of `values` occur in `payload` (serialised as JSON when it is not text)."""
    text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    return [value for value in values if value in text]
