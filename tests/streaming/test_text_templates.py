"""The free-text template counts on a real broker: committed with the records they allowed,
kept across a restart, and an erased subject taken out of a count below k."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from pipeline.config.loader import with_free_text
from pipeline.streaming.consent.model import ConsentState
from pipeline.streaming.kafka.io import produce
from pipeline.streaming.kafka.topics import ensure_topics
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker.serve import serve
from pipeline.textrelease import TemplateState, is_withheld
from pipeline.transforms.tokens import Tokenizer
from tests.streaming.conftest import SettingsFactory
from tests.streaming.streaming_support import SECRETS, config, read_all, wait_for

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(150)]

K = 3
TEXT = "Your order has shipped."


def _event(n: int, cookie: str) -> bytes:
    return json.dumps(
        {
            "event_id": f"evt-{n}",
            "timestamp": "2026-01-02T03:04:05Z",
            "event_type": "form_submit",
            "anonymous_id": cookie,
            "properties": {"message": TEXT},
        }
    ).encode()


async def _messages(settings: StreamSettings) -> dict[str, Any]:
    out = {}
    for m in await read_all(settings, settings.sanitized("analytics_events")):
        record = json.loads(m.value or b"{}")
        out[record["event_id"]] = record["properties"]["message"]
    return out


async def _run(settings: StreamSettings, events: list[bytes], total: int) -> None:
    """Produce `events`, run one worker until `total` sanitized records are committed, stop."""
    await ensure_topics(settings)
    await produce(settings, settings.raw("analytics_events"), events)
    stop = asyncio.Event()
    loaded = with_free_text(config(), "k_anonymous", K)
    task = asyncio.create_task(serve(settings, SECRETS, stop, config=loaded))

    async def done() -> bool:
        if task.done():
            task.result()
        return len(await _messages(settings)) >= total

    await wait_for(done, 90, f"{total} sanitized records")
    stop.set()
    await asyncio.wait_for(task, 30)


def test_counts_survive_a_restart_and_erasure_takes_a_subject_out_below_k(
    stream_settings: SettingsFactory,
) -> None:
    settings = stream_settings(engine_mode="thread")

    async def run() -> None:
        # two subjects: below k, both withheld; their counts are committed with the records
        await _run(settings, [_event(0, "ajs_a"), _event(1, "ajs_b")], 2)
        messages = await _messages(settings)
        assert all(is_withheld(messages[f"evt-{n}"]) for n in (0, 1))
        [template] = {m["template"] for m in messages.values()}
        states = {
            (m.key or b"").decode(): TemplateState.from_json(json.loads(m.value or b"{}"))
            for m in await read_all(settings, settings.text_templates_topic)
        }
        assert len(states[template].subjects) == 2 and not states[template].common
        assert "ajs_" not in json.dumps([s.to_json() for s in states.values()])

        # a new worker (a restart) continues from the committed counts: the third subject
        # makes k and is released
        await _run(settings, [_event(2, "ajs_c")], 3)
        assert (await _messages(settings))["evt-2"] == TEXT

        # another template: two subjects, then one of them is erased; the next subject makes
        # only two of k again, so its text is withheld
        other = [_event(10 + n, f"ajs_{c}") for n, c in enumerate("de")]
        other = [e.replace(TEXT.encode(), b"Your refund is on its way.") for e in other]
        await _run(settings, other, 5)
        await ensure_topics(settings)
        erased = Tokenizer(SECRETS.token_key).token("COOKIE_ID", "ajs_d")
        state = ConsentState(subject=erased).with_choice("erase")
        await produce(
            settings,
            settings.consent_topic,
            [json.dumps(state.to_json()).encode()],
            keys=[erased.encode()],
        )
        late = _event(12, "ajs_f").replace(TEXT.encode(), b"Your refund is on its way.")
        await _run(settings, [late], 6)
        assert is_withheld((await _messages(settings))["evt-12"])

    asyncio.run(run())
