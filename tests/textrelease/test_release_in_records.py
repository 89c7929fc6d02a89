"""The k-anonymous free-text release in sanitized records: withheld until k distinct subjects
share a template, released after; markers in bodies and XML; drop and per-field modes."""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from pipeline.config.loader import with_free_text
from pipeline.config.policy import FreeTextField
from pipeline.engine import Engine
from pipeline.outcome import Sanitized
from pipeline.processing.processor import Processor
from pipeline.textrelease import TemplateCounts, TemplateKeys, TextGate, is_withheld
from tests.engine_fixture import SECRETS

K = 3
Make = Callable[..., Processor]


@pytest.fixture
def make(engine: Engine) -> Make:
    """A processor sharing the session's detector, with its own free-text rule and counts."""

    def build(
        release: str = "k_anonymous",
        k: int = K,
        counts: TemplateCounts | None = None,
        fields: tuple[FreeTextField, ...] = (),
    ) -> Processor:
        config = with_free_text(engine.config, release, k)  # type: ignore[arg-type]
        policy = config.policy.free_text.model_copy(update={"fields": fields})
        gate = TextGate(policy, TemplateKeys(SECRETS.token_key), counts)
        return Processor(config, engine.detector, engine.tokens, engine.cipher, gate)

    return build


def _event(n: int, cookie: str, message: str) -> bytes:
    return json.dumps(
        {
            "event_id": f"evt-{n}",
            "timestamp": "2026-01-02T03:04:05Z",
            "event_type": "form_submit",
            "anonymous_id": cookie,
            "properties": {"message": message},
        }
    ).encode()


def _message(processor: Processor, n: int, cookie: str, message: str) -> Any:
    [out] = processor.process("analytics_events", [_event(n, cookie, message)])
    assert isinstance(out, Sanitized), out
    return out.record["properties"]["message"]


def test_a_templated_text_is_withheld_until_k_distinct_subjects_then_released(make: Make) -> None:
    p = make()
    text = "Hello Maria Garcia, your order 4411 has shipped."
    first = _message(p, 0, "ajs_a", text)
    assert is_withheld(first)
    assert first["entities"] == {"PERSON": 1} and first["template"].startswith("tpl_")
    assert is_withheld(_message(p, 1, "ajs_a", text.replace("Maria", "Ann")))  # same subject
    assert is_withheld(_message(p, 2, "ajs_b", "hello John Smith, your order 17 has shipped."))
    third = _message(p, 3, "ajs_c", "Hello Ana Lopez, your order 9 has shipped.")
    assert third == "Hello <PERSON>, your order <NUM> has shipped."


def test_a_unique_sentence_is_never_released_whatever_detection_missed(make: Make) -> None:
    p = make()
    secret = "my neighbour zorblatt quenvik keeps the spare key under the blue pot"
    for n in range(20):
        out = _message(p, n, "ajs_same", secret)  # one subject, many events
        assert is_withheld(out)
        assert "zorblatt" not in json.dumps(out) and "quenvik" not in json.dumps(out)


def test_redacted_mode_releases_at_once_and_drop_removes_the_field(make: Make) -> None:
    text = "Call Maria Garcia back"
    assert _message(make("redacted"), 0, "ajs_a", text) == "Call <PERSON> back"
    [out] = make("drop").process("analytics_events", [_event(0, "ajs_a", text)])
    assert isinstance(out, Sanitized) and "message" not in out.record["properties"]


def test_a_per_field_rule_overrides_the_default(make: Make) -> None:
    p = make(fields=(FreeTextField(path="properties.message", release="redacted"),))
    assert _message(p, 0, "ajs_a", "Call Maria Garcia back") == "Call <PERSON> back"


