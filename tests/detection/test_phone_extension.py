"""The extension shortcut gives what libphonenumber's own `_maybe_strip_extension` gives."""

from __future__ import annotations

import re

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import phonenumberutil

from pipeline.detection.numbers import phone_extension, phones  # noqa: F401  (phones installs it)

_LIBRARY = phone_extension._LIBRARY
# the plain characters, and every character an extension alternative starts or needs
_ALPHABET = st.sampled_from(
    list("0123456789+ ()-./")
    + list(";,#~xXeEtTnNiIaA=:\t\u00a0")
    + ["\uff03", "\uff5e", "\uff58", "\uff49", "\u0434", "\u043e", "\u0431", "\uff10", "٣"]
)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("+1 (415) 555-0100", ("", "+1 (415) 555-0100")),
        ("020 7946 0958", ("", "020 7946 0958")),
        ("415.555.0100/12", ("", "415.555.0100/12")),
        ("+1 415 555 0100 ext. 12", ("12", "+1 415 555 0100")),
        ("+1 415 555 0100 x12", ("12", "+1 415 555 0100")),
        ("4155550100#12", ("12", "4155550100")),  # not plain: the library decides
        ("+14155550100;ext=7", ("7", "+14155550100")),
        ("+14155550100,,12", ("12", "+14155550100")),
        ("", ("", "")),
    ],
)
def test_rows(number: str, expected: tuple[str, str]) -> None:
    assert phone_extension.maybe_strip_extension(number) == expected
    assert _LIBRARY(number) == expected


@settings(max_examples=500, deadline=None)
@given(st.text(_ALPHABET, max_size=30))
def test_same_as_library(number: str) -> None:
    assert phone_extension.maybe_strip_extension(number) == _LIBRARY(number)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("0123456789+ ()-./")), max_size=30))
def test_plain_numbers_never_hold_an_extension_for_the_library(number: str) -> None:
    assert _LIBRARY(number) == ("", number)


def test_installed_for_the_proven_pattern_only() -> None:
    assert phone_extension.installable()  # the pinned library's pattern is the proven one
    assert phonenumberutil._maybe_strip_extension is phone_extension.maybe_strip_extension
    parsed = phonenumbers.parse("+1 415 555 0100 ext. 12", None)
    assert (parsed.national_number, parsed.extension) == (4155550100, "12")


def test_another_pattern_keeps_the_library(monkeypatch: pytest.MonkeyPatch) -> None:
    changed = phonenumberutil._EXTN_PATTERN.pattern.replace("|[- ]+(\\d{1,6})#", "|[- ]+(\\d{1,6})")
    assert changed != phonenumberutil._EXTN_PATTERN.pattern
    monkeypatch.setattr(phonenumberutil, "_EXTN_PATTERN", re.compile(changed))
    assert not phone_extension.installable()
