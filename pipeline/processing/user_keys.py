"""Keys of a map keyed by people: user names whose surname no lexicon holds.

`{"reviewers": {"kowalczyk_p": "approved", "jdoe42": "pending"}}`: no name list knows every
surname, but the structure says what the keys are. A map is keyed by people when its own key
names people (`users`, `recipients`, `by_author`), when one of its keys is already judged a
person or a user name (`smith_j` beside `kowalczyk_p`), or, for one key, when its value is a
record of a person (an object with an e-mail, phone or name field). Under such evidence a key
shaped like a user name (an unknown word alone or beside an initial or a given name, maybe with
digits) is one; field names (`total_count`, `has_more`, `gravatar_id`) are not.
"""

from __future__ import annotations

import re
from typing import Literal

from pipeline.detection.names.lexicon import NameLexicon

Evidence = Literal["beside", "named"] | None

# plural person nouns: a map under such a key is keyed by its people
_PEOPLE = frozenset(
    [
        "users",
        "members",
        "people",
        "persons",
        "contacts",
        "recipients",
        "participants",
        "attendees",
        "authors",
        "assignees",
        "reviewers",
        "approvers",
        "owners",
        "followers",
        "friends",
        "customers",
        "employees",
        "staff",
        "agents",
        "students",
        "players",
        "subscribers",
        "guests",
        "usernames",
        "handles",
        "logins",
        "senders",
        "mentions",
        "collaborators",
        "watchers",
        "voters",
    ]
)
# `by_user`, `per_author`: keyed by a person
_PERSON = frozenset(
    ["user", "author", "member", "customer", "agent", "owner", "sender", "recipient", "contact"]
)
_SHAPE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[._-][A-Za-z0-9]+){0,2}")
_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_KEY_WORDS = re.compile(r"[a-z]+")
_LONG_DIGITS = re.compile(r"\d{6}")
_HEX = re.compile(r"[0-9a-f]{6,}")
_AXES = frozenset("xyz")
# short technical words WordNet does not hold
_TECH = frozenset(
    [
        "url",
        "uri",
        "uid",
        "gid",
        "pid",
        "api",
        "sha",
        "utc",
        "json",
        "xml",
        "yaml",
        "html",
        "css",
        "http",
        "https",
        "ssl",
        "tls",
        "sso",
        "mfa",
        "otp",
        "sms",
        "jwt",
        "oauth",
        "uuid",
        "guid",
        "ipv",
        "tcp",
        "udp",
        "dns",
        "cdn",
        "sdk",
        "cli",
        "gpu",
        "cpu",
        "ram",
        "rgb",
        "rgba",
        "hsl",
        "ttl",
        "kpi",
        "sku",
        "vat",
        "env",
        "cfg",
        "conf",
        "config",
        "tmp",
        "src",
        "dst",
        "dest",
        "idx",
        "ptr",
        "len",
        "str",
        "num",
        "int",
        "bool",
        "obj",
        "arr",
        "ctx",
        "req",
        "res",
        "resp",
        "msg",
        "img",
        "btn",
        "nav",
        "utm",
        "ref",
        "ids",
        "fmt",
        "ascii",
        "utf",
        "pdf",
        "csv",
        "png",
        "jpg",
        "svg",
        "mp",
        "mpeg",
        "webhook",
        "webhooks",
        "auth",
        "admin",
        "sudo",
        "localhost",
        "dev",
        "prod",
        "qa",
        "stg",
        "stats",
        "info",
        "misc",
    ]
)
_MIN_LEN = 3
_VOWEL = re.compile(r"[aeiouy]")
_SUFFIXES = frozenset(["no", "id", "able", "s"])
_PREFIXES = frozenset(["pre", "re", "sub", "un", "non", "geo", "dir", "href", "auto", "multi"])
_MAX_LEN = 40


def names_people(parent: str | None) -> bool:
    """Whether a map under key `parent` is keyed by people (`recipients`, `by_user`)."""
    if not parent:
        return False
    words = _KEY_WORDS.findall(re.sub(r"(?<=[a-z])(?=[A-Z])", "_", parent).lower())
    if not words:
        return False
    if words[-1] in _PEOPLE:
        return True
    return len(words) >= 2 and words[-2] in ("by", "per") and words[-1] in _PERSON


def user_shaped(lexicon: NameLexicon, key: str, evidence: Evidence = None) -> bool:
    """Whether `key` is shaped like a user name, for the evidence the structure gives.

    An unknown word (no English, everyday or technical word, no words run together) with an
    initial counts on its own (`beridze_n`, `p.oyelaran`: no field name measured has that shape);
    beside user names or over a person's record (`beside`) also with a given name
    (`anna_petrosyan`), another unknown word, or digits (`jdoe42`); under a key that names
    people (`named`) also alone (`jdoe`; beside user names a lone word may be a brand).
    """
    if not (_MIN_LEN <= len(key) <= _MAX_LEN) or not _SHAPE.fullmatch(key):
        return False
    if _LONG_DIGITS.search(key) or _HEX.fullmatch(key.lower()):
        return False
    words = [w.lower() for w in _PARTS.findall(key) if not w.isdigit()]

    def known(word: str) -> bool:
        if word.endswith("able") and len(word) > 6:
            word = word[:-4]
        return (
            word in _TECH
            or word in _PREFIXES
            or lexicon.is_english(word)
            or lexicon.is_common(word)
        )

    def unknown(word: str, least: int = _MIN_LEN) -> bool:
        # a field name runs words together (`timezone`, `lineno`, `pagecount`): not unknown
        return (
            len(word) >= least
            and bool(_VOWEL.search(word))
            and not known(word)
            and not any(
                known(word[:i]) and (known(word[i:]) or word[i:] in _SUFFIXES)
                for i in range(2, len(word) - 1)
            )
        )

    if len(words) == 1:
        if evidence == "named" or (evidence == "beside" and key[-1].isdigit()):
            return unknown(words[0], _MIN_LEN + 1)
        return False
    if len(words) != 2:
        return False
    a, b = words
    for word, other in ((a, b), (b, a)):
        if len(other) == 1 and other not in _AXES and unknown(word, _MIN_LEN + 1):
            return True
        if (
            evidence is not None
            and unknown(word)
            and (unknown(other) or (lexicon.is_first(other) and not lexicon.is_common(other)))
        ):
            return True
    return False
