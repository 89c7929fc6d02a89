"""The decoded view: disguises undone, and every finding mapped back onto the original text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.detection.spans import Detection
from pipeline.hostile.textual import _entities, _fullwidth, _spell
from pipeline.processing.decoded import decoded_view
from pipeline.processing.scripts import script_runs

EMAILS = ["ann.lee42@example.com", "bo_ray@mail.example.org", "k.scott7@example.net"]
NUMBERS = ["+447700900123", "4155550100", "015123451777"]
DISGUISES = {
    "entities": lambda v: _entities(v, False),
    "hex entities": lambda v: _entities(v, True),
    "percent": lambda v: "".join(
        f"%{ord(c):02X}" if c in "@.+" or (c.isdigit() and i % 2) else c for i, c in enumerate(v)
    ),
    "zero-width": lambda v: "\u200b".join(v),
    "soft hyphen": lambda v: v[:4] + "\u00ad" + v[4:],
    "word joiner": lambda v: "\u2060".join(v),
    "full-width": _fullwidth,
}


@pytest.mark.parametrize("disguise", sorted(DISGUISES))
@pytest.mark.parametrize("value", EMAILS + NUMBERS)
def test_view_shows_the_value_and_maps_it_back(disguise: str, value: str) -> None:
    hidden = DISGUISES[disguise](value)
    text = f"contact: {hidden} (today)"
    view = decoded_view(text)
    assert view is not None
    start = view.text.index(value)
    [back] = view.original([Detection(start, start + len(value), "X", 1.0, "t")])
    assert text[back.start : back.end] == hidden


@pytest.mark.parametrize(
    "written",
    [
        "{l} at {d} dot {t}",
        "{l}[at]{d}.{t}",
        "{l} (at) {d} (dot) {t}",
        "{l} AT {d} DOT {t}",
        "{l} {{at}} {d} {{dot}} {t}",
    ],
)
@pytest.mark.parametrize("email", EMAILS)
def test_at_dot_addresses_become_addresses(written: str, email: str) -> None:
    local, domain = email.split("@")
    name, tld = domain.rsplit(".", 1)
    text = "write to " + written.format(l=local, d=name.replace(".", " dot "), t=tld) + " soon"
    view = decoded_view(text)
    assert view is not None and email in view.text


@pytest.mark.parametrize("number", ["07700900123", "4155550100", "0681001234"])
@pytest.mark.parametrize("alt_zero", [True, False])
def test_spelled_out_numbers_become_digits(number: str, alt_zero: bool) -> None:
    text = f"you can reach me on {_spell(number, alt_zero)} any time"
    view = decoded_view(text)
    assert view is not None and number in view.text


@pytest.mark.parametrize(
    "text",
    [
        "plain ascii text with one or two words",
        "José García from Zürich",
        "I have one cat and two dogs, three birds",
        "meet at noon at the station",
    ],
)
def test_ordinary_text_has_no_view(text: str) -> None:
    assert decoded_view(text) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_decodes_and_maps_within_bounds(text: str) -> None:
    view = decoded_view(text)
    if view is None:
        return
    assert len(view.starts) == len(view.ends) == len(view.text)
    whole = view.original([Detection(0, len(view.text), "X", 1.0, "t")]) if view.text else []
    for d in whole:
        assert 0 <= d.start <= d.end <= len(text)
    assert all(0 <= s < e <= len(text) for s, e in zip(view.starts, view.ends, strict=True))


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("call back راشد الخالدي tomorrow", ["راشد الخالدي"]),
        ("spoke with 中島 里佳 today", ["中島 里佳"]),
        ("יעקב חדד asked for a refund", ["יעקב חדד"]),
        ("delivery for आदरसूचक विपुल", ["आदरसूचक विपुल"]),
        ("José García from Zürich", []),
    ],
)
def test_caseless_script_runs(text: str, runs: list[str]) -> None:
    scripts = ("Arabic", "Hebrew", "Han", "Hiragana", "Katakana", "Thai", "Devanagari")
    assert [text[d.start : d.end] for d in script_runs(text, scripts)] == runs
