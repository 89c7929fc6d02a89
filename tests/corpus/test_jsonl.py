"""JSON Lines output, labels files and the `python -m pipeline.corpus` entry point."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from pipeline.corpus import (
    generate_mixed,
    labels_from_dict,
    labels_to_dict,
    labels_to_jsonl,
    read_labels,
    to_jsonl,
    write_jsonl,
)
from pipeline.corpus.__main__ import main
from pipeline.corpus.paths import MISSING, get, join, segments


def test_raw_jsonl_is_one_event_per_line_and_keeps_unicode() -> None:
    events = generate_mixed(40, seed=8)
    text = to_jsonl(events)
    lines = text.splitlines()
    assert [json.loads(line) for line in lines] == [event.event for event in events]
    assert "\\u00" not in text


def test_labels_survive_a_round_trip() -> None:
    events = generate_mixed(40, seed=9)
    for event in events:
        labels = event.labels()
        assert labels_from_dict(json.loads(json.dumps(labels_to_dict(labels)))) == labels
    read = list(read_labels(labels_to_jsonl(events).splitlines()))
    assert read == [event.labels() for event in events]


def test_write_jsonl_writes_events_and_labels_side_by_side() -> None:
    raw, labels = io.StringIO(), io.StringIO()
    assert write_jsonl(generate_mixed(5, seed=1), raw, labels) == 5
    ids = [json.loads(line)["event_id"] for line in raw.getvalue().splitlines()]
    assert [label.event_id for label in read_labels(labels.getvalue().splitlines())] == ids


@pytest.mark.parametrize("stream", ["call_logs", "notification_logs", "analytics_events", "mixed"])
def test_cli_writes_raw_events_to_stdout_and_labels_to_a_file(
    stream: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    labels_file = tmp_path / "labels.jsonl"
    assert main([stream, "7", "--seed", "3", "--labels", str(labels_file)]) == 0
    raw = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    labels = list(read_labels(labels_file.read_text(encoding="utf-8").splitlines()))
    assert len(raw) == 7
    assert [event["event_id"] for event in raw] == [label.event_id for label in labels]
    if stream != "mixed":
        assert {label.stream for label in labels} == {stream}


def test_cli_output_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    main(["mixed", "5", "--seed", "x"])
    first = capsys.readouterr().out
    main(["mixed", "5", "--seed", "x"])
    assert capsys.readouterr().out == first


@pytest.mark.parametrize(
    ("path", "parts"),
    [
        ("event_id", ["event_id"]),
        ("request.headers.X-Plivo-Signature-V3", ["request", "headers", "X-Plivo-Signature-V3"]),
        ("properties.tags[1]", ["properties", "tags", 1]),
        ("properties.items[0].sku", ["properties", "items", 0, "sku"]),
    ],
)
def test_paths_split_into_keys_and_indices(path: str, parts: list[str | int]) -> None:
    assert segments(path) == parts
    rebuilt = ""
    for part in parts:
        rebuilt = join(rebuilt, part)
    assert rebuilt == path


def test_get_tells_a_missing_path_from_a_null_value() -> None:
    document = {"a": None, "b": [{"c": 1}], "s": "text"}
    assert get(document, "a") is None
    assert get(document, "b[0].c") == 1
    assert get(document, "b[1].c") is MISSING
    assert get(document, "s[0]") is MISSING
    assert get(document, "x.y") is MISSING
