"""The propagation case guard: a found name's lower-case occurrences elsewhere.

"Rose Bond" found made every "rose" and "bond" of the event a name. A lower-case occurrence of
one part propagates only when it is no ordinary English word (a verb or adjective too, or an
everyday word), when the text writes its names in lower case, or when the part is a tagged
field's value. Every sentence here was written for this test.
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.propagate import known_parts, ordinary_words, propagate
from pipeline.detection.spans import Detection


def _spread(detector: Any, text: str, name: str, trusted: bool = False) -> list[str]:
    """What propagation adds to one detection of `name` (the first occurrence in `text`)."""
    start = text.index(name)
    found = [Detection(start, start + len(name), "PERSON", 0.9, "test")]
    ordinary = ordinary_words(detector.lexicon)
    parts = known_parts([("PERSON", name)]) if trusted else frozenset()
    out = propagate(text, found, parts, ordinary=ordinary, trusted=parts)
    return [text[d.start : d.end] for d in out[1:]]


# (text, the name found, what must not be taken elsewhere)
GUARDED = [
    (
        "Rose Bond chairs the fund. Profits rose as the bond market fell.",
        "Rose Bond",
        ["rose", "bond"],
    ),
    ("Marta Film directed it. The film opens on Friday.", "Marta Film", ["film"]),
    (
        "Grant Hill scored twelve. They walked up the hill for a grant.",
        "Grant Hill",
        ["hill", "grant"],
    ),
    ("Ana Chase spoke first. The police chase ended at noon.", "Ana Chase", ["chase"]),
]


@pytest.mark.parametrize(("text", "name", "words"), GUARDED)
def test_a_lower_case_ordinary_word_is_no_occurrence_of_a_found_name(
    detector: Any, text: str, name: str, words: list[str]
) -> None:
    spread = _spread(detector, text, name)
    assert not [w for w in spread if w in words]


# (text, the name found, what is still taken elsewhere)
PROPAGATED = [
    # a part that is no English word
    ("Lena Okonkwo called. then okonkwo wrote back.", "Lena Okonkwo", ["okonkwo"]),
    # a name English has as a plain noun only
    ("Tom Smith called. later smith wrote back.", "Tom Smith", ["smith"]),
    # capitalised or shouted occurrences of an English word are the name
    ("Rose Bond called. Bond said ROSE would sign.", "Rose Bond", ["Bond", "ROSE"]),
    # a text that writes names in lower case: its lower-case parts are the name
    ("ask rose bond about it. rose said she would", "rose bond", ["rose"]),
]


@pytest.mark.parametrize(("text", "name", "words"), PROPAGATED)
def test_other_occurrences_of_a_found_name_still_propagate(
    detector: Any, text: str, name: str, words: list[str]
) -> None:
    assert _spread(detector, text, name) == words


def test_a_tagged_value_propagates_in_any_case(detector: Any) -> None:
    # the event's own caller "Rose Bond" (a tagged field): "rose" in its free text is her
    text = "Rose Bond called. rose wants the bond papers"
    assert _spread(detector, text, "Rose Bond", trusted=True) == ["rose", "bond"]


def test_a_capitalising_text_does_not_trust_its_lower_case_finds(detector: Any) -> None:
    # a lower-case find beside a capitalised name is a word a rule took ("the cash bond")
    text = "Glenn Moyo said the cash bond fell. The bond rallied later."
    found = [
        Detection(0, 10, "PERSON", 0.9, "test"),
        Detection(text.index("cash bond"), text.index("cash bond") + 9, "PERSON", 0.5, "test"),
    ]
    out = propagate(text, found, frozenset(), ordinary=ordinary_words(detector.lexicon))
    assert [text[d.start : d.end] for d in out[2:]] == []


def test_the_event_propagates_case_guarded(sanitize: Any) -> None:
    """End to end: the processor hands the guard to every event."""
    text = "Rose Bond chairs the fund. Profits rose to a record as the bond market fell."
    event = {
        "event_id": "case-guard-1",
        "timestamp": "2025-01-01T00:00:00Z",
        "event_type": "feedback",
        "properties": {"message": text},
    }
    out = sanitize("analytics_events", event).record["properties"]["message"]
    assert "Rose Bond" not in out
    assert "Profits rose to a record as the bond market fell." in out
