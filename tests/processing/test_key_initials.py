"""Initials and short surnames in keys: `a.rossi`, `haddad_a`, `sarahlin` are people, not phrases.

Built from rules (surnames of the name lexicon and of Faker's lists it leaves out): a word-letter (a, o) before or after a surname that is no everyday word, a
trailing `a`/`o` after any surname of several locales, a given name run into a surname of two
or three letters. The same letters beside verbs and adjectives (`a_date`, `p_low`) and the
letter suffixes of ordinary keys (`team_a`, `plan_b`) stay keys.
"""

from __future__ import annotations

import pytest

from pipeline.engine import Engine
from pipeline.processing.keys import KeyRules
from tests.engine_fixture import engine  # noqa: F401 - session fixture

RARE_SURNAMES = ["dubois", "rossi", "novak", "haddad", "choi"]  # no English word, in the lexicon
EVERYDAY_SURNAMES = ["young", "green", "king"]  # surnames of several locales
GIVEN = ["sarah", "kevin", "emma", "jennifer", "kimberly"]
SHORT_SURNAMES = ["lin", "wu", "li", "le"]
# surnames Faker keeps outside `last_names` (Polish gendered lists, Japanese romanized names)
OTHER_LISTS = ["kowalski", "maciejewski", "nakamura", "inoue"]
USER_NAMES = [
    *(f"{w}{sep}{s}" for w in "ao" for sep in "_." for s in RARE_SURNAMES),
    *(f"{s}_{w}" for w in "ao" for s in RARE_SURNAMES + EVERYDAY_SURNAMES),
    *(f"{g}{s}" for g in GIVEN for s in SHORT_SURNAMES),
    *(f"{s}_{i}" for i in "kt" for s in OTHER_LISTS),
    *(f"{i}.{s}" for i in "am" for s in OTHER_LISTS),
    *(f"{g}_{s}" for g in GIVEN[:2] for s in OTHER_LISTS),
]
KEYS = [
    # a word-letter or an initial beside a verb or an adjective
    *(f"{w}_{word}" for w in "ai" for word in ["date", "love", "record", "little"]),
    *(f"{c}_{word}" for c in "pk" for word in ["low", "best", "value", "means"]),
    # letter suffixes: variants, teams, axes, pronouns
    *(f"{word}_{c}" for word in ["team", "group", "option", "plan", "column"] for c in "ab"),
    "love_u",
    "and_i",
    "point_x",
    "offset_y",
]


@pytest.fixture(scope="module")
def rules(engine: Engine) -> KeyRules:  # noqa: F811
    return KeyRules(engine.detector.lexicon)


@pytest.mark.parametrize("key", USER_NAMES)
def test_initials_and_short_surnames_make_a_user_name(rules: KeyRules, key: str) -> None:
    assert rules.verdict(key) in ("PERSON", "USERNAME")


@pytest.mark.parametrize("key", KEYS)
def test_letters_beside_words_stay_keys(rules: KeyRules, key: str) -> None:
    assert rules.verdict(key) in ("keep", "scan")