NOTIFICATION = {
    "event_id": "evt-n-1",
    "timestamp": "2026-01-02T03:04:05+00:00",
    "request": {
        "method": "POST",
        "url": "https://hooks.example.com/answer",
        "headers": {"Content-Type": "application/x-www-form-urlencoded"},
        "body": "From=%2B14155550123&To=%2B442071838750&Note=ring+Maria+Garcia+at+home"
        "&Direction=inbound",
    },
    "response": {
        "status": 200,
        "headers": {"Content-Type": "application/xml"},
        "body": "<Response><Speak>Hello Maria Garcia, we will visit 221 Baker Street.</Speak>"
        "</Response>",
    },
}


def test_withheld_texts_in_form_and_xml_bodies_are_markers_in_their_format(make: Make) -> None:
    [out] = make().process("notification_logs", [json.dumps(NOTIFICATION).encode()])
    assert isinstance(out, Sanitized)
    record = out.record
    speak = ET.fromstring(record["response"]["body"]).find("Speak")
    assert speak is not None and speak.text is not None
    marker = json.loads(speak.text)
    assert is_withheld(marker) and marker["entities"] == {"PERSON": 1, "STREET_ADDRESS": 1}
    assert "Direction=inbound" in record["request"]["body"]  # safe parameters stay
    assert "Garcia" not in json.dumps(record) and "Baker" not in json.dumps(record)


def test_explain_says_withheld_or_released_with_the_count_and_counts_nothing(make: Make) -> None:
    p = make()

    def explained(n: int, cookie: str) -> str:
        [out] = p.process(
            "analytics_events", [_event(n, cookie, "Your order has shipped.")], explain=True
        )
        assert isinstance(out, Sanitized)
        [finding] = [f for f in out.findings if f.path == "properties.message"]
        assert "shipped" not in finding.source
        return finding.action

    assert "withheld: rare text (1 of k=3 distinct subjects so far)" in explained(0, "ajs_a")
    for n, cookie in enumerate(("ajs_a", "ajs_b")):
        p.process("analytics_events", [_event(n, cookie, "Your order has shipped.")])
    assert "released: template common (3 of k=3" in explained(3, "ajs_c")
    assert "withheld: rare text (2 of k=3" in explained(4, "ajs_b")  # ajs_c was not counted


TEMPLATES = [
    "Hello {name}, your appointment is confirmed.",
    "Thank you, {name}! Your payment was received.",
    "Your order has shipped.",
]
NAMES = ["Maria Garcia", "John Smith", "Ana Lopez", "Peter Novak", "Laura Rossi", "Omar Haddad"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_released_text_has_fewer_than_k_subjects_whatever_order_and_workers(
    make: Make, seed: int
) -> None:
    """Several processors (workers) with counts of their own, sharing what they counted now and
    then; events in a shuffled order, in batches of random size."""
    rng = random.Random(seed)
    events = [
        (t, f"ajs_{s}", TEMPLATES[t].format(name=rng.choice(NAMES)))
        for t in range(len(TEMPLATES))
        for s in range(5)
        for _ in range(2)
    ]
    rng.shuffle(events)
    workers = [make(counts=TemplateCounts(K)) for _ in range(rng.randint(2, 3))]
    seen: dict[int, set[str]] = defaultdict(set)  # subjects processed so far, per template
    released = 0
    i = 0
    while i < len(events):
        worker = rng.choice(workers)
        batch = events[i : i + rng.randint(1, 6)]
        i += len(batch)
        for t, cookie, _ in batch:
            seen[t].add(cookie)
        raws = [_event(n, c, m) for n, (_, c, m) in enumerate(batch)]
        for (t, _, _), out in zip(batch, worker.process("analytics_events", raws), strict=True):
            assert isinstance(out, Sanitized)
            if not is_withheld(out.record["properties"]["message"]):
                released += 1
                assert len(seen[t]) >= K
        if rng.random() < 0.5:  # share what this worker counted with the others
            assert worker.texts is not None
            for fp, state in worker.texts.counts.drain():
                for other in workers:
                    if other is not worker and other.texts is not None:
                        other.texts.counts.merge(fp, state)
    assert released > 0  # the templates did become common
