"""Which entity names exist, so a typo in the policy or a schema is refused, not ignored.

An entity name in `thresholds`, `actions`, `key_hints[].entity` or a schema's `x-pii` that no
detector, recognizer or field tag produces would silently never apply (`LOCATON: redact` left
locations to the default action). The known names are those the code produces, those the
recognizers in `models/` declare (Presidio's predefined ones by their defaults), and the NER
labels `models/nlp.yaml` maps to.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pipeline.config.presidio_names import default_entities
from pipeline.errors import ConfigError

# Produced by the code itself: detectors (names, addresses, phones, cards, secrets, URLs) and
# the tokens of tagged identifiers (accounts, calls, cookies, events, DTMF).
PRODUCED = frozenset(
    {
        "PERSON",
        "LOCATION",
        "STREET_ADDRESS",
        "PHONE_NUMBER",
        "CREDIT_CARD",
        "EMAIL_ADDRESS",
        "IP_ADDRESS",
        "URL",
        "SECRET",
        "IBAN_CODE",
        "US_SSN",
        "CRYPTO",
        "DATE_OF_BIRTH",
        "USERNAME",
        "ACCOUNT_ID",
        "CALL_ID",
        "COOKIE_ID",
        "DTMF_DIGITS",
        "EVENT",
    }
)


def known_entities(recognizers: Mapping[str, Any], nlp: Mapping[str, Any]) -> frozenset[str]:
    """Every entity name the configured detectors can produce."""
    names = set(PRODUCED)
    for rec in recognizers.get("recognizers") or []:
        if isinstance(rec, str):  # a predefined recognizer by its name alone
            names.update(default_entities(rec))
        if not isinstance(rec, Mapping):
            continue
        if isinstance(rec.get("supported_entity"), str):
            names.add(rec["supported_entity"])
        names.update(str(e) for e in rec.get("supported_entities") or [])
        name = rec.get("class_name") or rec.get("name")
        if isinstance(name, str):
            names.update(default_entities(name))
    ner = nlp.get("ner_model_configuration") or {}
    mapping = ner.get("model_to_presidio_entity_mapping") or {}
    if isinstance(mapping, Mapping):
        names.update(str(v) for v in mapping.values())
    return frozenset(names)


def unknown_reason(name: str, known: frozenset[str]) -> str:
    """`unknown entity 'X'` with the closest known names."""
    close = difflib.get_close_matches(name, sorted(known), n=2, cutoff=0.75)
    hint = f" (did you mean {' or '.join(close)}?)" if close else ""
    return f"unknown entity {name!r}{hint}"


def _x_pii(node: Any, pointer: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        value = node.get("x-pii")
        if isinstance(value, str):
            yield pointer + "/x-pii", value
        for key, child in node.items():
            yield from _x_pii(child, f"{pointer}/{key}")
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _x_pii(child, f"{pointer}/{i}")


def check_schema_entities(
    documents: Mapping[str, Any], directory: Path, known: frozenset[str]
) -> frozenset[str]:
    """Refuse an unknown `x-pii` (file, line, JSON pointer); the names the schemas use."""
    used: set[str] = set()
    for name, document in documents.items():
        for pointer, entity in _x_pii(document, "#"):
            if entity not in known:
                file = directory / f"{name}.json"
                text = file.read_text(encoding="utf-8")
                match = re.search(r'"x-pii"\s*:\s*"' + re.escape(entity) + '"', text)
                line = text.count("\n", 0, match.start()) + 1 if match else None
                raise ConfigError(str(file), line, pointer, unknown_reason(entity, known))
            used.add(entity)
    return frozenset(used)
