"""`ConsentBook`: the latest consent state of every subject, read from the compacted consent topic.

`start()` reads `control.consent` from the beginning up to the end offsets it finds (so every
decision afterwards knows every choice published before the start), then a background task keeps
following the topic. No consumer group (every reader needs every partition) and
`read_committed`.

States merge as the consent model says (`model.merge`: choices only switch on), a tombstone
changes nothing, and what a state allows is the model's too (`ConsentState.admits`, `.blocked`);
`admits(metric, subject, at)` and `blocked(subject)` make the book the aggregation engine's
`ConsentView`. A record that cannot be read is counted and skipped; logs name counts, never
tokens.

Reads take a lock, so the sanitizing worker may call `admits`/`blocked` from its engine thread.
Callbacks registered with `on_change` run on the event loop of the follower, once per record that
changes a subject's state after the initial load (states loaded by `start()` do not call them:
whoever starts later asks `blocked`/`admits`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from pipeline.aggregation.metrics import TOKEN
from pipeline.streaming.consent.model import CHOICES, ConsentState, merge
from pipeline.streaming.kafka.mirror import TopicMirror
from pipeline.streaming.settings import StreamSettings

log = logging.getLogger(__name__)

LOAD_TIMEOUT_S = 60.0

ChangeCallback = Callable[[ConsentState], None]


class ConsentBook:
    """Consent per subject token; `admits` is the aggregator's `Consent`."""

    def __init__(
        self, settings: StreamSettings, *, client_id: str = "pii-pipeline-consent"
    ) -> None:
        self._topic = settings.consent_topic
        self._states: dict[str, ConsentState] = {}
        self._lock = threading.Lock()
        self._callbacks: list[ChangeCallback] = []
        self._mirror = TopicMirror(settings, self._topic, client_id, self._records)
        self.unreadable = 0
        self.loaded = asyncio.Event()

    # ------------------------------------------------------------------ queries

    def get(self, subject: str) -> ConsentState | None:
        """The subject's latest state, or None when it never published one."""
        with self._lock:
            return self._states.get(subject)

    def blocked(self, subject: str) -> str | None:
        """ "under_13" or "erase" when no output may count the subject at all, else None."""
        state = self.get(subject)
        blocked = state.blocked if state is not None else None
        return blocked[0] if blocked is not None else None

    def admits(self, metric: str, subject: str, at: datetime) -> bool:
        """Whether the subject's record at `at` may count towards `metric`."""
        state = self.get(subject)
        return state is None or state.admits(metric, at)

    def __len__(self) -> int:
        with self._lock:
            return len(self._states)

    def blocked_subjects(self) -> dict[str, tuple[str, str | None]]:
        """Every subject `blocked` refuses, with its reason and the time of the request (the
        worker's start-up sweep)."""
        with self._lock:
            states = list(self._states.values())
        return {state.subject: state.blocked for state in states if state.blocked is not None}

    # ------------------------------------------------------------------ updates

    def on_change(self, callback: ChangeCallback) -> None:
        """Call `callback(new_state)` for every change that arrives after the initial load."""
        self._callbacks.append(callback)

    def apply(self, state: ConsentState, *, notify: bool = True) -> bool:
        """Merge one published state; whether it changed anything (callbacks run if so)."""
        with self._lock:
            old = self._states.get(state.subject)
            merged = merge(old, state)
            changed = old is None or any(
                getattr(old, name) != getattr(merged, name)
                for name in (*CHOICES, *(f"{c}_at" for c in CHOICES))
            )
            self._states[state.subject] = merged
        if changed and notify:
            for callback in self._callbacks:
                callback(merged)
        return changed

    # ------------------------------------------------------------------ following the topic

    async def start(self, timeout_s: float = LOAD_TIMEOUT_S) -> None:
        """Read the whole consent topic, then follow it in the background."""
        await self._mirror.start(timeout_s)
        self.loaded.set()
        log.info("consent: %d subjects loaded from %s", len(self), self._topic)

    async def stop(self) -> None:
        """Stop following and close the consumer."""
        await self._mirror.stop()

    def _records(self, records: list[Any], loading: bool) -> None:
        for record in records:
            self._record(record.key, record.value, notify=not loading)

    def _record(self, key: bytes | None, value: bytes | None, *, notify: bool) -> None:
        if value is None:
            return  # a tombstone: choices only switch on, so it changes nothing
        try:
            data = json.loads(value)
            state = ConsentState.from_json(data)
            if not TOKEN.match(state.subject) or (
                key is not None and key != state.subject.encode()
            ):
                raise ValueError("subject")
        except (ValueError, TypeError, AttributeError):
            self.unreadable += 1
            log.warning("consent: unreadable record skipped (%d so far)", self.unreadable)
            return
        if self.apply(state, notify=notify) and notify:
            log.info("consent: a subject changed (%s)", _choices(state))


def _choices(state: ConsentState) -> str:
    return ", ".join(c for c in CHOICES if getattr(state, c)) or "nothing set"
