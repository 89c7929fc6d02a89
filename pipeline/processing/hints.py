"""What a key name announces about its value: the policy's key hints, and keys that only describe.

A hint (`email`, `token`, `auth`, `phone`) says the value is that entity: `receipt_email`,
`access_token`. A key can also name the entity and then say something *about* it:
`email_verified`, `token_type`, `auth_time`, `mobile_brand_name`, `max_tokens`. Its value is a
flag, a number, a time or a word from a short list ("Bearer", "html", "Apple"), not an e-mail
or a secret. Such a key is judged by its value's shape: a scalar of that kind is scanned like any
value (the detectors still see it); any other value (a token under `token_type`, an object) is
handled as the hint says, so what is not understood stays withheld.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Any

from pipeline.detection.words import part_camel

# a key's words and numbers, once its camelCase words are parted (`part_camel`)
_KEY_WORDS = re.compile(r"[A-Za-z]+|\d+")
# Words that, after the hint's word, make the key describe the entity instead of holding it.
# Not here on purpose: `code` (`auth_code` is a secret, `zip_code` an address), `date`
# (`birth_date`), `id`, `url`, `name` (`full_name`), `new`/`old` (`password_new`), `hint`,
# `check`/`verify`/`repeat` (`password_check` is often the password typed again).
_ABOUT = frozenset(
    [
        "type",
        "types",
        "kind",
        "format",
        "mode",
        "method",
        "methods",
        "scheme",
        "provider",
        "source",
        "status",
        "state",
        "result",
        "verified",
        "confirmed",
        "validated",
        "valid",
        "enabled",
        "disabled",
        "required",
        "optional",
        "allowed",
        "visible",
        "public",
        "hidden",
        "consent",
        "optin",
        "optout",
        "subscribed",
        "unsubscribed",
        "bounced",
        "time",
        "at",
        "ttl",
        "expiry",
        "expires",
        "expired",
        "expiration",
        "lifetime",
        "age",
        "count",
        "length",
        "len",
        "size",
        "limit",
        "max",
        "min",
        "brand",
        "model",
        "version",
        "scope",
        "scopes",
        "ref",
        "label",
        "changed",
        "updated",
        "created",
        "sent",
        "received",
        "strength",
        "policy",
        "level",
        "score",
        "country",
        "region",
        "locale",
        "language",
        "lang",
        "encoding",
        "algorithm",
        "alg",
        "index",
        "position",
        "order",
        "attempts",
        "retries",
        "error",
        "errors",
        "reason",
    ]
)
# Words before the hint's word that make the key a quantity of it (`max_tokens`, `num_emails`).
_QUANTITY = frozenset(["max", "min", "num", "total", "count", "n"])
# A value from a short list: at most four words of letters (`Bearer`, `html`, `iPhone 15`), each
# cased as a word is (`iPhone`, `macOS`, `OAuth`), not a run of random letters.
_ENUM = re.compile(r"[A-Za-z]{1,20}(?:[ _\-./][A-Za-z0-9]{1,20}){0,3}")
_CASE_TURNS = re.compile(r"[a-z][A-Z]")
_NUMBER = re.compile(r"[-+]?\d{1,20}(?:\.\d{1,20})?")
_MAX_ENUM = 40


@lru_cache(maxsize=8)
def _hint_patterns(hints: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(k, re.IGNORECASE), e) for k, e in hints)


def _find(hints: tuple[tuple[str, str], ...], key: str) -> tuple[str, re.Match[str]] | None:
    words = part_camel(key)
    for pattern, entity in _hint_patterns(hints):
        m = pattern.search(words)
        if m is not None:
            return entity, m
    return None


@lru_cache(maxsize=65_536)
def hint_for(hints: tuple[tuple[str, str], ...], key: str) -> str | None:
    """The first hint whose pattern is found in `key`, its camelCase words parted by `_`
    (`homeTel` is matched as `home_Tel`), so a pattern can ask for a word's start."""
    found = _find(hints, key)
    return None if found is None else found[0]


@lru_cache(maxsize=65_536)
def _role(hints: tuple[tuple[str, str], ...], key: str) -> str:
    """`describes` for a key about its hint's entity (`token_type`, `email_verified`,
    `max_tokens`), `counts` for the entity's plural last (`prompt_tokens`), else `names`
    (`access_token`, `email_address`, `password_new`)."""
    found = _find(hints, key)
    if found is None:
        return "names"
    words = part_camel(key)
    m = found[1]
    after = [w.lower() for w in _KEY_WORDS.findall(words[m.end() :])]
    # the rest of the hint's own word (`tokens` after `token`) is part of it, not a description
    rest = ""
    if after and words[m.end() - 1 : m.end() + 1].isalpha():
        rest, after = after[0], after[1:]
    before = [w.lower() for w in _KEY_WORDS.findall(words[: m.start()])]
    if any(w in _ABOUT for w in after) or any(w in _QUANTITY for w in before):
        return "describes"
    return "counts" if not after and rest in ("s", "es") else "names"


def about(hints: tuple[tuple[str, str], ...], key: str, value: Any) -> bool:
    """Whether `key`'s hint does not apply to `value`: a describing key with a scalar value
    (`token_type: "Bearer"`, `auth_time: 1700000000`), or a plural with a count
    (`prompt_tokens: 12`). Then the value is scanned like any other."""
    role = _role(hints, key)
    if role == "describes":
        return scalar_shaped(value)
    if role == "counts":
        return isinstance(value, int) and not isinstance(value, bool)
    return False


def scalar_shaped(value: Any) -> bool:
    """A flag, a number, a time or a word from a short list: what a describing key holds."""
    if value is None or isinstance(value, bool | int | float):
        return True
    if not isinstance(value, str):
        return False
    if _NUMBER.fullmatch(value):
        return True
    if len(value) <= _MAX_ENUM and _ENUM.fullmatch(value):
        return all(len(_CASE_TURNS.findall(w)) <= 1 for w in value.split())
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True
