"""User names whose surname no lexicon holds, judged by key shape and by the structure.

Built from rules with surnames of several locales that neither the name lexicon nor Faker's
other lists hold (checked below, so the cases test the structure, not a list): an initial
beside the surname alone suffices; a given name, digits or another unknown word need the
structure (a sibling user name, a person's record as the value); a lone word needs a key that
names people (`reviewers`, `by_user`). Ordinary keys of well-known APIs stay keys.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.engine import Engine
from pipeline.outcome import Sanitized
from pipeline.processing.surnames import extra_surnames
from pipeline.processing.user_keys import user_shaped
from tests.engine_fixture import engine  # noqa: F401 - session fixture

UNKNOWN = ["oyelaran", "szabolcsi", "kahveci", "etxeberria", "beridze", "petrosyan", "adebayo"]
GIVEN = ["anna", "kevin", "fatima"]
PEOPLE_KEYS = ["reviewers", "recipients", "followers", "by_user", "perAuthor"]
ORDINARY = [
    line.strip()
    for line in (Path(__file__).parent / "data" / "ordinary_keys.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]
ALONE = [*(f"{s}_{i}" for s in UNKNOWN for i in "kn"), *(f"{i}.{s}" for s in UNKNOWN for i in "pt")]
BESIDE = [
    *(f"{g}_{s}" for g, s in zip(GIVEN * 3, UNKNOWN, strict=False)),
    *(f"{s}42" for s in UNKNOWN),
]


def _seen(engine: Engine, properties: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:  # noqa: F811
    event = {"event_id": "d" * 32, "properties": properties}
    [outcome] = engine.process("analytics_events", [json.dumps(event)])
    assert isinstance(outcome, Sanitized)
    return outcome.record["properties"], [engine.cipher.open(v) for v in outcome.vault]


def test_the_surnames_are_in_no_list(engine: Engine) -> None:  # noqa: F811
    lexicon = engine.detector.lexicon
    extra = extra_surnames(lexicon)
    assert not any(lexicon.is_name(s) or s in extra for s in UNKNOWN)


@pytest.mark.parametrize("key", ALONE)
def test_an_initial_beside_an_unknown_surname_is_a_user_name(engine: Engine, key: str) -> None:  # noqa: F811
    props, kept = _seen(engine, {"seen": {key: 1}})
    assert props["seen"] == {"<USERNAME>": 1} and kept == [key]


@pytest.mark.parametrize("key", BESIDE)
def test_beside_a_user_name_or_over_a_record_other_shapes_count(engine: Engine, key: str) -> None:  # noqa: F811
    alone, _ = _seen(engine, {"seen": {key: 1}})
    assert alone["seen"] == {key: 1}  # without evidence: kept
    beside, kept = _seen(engine, {"seen": {"smith_j": 1, key: 2, "count": 3}})
    assert key in kept and "count" in beside["seen"]
    record, kept = _seen(engine, {"seen": {key: {"email": "x@example.org", "role": "admin"}}})
    assert key in kept and "role" in record["seen"]["<USERNAME>"]


@pytest.mark.parametrize("parent", PEOPLE_KEYS)
def test_under_a_key_naming_people_a_lone_unknown_word_is_a_user_name(
    engine: Engine,  # noqa: F811
    parent: str,
) -> None:
    keys = {s: n for n, s in enumerate(UNKNOWN)}
    props, kept = _seen(engine, {parent: {**keys, "total": 9, "has_more": False}})
    assert sorted(kept) == sorted(UNKNOWN)
    assert {"total", "has_more"} <= set(props[parent])
    # beside user names only (no key naming people), a lone word may be a brand: kept
    props, kept = _seen(engine, {"seen": {"smith_j": 1, "klaviyo": 2}})
    assert "klaviyo" in props["seen"]


def test_ordinary_keys_are_no_user_names(engine: Engine) -> None:  # noqa: F811
    lexicon = engine.detector.lexicon
    assert len(ORDINARY) > 600
    for evidence in (None, "beside"):
        assert [k for k in ORDINARY if user_shaped(lexicon, k, evidence)] == []
    # under a key naming people, measured 2 of 667 (`dist`, `hreflang`: abbreviations)
    named = [k for k in ORDINARY if user_shaped(lexicon, k, "named")]
    assert len(named) <= len(ORDINARY) // 200, named
