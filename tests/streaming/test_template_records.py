"""A routed batch carries the template counts that allowed its releases, in its own records.

Issue 10: the template counts are "committed in the same transaction as the records they
allowed". A worker sends each `Routed.records` list in one transaction, so the counts a release
depended on must be in the records of the batch holding that release, whichever partition's
batch of the engine call it is. Broker-free: routing only builds the records (the broker test
of the counts across a restart is test_text_templates).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest

from pipeline.config.loader import with_free_text
from pipeline.engine import Engine
from pipeline.outcome import Outcome, StreamName
from pipeline.processing.processor import Processor
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker.routing import Routed, route_many
from pipeline.streaming.worker.runner import Raw
from pipeline.textrelease import TemplateKeys, TemplateState, TextGate, is_withheld
from tests.engine_fixture import SECRETS

SETTINGS = StreamSettings(bootstrap_servers="127.0.0.1:1", topic_prefix="tpl-records.")
K = 3
TEXT = "Your parcel is waiting at the depot."


class _KEngine:
    """The session engine's detector and keys, under the k-anonymous release with fresh counts
    (what routing uses of an engine: `process`, `keys`, `detector`, `texts`)."""

    def __init__(self, engine: Engine) -> None:
        config = with_free_text(engine.config, "k_anonymous", K)
        self.texts = TextGate(config.policy.free_text, TemplateKeys(SECRETS.token_key))
        self.processor = Processor(
            config, engine.detector, engine.tokens, engine.cipher, self.texts
        )
        self.keys, self.detector = engine.keys, engine.detector

    def process(self, stream: StreamName, values: Sequence[bytes]) -> list[Outcome]:
        return self.processor.process(stream, values)


@pytest.fixture
def k_engine(engine: Engine) -> Engine:
    return _KEngine(engine)  # type: ignore[return-value]


def _raw(partition: int, offset: int, cookie: str, text: str = TEXT) -> Raw:
    event = {
        "event_id": f"evt-{partition}-{offset}",
        "timestamp": "2026-01-02T03:04:05Z",
        "event_type": "form_submit",
        "anonymous_id": cookie,
        "properties": {"message": text},
    }
    return Raw(
        SETTINGS.raw("analytics_events"), partition, offset, None, json.dumps(event).encode()
    )


def _split(routed: Routed) -> tuple[list[dict[str, object]], dict[str, TemplateState]]:
    sanitized, states = [], {}
    for record in routed.records:
        if record.topic == SETTINGS.sanitized("analytics_events"):
            sanitized.append(json.loads(record.value))
        elif record.topic == SETTINGS.text_templates_topic:
            assert record.key is not None
            states[record.key.decode()] = TemplateState.from_json(json.loads(record.value))
    return sanitized, states


def test_each_batch_carries_the_counts_of_the_releases_it_holds(k_engine: Engine) -> None:
    # one engine call over two partitions' batches: the third distinct cookie (partition 1)
    # makes the template common, and its text is released
    batches = [
        [_raw(0, 0, "ajs_a"), _raw(0, 1, "ajs_b"), _raw(0, 2, "ajs_a")],
        [_raw(1, 0, "ajs_c"), _raw(1, 1, "ajs_d")],
    ]
    routed = route_many(k_engine, SETTINGS, "analytics_events", batches)
    assert len(routed) == 2
    released_in: list[int] = []
    for i, batch in enumerate(routed):
        sanitized, states = _split(batch)
        assert len(sanitized) == len(batches[i])
        [(fingerprint, state)] = states.items()
        messages = [r["properties"]["message"] for r in sanitized]  # type: ignore[index]
        if any(m == TEXT for m in messages):
            released_in.append(i)
            assert state.common  # the state that allowed the release goes with it
        withheld = [m for m in messages if is_withheld(m)]
        assert all(m["template"] == fingerprint for m in withheld)
        dumped = json.dumps([r.value.decode() for r in batch.records])
        assert "ajs_" not in json.dumps(state.to_json()) and TEXT not in json.dumps(state.to_json())
        assert dumped.count(TEXT) == messages.count(TEXT)  # released copies only
    assert released_in == [1]


def test_a_batch_that_changed_no_count_carries_no_template_record(k_engine: Engine) -> None:
    # a text with no release rule to count (no free text at all)
    quiet = Raw(
        SETTINGS.raw("analytics_events"),
        2,
        0,
        None,
        json.dumps({"event_id": "evt-q", "event_type": "page_view"}).encode(),
    )
    [routed] = route_many(k_engine, SETTINGS, "analytics_events", [[quiet]])
    assert _split(routed)[1] == {}
    assert [r.topic for r in routed.records] == [SETTINGS.sanitized("analytics_events")]
