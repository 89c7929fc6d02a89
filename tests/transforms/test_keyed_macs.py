"""Tokens and template fingerprints are HMAC-SHA256 of their message under their key.

They are computed from a copy of an HMAC keyed once (faster than keying one per value): each
must equal the HMAC computed from scratch, for every message and in any order.
"""

from __future__ import annotations

import hashlib
import hmac

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.textrelease.template import FINGERPRINT_PREFIX, TemplateKeys
from pipeline.transforms.tokens import TOKEN_PREFIX, Tokenizer

_KEY = hashlib.sha256(b"test_keyed_macs").digest()
_DERIVED = hmac.new(_KEY, b"pipeline:text-template:v1", hashlib.sha256).digest()


def _mac(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def test_known_values() -> None:
    tokens, keys = Tokenizer(_KEY), TemplateKeys(_KEY)
    assert tokens.token("PHONE_NUMBER", "+14155550100") == (
        TOKEN_PREFIX + _mac(_KEY, b"PHONE_NUMBER:+14155550100")[:32]
    )
    assert keys.fingerprint("Hello <PERSON>") == (
        FINGERPRINT_PREFIX + _mac(_DERIVED, b"template:Hello <PERSON>")[:32]
    )
    assert keys.subject("tok_1") == _mac(_DERIVED, b"subject:tok_1")[:16]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["EMAIL", "PHONE_NUMBER"]), st.text(max_size=40))))
def test_tokens_are_hmacs(values: list[tuple[str, str]]) -> None:
    tokens, keys = Tokenizer(_KEY), TemplateKeys(_KEY)
    for entity, value in values:  # a shared keyed HMAC must not carry one value into the next
        assert tokens.token(entity, value) == (
            TOKEN_PREFIX + _mac(_KEY, f"{entity}:{value}".encode())[:32]
        )
        assert keys.fingerprint(value) == (
            FINGERPRINT_PREFIX + _mac(_DERIVED, b"template:" + value.encode())[:32]
        )
        assert keys.subject(value) == _mac(_DERIVED, b"subject:" + value.encode())[:16]
