"""Generation: determinism, coverage of entity types, and labels that match the raw events."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from pipeline.corpus import (
    ENTITY_TYPES,
    STREAM_ENTITY_TYPES,
    STREAMS,
    LabelledEvent,
    Stream,
    generate,
    generate_mixed,
    missing_safe,
)
from pipeline.corpus.paths import MISSING, get

CORPUS_SIZE = 300


@pytest.fixture(scope="module")
def corpus() -> dict[Stream, list[LabelledEvent]]:
    return {stream: generate(stream, CORPUS_SIZE, seed=11) for stream in STREAMS}


def _field_text(event: LabelledEvent, path: str) -> str:
    value = get(event.event, path)
    assert value is not MISSING, path
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


@pytest.mark.parametrize("stream", STREAMS)
def test_same_seed_gives_same_events_and_labels(stream: Stream) -> None:
    assert generate(stream, 40, seed=5) == generate(stream, 40, seed=5)


@pytest.mark.parametrize("stream", STREAMS)
def test_other_seed_gives_other_events(stream: Stream) -> None:
    first = [event.event for event in generate(stream, 10, seed=1)]
    second = [event.event for event in generate(stream, 10, seed=2)]
    assert first != second


def test_a_longer_run_starts_with_the_shorter_one() -> None:
    assert generate("analytics_events", 60, seed=3)[:20] == generate("analytics_events", 20, 3)


def test_mixed_interleaves_all_streams_deterministically() -> None:
    mixed = generate_mixed(90, seed=4)
    assert mixed == generate_mixed(90, seed=4)
    assert {event.stream for event in mixed} == set(STREAMS)
    assert len({event.stream for event in mixed[:6]}) > 1


def test_unknown_stream_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown stream"):
        generate("sms_logs", 1, seed=0)  # type: ignore[arg-type]


@pytest.mark.parametrize("stream", STREAMS)
def test_every_stream_plants_all_its_entity_types(
    corpus: dict[Stream, list[LabelledEvent]], stream: Stream
) -> None:
    seen = Counter(p.entity_type for event in corpus[stream] for p in event.planted)
    assert set(seen) == STREAM_ENTITY_TYPES[stream]


def test_the_streams_together_plant_every_entity_type() -> None:
    assert set().union(*STREAM_ENTITY_TYPES.values()) == set(ENTITY_TYPES)


@pytest.mark.parametrize("stream", STREAMS)
def test_every_planted_value_occurs_in_the_raw_event_at_its_path(
    corpus: dict[Stream, list[LabelledEvent]], stream: Stream
) -> None:
    for event in corpus[stream]:
        for planted in event.planted:
            assert planted.value in _field_text(event, planted.path), planted


@pytest.mark.parametrize("stream", STREAMS)
def test_leak_forms_start_with_the_value_and_have_no_duplicates(
    corpus: dict[Stream, list[LabelledEvent]], stream: Stream
) -> None:
    for event in corpus[stream]:
        for planted in event.planted:
            assert planted.leak_forms[0] == planted.value
            assert len(set(planted.leak_forms)) == len(planted.leak_forms)


@pytest.mark.parametrize("stream", STREAMS)
def test_safe_values_are_present_in_the_raw_event(
    corpus: dict[Stream, list[LabelledEvent]], stream: Stream
) -> None:
    for event in corpus[stream]:
        assert missing_safe(event.event, event.safe) == []
    kept = Counter(s.path for event in corpus[stream] for s in event.safe)
    assert kept["event_id"] == CORPUS_SIZE


@pytest.mark.parametrize("stream", STREAMS)
def test_some_fields_are_missing_or_null_but_never_the_event_id(
    corpus: dict[Stream, list[LabelledEvent]], stream: Stream
) -> None:
    keys = Counter(key for event in corpus[stream] for key in event.event)
    nulls = sum(value is None for event in corpus[stream] for value in event.event.values())
    assert keys["event_id"] == CORPUS_SIZE
    assert min(keys.values()) < CORPUS_SIZE
    assert nulls > 0


def _bodies(events: list[LabelledEvent], part: str) -> list[str]:
    """The non-empty request or response bodies (either may be missing or null)."""
    bodies = (get(event.event, f"{part}.body") for event in events)
    return [body for body in bodies if isinstance(body, str) and body]


def test_notification_bodies_use_form_json_and_xml(
    corpus: dict[Stream, list[LabelledEvent]],
) -> None:
    bodies = _bodies(corpus["notification_logs"], "request")
    replies = _bodies(corpus["notification_logs"], "response")
    assert any(body.startswith("From=%2B") for body in bodies)
    assert any(body.startswith("{") for body in bodies)
    assert any("<Speak" in reply for reply in replies)
    assert any("<Dial" in reply for reply in replies)


def test_analytics_properties_hide_pii_under_unknown_keys_and_lists(
    corpus: dict[Stream, list[LabelledEvent]],
) -> None:
    paths = {p.path for event in corpus["analytics_events"] for p in event.planted}
    assert any(path.startswith("properties.data.u.") for path in paths)
    assert any("[" in path for path in paths)
    assert "properties.payload" in paths


def test_free_text_is_varied(corpus: dict[Stream, list[LabelledEvent]]) -> None:
    speeches = {
        body for body in _bodies(corpus["notification_logs"], "response") if "<Speak" in body
    }
    assert len(speeches) > 50
