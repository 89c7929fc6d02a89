"""Consent records (`control.consent`): a subject named by phone, e-mail, cookie or account id,
tokenized before anything is published, and the merged state of its three choices."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import jsonschema

from pipeline.detection.phones import parse_phone_field
from pipeline.errors import InputError
from pipeline.transforms.tokens import Tokenizer

Kind = Literal["phone", "email", "cookie", "account"]
Choice = Literal["do_not_share", "under_13", "erase"]
_ACCOUNT = re.compile(r"^[MS]A[A-Z0-9]{18}$")
_SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "control" / "consent.json"
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
    return "cookie"


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
        normalized = text.lower()
    else:
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
