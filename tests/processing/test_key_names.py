"""Keys shaped like user names are vaulted; ordinary keys of well-known APIs are kept.

The user-name shapes are built here from rules (given name or initial x separator x surname,
in both orders and glued), with surnames that are everyday words. The ordinary keys are
`data/ordinary_keys.txt`: keys of public APIs and config formats, none of them a person.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.engine import Engine
from pipeline.outcome import Sanitized
from pipeline.processing.keys import KeyRules
from tests.engine_fixture import engine  # noqa: F401 - session fixture

ORDINARY = [
    line.strip()
    for line in (Path(__file__).parent / "data" / "ordinary_keys.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]
GIVEN = ["david", "abigail", "kevin", "sarah", "emma", "lucas"]
EVERYDAY_SURNAMES = ["green", "long", "black", "white", "young", "king"]
SURNAMES = ["smith", "garcia", "novak", "patel", "nguyen", "jones"]
SHAPES = [
    "{g}_{s}",
    "{g}.{s}",
    "{G}{S}",
    "{g}{s}",
    "{i}_{s}",
    "{s}_{i}",
    "{I}{S}",
    "{w}_{r}",
    "{r}_{w}",
]
WORD_LETTERS = "aiou"
USER_NAMES = [
    shape.format(
        g=g,
        G=g.title(),
        s=s,
        S=s.title(),
        i="bcdjkmt"[k % 7],
        I="BCDJKMT"[k % 7],
        w=WORD_LETTERS[k % 4],
        r=SURNAMES[k % len(SURNAMES)],
    )
    for k, (g, s) in enumerate(zip(GIVEN, EVERYDAY_SURNAMES, strict=True))
    for shape in SHAPES
]


@pytest.fixture(scope="module")
def rules(engine: Engine) -> KeyRules:  # noqa: F811
    return KeyRules(engine.detector.lexicon)


def test_ordinary_keys_of_well_known_apis_are_kept(rules: KeyRules) -> None:
    flagged = [k for k in ORDINARY if rules.verdict(k) not in ("keep", "scan")]
    assert len(ORDINARY) > 600
    # measured 1 of 667 (`earl_grey`: a given name and a surname, as the tea is named)
    assert len(flagged) <= len(ORDINARY) // 200, flagged


@pytest.mark.parametrize("key", USER_NAMES)
def test_user_name_shaped_keys_are_vaulted(engine: Engine, key: str) -> None:  # noqa: F811
    event = {"event_id": "d" * 32, "properties": {"seen": {key: 3}}}
    [outcome] = engine.process("analytics_events", [json.dumps(event)])
    assert isinstance(outcome, Sanitized)
    [cleaned] = outcome.record["properties"]["seen"]
    assert cleaned in ("<PERSON>", "<USERNAME>")
    # (the value may be kept too: a key hint reads `tel` in `u_patel` as a phone)
    [kept] = [v for v in outcome.vault if v.entity_type in ("PERSON", "USERNAME")]
    assert kept.path == f"properties.seen.{cleaned}"
    assert engine.cipher.open(kept) == key


@pytest.mark.parametrize(
    "key",
    # a word-letter or an axis beside an everyday word is a phrase or a size, not an initial
    ["a_little", "a_long", "i_am", "x_small", "y_large", "x_long", "o_auth"],
)
def test_word_letters_and_axes_beside_everyday_words_are_kept(rules: KeyRules, key: str) -> None:
    assert rules.verdict(key) in ("keep", "scan")


@pytest.mark.parametrize(
    ("segment", "kept"),
    [("a-smith", False), ("d-long", False), ("abigaillong", False), ("x-small", True)],
)
def test_user_name_shaped_url_slugs_are_vaulted(
    engine: Engine,  # noqa: F811
    segment: str,
    kept: bool,
) -> None:
    url = f"https://shop.example.com/u/{segment}/orders"
    event = {"event_id": "d" * 32, "url": url}
    [outcome] = engine.process("analytics_events", [json.dumps(event)])
    assert isinstance(outcome, Sanitized)
    assert (segment in outcome.record["url"]) is kept
    assert bool(outcome.vault) is not kept


@pytest.mark.parametrize("event_id", ["a_smith-17", "d_long-3", "abigaillong-42"])
def test_user_name_shaped_event_ids_become_tokens(engine: Engine, event_id: str) -> None:  # noqa: F811
    [outcome] = engine.process("call_logs", [json.dumps({"event_id": event_id})])
    assert isinstance(outcome, Sanitized)
    assert outcome.event_id.startswith("tok_") and event_id not in json.dumps(outcome.record)
    [kept] = [v for v in outcome.vault if v.entity_type == "EVENT_ID"]
    assert engine.cipher.open(kept) == event_id


@pytest.mark.parametrize(
    "key", ["cb12ea519b39f", "tok_44803fa3cb12ea519b39f", "9f86d081884c7d65", "a1b2c3d4e5f6"]
)
def test_hex_is_no_user_name(rules: KeyRules, key: str) -> None:
    assert not rules.is_handle(key)
