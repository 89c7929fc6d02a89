"""An event that names no subject counts as no one towards k for its free text: ten subjectless
events with the same unique sentence do not release it (each used to count as a subject of its
own: its event id stood in). Once k real subjects made the template common, a subjectless
event's text is released like anyone's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from pipeline.textrelease import TemplateCounts, is_withheld
from tests.engine_fixture import SECRETS
from tests.textrelease import test_release_in_records
from tests.textrelease.test_release_in_records import K, Make

make = test_release_in_records.make  # the fixture: a processor with its own counts
SECRET = "my neighbour zorblatt quenvik keeps the spare key under the blue pot"


def _event(n: int, cookie: str | None, message: str = SECRET) -> dict[str, Any]:
    event: dict[str, Any] = {
        "event_id": f"evt-{n}",
        "timestamp": "2026-01-02T03:04:05Z",
        "event_type": "form_submit",
        "properties": {"message": message},
    }
    if cookie is not None:
        event["anonymous_id"] = cookie
    return event


def _messages(make: Make, counts: TemplateCounts, events: list[dict[str, Any]]) -> list[Any]:
    processor = make(counts=counts)
    out = processor.process("analytics_events", [json.dumps(e).encode() for e in events])
    return [o.record["properties"]["message"] for o in out]  # type: ignore[union-attr]


def test_subjectless_events_count_as_no_one_and_publish_no_template_state(make: Make) -> None:
    counts = TemplateCounts(K)
    texts = _messages(make, counts, [_event(n, None) for n in range(10)])
    assert all(is_withheld(t) for t in texts)
    # what the streaming worker would publish to the template topic in the batch's transaction
    assert counts.drain() == []
    fingerprint = texts[0]["template"]
    assert counts.distinct(fingerprint) == 0
    # k real subjects make it common; then a subjectless event's text is released
    real = _messages(make, counts, [_event(20 + n, f"ajs_{n}") for n in range(K)])
    assert is_withheld(real[0]) and not is_withheld(real[-1])
    [after] = _messages(make, counts, [_event(99, None)])
    assert after == SECRET
    # the subjects published for the template are the K cookies, no stand-in for the others
    [(published, state)] = counts.drain()
    assert published == fingerprint and state is not None and state.common


def test_subjectless_events_do_not_fill_k_for_each_other_but_add_to_real_ones(make: Make) -> None:
    counts = TemplateCounts(K)
    texts = _messages(
        make, counts, [_event(0, "ajs_a"), _event(1, None), _event(2, None), _event(3, "ajs_b")]
    )
    assert all(is_withheld(t) for t in texts)  # two subjects, not four
    assert counts.distinct(texts[0]["template"]) == 2


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PII_TOKEN_KEY", SECRETS.token_key.hex())
    monkeypatch.setenv("PII_VAULT_MASTER_KEY", SECRETS.master_key.hex())


@pytest.mark.usefixtures("keys")
def test_the_file_command_withholds_a_sentence_of_ten_subjectless_events(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw.jsonl", tmp_path / "out.jsonl"
    raw.write_text("".join(json.dumps(_event(n, None)) + "\n" for n in range(10)))
    args = ["redact", "analytics_events", "--input", str(raw), "--output", str(out)]
    assert main([*args, "--free-text", "k_anonymous", "--text-k", "3"]) == 0
    texts = [json.loads(line)["properties"]["message"] for line in out.read_text().splitlines()]
    assert len(texts) == 10 and all(is_withheld(t) for t in texts)
    # ten events of three cookies: released from the third cookie on
    raw.write_text("".join(json.dumps(_event(n, f"ajs_{n % 3}")) + "\n" for n in range(10)))
    assert main([*args, "--free-text", "k_anonymous", "--text-k", "3"]) == 0
    texts = [json.loads(line)["properties"]["message"] for line in out.read_text().splitlines()]
    assert [is_withheld(t) for t in texts[:3]] == [True, True, False]
    assert texts[-1] == SECRET
