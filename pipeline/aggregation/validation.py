"""Fail-closed check of every released record against its JSON Schema."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema

from pipeline.aggregation.metrics import TOKEN_ANYWHERE
from pipeline.config.paths import schema_root
from pipeline.errors import SchemaError

SCHEMA_DIR = schema_root()
RELEASE_SCHEMAS: tuple[str, ...] = (
    "analytics/call_volume",
    "analytics/web_traffic",
    "analytics/webhook_health",
    "ads/audience",
)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    return []


def _closed(document: Mapping[str, Any]) -> bool:
    """Every record shape (the document, or each of its `$defs`) forbids extra fields."""
    shapes = list((document.get("$defs") or {}).values()) or [document]
    return all(shape.get("additionalProperties") is False for shape in shapes)


class ReleaseValidator:
    """Validates released records; a record that fails is blocked, never repaired."""

    def __init__(self, documents: Mapping[str, Mapping[str, Any]]) -> None:
        self._validators: dict[str, jsonschema.Draft202012Validator] = {}
        for name in RELEASE_SCHEMAS:
            document = documents.get(name)
            if document is None:
                raise SchemaError(f"release schema {name} is missing")
            if not _closed(document):
                raise SchemaError(f"release schema {name}: every record shape must be closed")
            jsonschema.Draft202012Validator.check_schema(document)
            self._validators[name] = jsonschema.Draft202012Validator(document)

    @classmethod
    def from_directory(cls, directory: Path = SCHEMA_DIR) -> ReleaseValidator:
        """Read the release schemas from `directory` (the repository's schemas/ by default)."""
        documents: dict[str, Mapping[str, Any]] = {}
        for name in RELEASE_SCHEMAS:
            file = directory / f"{name}.json"
            try:
                documents[name] = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise SchemaError(f"{file}: cannot read release schema: {exc}") from None
        return cls(documents)

    def accepts(self, schema: str, record: Mapping[str, Any]) -> bool:
        """Whether `record` may be released: it validates and holds nothing shaped like a token."""
        if any(TOKEN_ANYWHERE.search(text) for text in _strings(record)):
            return False
        return bool(self._validators[schema].is_valid(record))
