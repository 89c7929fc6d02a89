"""The consent model: one subject's state (`control.consent`), how states merge, what they allow.

A subject is named by phone, e-mail, cookie or account id and tokenized before anything is
published. Choices only ever switch on (`merge`): a later record that lacks a choice already
held does not clear it, and the earliest timestamp of a choice is kept. What a state allows:
- under 13 or erase: the subject counts nowhere, from any time (erasure is retroactive);
- do not share: refused for `ads.*` when `do_not_share_at <= at` (a timestamp that cannot be
  read counts as "always": fail closed).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal

import jsonschema

from pipeline.aggregation.validation import SCHEMA_DIR
from pipeline.aggregation.windows import parse_timestamp
from pipeline.detection.numbers.phones import parse_phone_field
from pipeline.errors import InputError
from pipeline.transforms.tokens import Tokenizer

Kind = Literal["phone", "email", "cookie", "account"]
Choice = Literal["do_not_share", "under_13", "erase"]
CHOICES: tuple[Choice, ...] = ("do_not_share", "under_13", "erase")
_ACCOUNT = re.compile(r"^[MS]A[A-Z0-9]{18}$")
# Cookie ids are machine-made: one word of letters, digits and separators, with a digit in it
# (UUIDs, `ajs_…`, GA client ids). Anything else is not guessed to be one.
_COOKIE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:~-]{5,199}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SCHEMA = SCHEMA_DIR / "control" / "consent.json"
# The token's entity type per kind: the same tokens the engine puts in sanitized records.
_ENTITY = {
    "phone": "PHONE_NUMBER",
    "email": "EMAIL_ADDRESS",
    "cookie": "COOKIE_ID",
    "account": "ACCOUNT_ID",
}


def guess_kind(identifier: str, regions: tuple[str, ...]) -> Kind:
    """What the identifier is, when the caller did not say."""
    text = identifier.strip()
    if "@" in text:
        return "email"
    if _ACCOUNT.match(text):
        return "account"
    if sum(ch.isdigit() for ch in text) >= 7 and parse_phone_field(text, regions).valid:
        return "phone"
    if _COOKIE.match(text) and any(ch.isdigit() for ch in text):
        return "cookie"
    # the subject itself is never quoted: it is personal data
    raise InputError(
        "cannot tell whether the subject is a phone number, e-mail, cookie id or account id: "
        "give --kind"
    )


def subject_token(
    tokens: Tokenizer, identifier: str, kind: Kind | None, regions: tuple[str, ...]
) -> tuple[Kind, str]:
    """(kind, keyed token) of the subject; the raw identifier goes no further."""
    text = identifier.strip()
    if not text:
        raise InputError("empty subject")
    kind = kind or guess_kind(text, regions)
    if kind == "phone":
        parsed = parse_phone_field(text, regions)
        if not parsed.valid:
            raise InputError("not a valid phone number")
        normalized = parsed.normalized
    elif kind == "email":
        if not _EMAIL.match(text):
            raise InputError("not an e-mail address")
        normalized = text.lower()
    elif kind == "account":
        if not _ACCOUNT.match(text):
            raise InputError("not an account id (MA or SA and 18 letters or digits)")
        normalized = text
    else:
        if not _COOKIE.match(text):
            raise InputError("not a cookie id (one word of letters, digits and . _ : ~ -)")
        normalized = text
    return kind, tokens.token(_ENTITY[kind], normalized)


@dataclass(frozen=True)
class ConsentState:
    """The latest state of one subject; choices only ever switch on."""

    subject: str
    do_not_share: bool = False
    do_not_share_at: str | None = None
    under_13: bool = False
    under_13_at: str | None = None
    erase: bool = False
    erase_at: str | None = None
    updated_at: str = ""
    source: str = "cli"

    def with_choice(self, choice: Choice, at: datetime | None = None) -> ConsentState:
        """This state with `choice` set; the first time it was set is kept."""
        moment = (at or datetime.now(UTC)).isoformat()
        if getattr(self, choice):
            return replace(self, updated_at=moment)
        changes: dict[str, Any] = {choice: True, f"{choice}_at": moment, "updated_at": moment}
        return replace(self, **changes)

    @property
    def blocked(self) -> tuple[str, str | None] | None:
        """(reason, requested at) when no output may count the subject at all: "under_13" or
        "erase"; None otherwise."""
        if self.under_13:
            return "under_13", self.under_13_at
        if self.erase:
            return "erase", self.erase_at
        return None

    def admits(self, metric: str, at: datetime) -> bool:
        """Whether the subject's record at `at` may count towards `metric`."""
        if self.blocked is not None:
            return False
        if self.do_not_share and metric.startswith("ads."):
            since = parse_timestamp(self.do_not_share_at)
            return since is not None and at < since
        return True

    def to_json(self) -> dict[str, Any]:
        """The record as published, validated against schemas/control/consent.json."""
        record = dict(self.__dict__)
        jsonschema.validate(record, _schema())
        return record

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> ConsentState:
        """Inverse of `to_json` (unknown fields ignored)."""
        fields = {k: record[k] for k in cls.__dataclass_fields__ if k in record}
        return cls(**fields)


def _schema() -> dict[str, Any]:
    return json.loads(_SCHEMA.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def merge(old: ConsentState | None, new: ConsentState) -> ConsentState:
    """`new`, with every choice `old` had kept on, at the earliest time either gives."""
    if old is None:
        return new
    changes: dict[str, Any] = {}
    for choice in CHOICES:
        if getattr(old, choice):
            times = [t for t in (getattr(old, f"{choice}_at"), getattr(new, f"{choice}_at")) if t]
            parsed = [(parse_timestamp(t), t) for t in times]
            known = [(moment, text) for moment, text in parsed if moment is not None]
            changes[choice] = True
            changes[f"{choice}_at"] = min(known)[1] if known else None
    return replace(new, **changes)
