"""Consent subjects are recognised and tokenized like the engine's; choices only switch on."""

from __future__ import annotations

from datetime import UTC, datetime

import jsonschema
import pytest

from pipeline.errors import InputError
from pipeline.streaming.consent.model import ConsentState, guess_kind, subject_token
from pipeline.transforms.tokens import Tokenizer

REGIONS = ("US", "GB", "DE")
TOKENS = Tokenizer(b"k" * 32)


@pytest.mark.parametrize(
    ("identifier", "kind"),
    [
        ("+44 20 7183 8750", "phone"),
        ("Bob.Jones@Example.org", "email"),
        ("MAZDQ1ZMM5YTKZYJBLYW", "account"),
        ("ajs_4f9c2d1e", "cookie"),
    ],
)
def test_kind_is_recognised(identifier: str, kind: str) -> None:
    assert guess_kind(identifier, REGIONS) == kind


def test_tokens_match_the_engines_and_ignore_formatting() -> None:
    _, a = subject_token(TOKENS, "+44 20 7183 8750", None, REGIONS)
    _, b = subject_token(TOKENS, "020 7183 8750", "phone", REGIONS)
    assert a == b == TOKENS.token("PHONE_NUMBER", "+442071838750")
    _, mail = subject_token(TOKENS, "Bob.Jones@Example.org", None, REGIONS)
    assert mail == TOKENS.token("EMAIL_ADDRESS", "bob.jones@example.org")


def test_bad_subject_is_refused() -> None:
    with pytest.raises(InputError):
        subject_token(TOKENS, "12345", "phone", REGIONS)
    with pytest.raises(InputError):
        subject_token(TOKENS, "  ", None, REGIONS)


def test_choices_switch_on_and_keep_their_first_time() -> None:
    first = datetime(2026, 1, 1, tzinfo=UTC)
    later = datetime(2026, 2, 1, tzinfo=UTC)
    state = ConsentState(subject=TOKENS.token("COOKIE_ID", "c1")).with_choice("do_not_share", first)
    state = state.with_choice("do_not_share", later).with_choice("erase", later)
    record = state.to_json()
    assert record["do_not_share_at"] == first.isoformat()
    assert record["erase"] and record["erase_at"] == later.isoformat()
    assert not record["under_13"]
    with pytest.raises(jsonschema.ValidationError):
        ConsentState(subject="+14155550123").with_choice("erase").to_json()  # raw ids refused


@pytest.mark.parametrize(
    ("identifier", "kind"),
    [
        ("hello world", None),  # taken as a cookie id before
        ("helloworld", None),  # one word, but nothing machine-made about it
        ("hello world", "cookie"),
        ("bob@", "email"),
        ("MA123", "account"),
    ],
)
def test_subject_of_unknown_or_wrong_kind_is_refused_without_quoting_it(
    identifier: str, kind: str | None
) -> None:
    with pytest.raises(InputError) as refused:
        subject_token(TOKENS, identifier, kind, REGIONS)  # type: ignore[arg-type]
    assert identifier not in str(refused.value)
    if kind is None:
        assert "--kind" in str(refused.value)


def test_a_word_is_accepted_as_a_cookie_id_when_the_kind_is_given() -> None:
    kind, token = subject_token(TOKENS, "helloworld", "cookie", REGIONS)
    assert (kind, token) == ("cookie", TOKENS.token("COOKIE_ID", "helloworld"))
