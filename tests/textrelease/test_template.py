"""Templates, keyed fingerprints and the withheld marker (which carries no raw text)."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.textrelease import TemplateKeys, normalise, withheld_marker
from pipeline.textrelease.template import released_form

KEYS = TemplateKeys(b"k" * 32)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hello <PERSON>, your code is 4821.", "hello  <PERSON>, your code is 17."),
        ("Good afternoon Mrs. <PERSON>.", "Good afternoon Dr <PERSON>."),
        ("shipped to <STREET_ADDRESS>, <PERSON>.", "shipped to <STREET_ADDRESS>."),
        ("Total: 12,500.75 EUR", "total: 3 eur"),
        ("Press 1\tfor sales", "press 2 for sales "),
        ("Reminder for <PERSON> (<PHONE_NUMBER>): call us", "reminder for <PERSON>): call us"),
        ("Deliver to <STREET_ADDRESS> today", "deliver to <PERSON>, <PERSON> today"),
    ],
)
def test_texts_that_differ_only_by_case_space_numbers_or_split_placeholders_share_a_template(
    a: str, b: str
) -> None:
    assert normalise(a, numbers=True) == normalise(b, numbers=True)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Your code is 4821.", "Your code is 17."),  # numbers kept when policy says so
        ("Hello <PERSON>.", "Goodbye <PERSON>."),
        ("<PERSON>, call us", "<PERSON> call us"),
        ("Call me back", "Call me later"),
    ],
)
def test_different_texts_have_different_templates(a: str, b: str) -> None:
    assert normalise(a, numbers=False) != normalise(b, numbers=False)


def test_released_text_keeps_case_but_not_numbers_or_forms_of_address() -> None:
    assert released_form("Good afternoon Mr. <PERSON>. Balance: 45.20", True) == (
        "Good afternoon <PERSON>. Balance: <NUM>"
    )
    assert released_form("Balance: 45.20", False) == "Balance: 45.20"


def test_fingerprint_is_keyed_not_a_plain_hash() -> None:
    template = normalise("Your order has shipped.", True)
    fp = KEYS.fingerprint(template)
    assert re.fullmatch(r"tpl_[0-9a-f]{32}", fp)
    assert fp == KEYS.fingerprint(template)
    assert fp != TemplateKeys(b"j" * 32).fingerprint(template)
    assert fp[4:] not in hashlib.sha256(template.encode()).hexdigest()


_word = st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=12)


@given(words=st.lists(_word, min_size=1, max_size=12), person=st.booleans())
def test_withheld_marker_carries_no_raw_text(words: list[str], person: bool) -> None:
    raw = " ".join(words)
    redacted = raw + (" <PERSON>" if person else "")
    marker = withheld_marker(KEYS.fingerprint(normalise(redacted, True)), redacted)
    assert set(marker) == {"withheld", "template", "chars", "entities"}
    assert marker["withheld"] == "rare_text"
    assert re.fullmatch(r"tpl_[0-9a-f]{32}", marker["template"])
    assert marker["chars"] == len(redacted)
    assert marker["entities"] == ({"PERSON": 1} if person else {})
    # nothing of the text: only fixed words, the fingerprint, a length and entity counts
    rest = json.dumps(marker).replace(marker["template"], "")
    for fixed in ("withheld", "rare_text", "template", "chars", "entities", "PERSON"):
        rest = rest.replace(fixed, "")
    for word in words:
        if len(word) >= 2 and not word.isdigit():
            assert word not in rest


@given(
    st.text(alphabet="ab 1,.<>PERSON_:()-\t", max_size=40),
    st.booleans(),
    st.integers(min_value=0, max_value=600),
)
def test_kept_templates_equal_freshly_computed_ones(text: str, numbers: bool, pad: int) -> None:
    from pipeline.textrelease import template

    padded = text + " x" * pad  # some beyond the kept length, computed every time
    for value in (text, padded):
        assert released_form(value, numbers) == template._released(value, numbers)
        assert normalise(value, numbers) == template._normalised(value, numbers)
    keys = TemplateKeys(hashlib.sha256(b"k").digest())
    fresh = TemplateKeys(hashlib.sha256(b"k").digest())
    first = keys.fingerprint(text)
    assert keys.fingerprint(text) == first == fresh.fingerprint(text)
