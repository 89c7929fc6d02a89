"""`ConsentBook`: the latest consent state of every subject, read from the compacted consent topic.

`start()` reads `control.consent` from the beginning up to the end offsets it finds (so every
decision afterwards knows every choice published before the start), then a background task keeps
following the topic. No consumer group (every reader needs every partition) and
`read_committed`.

Choices only ever switch on (`ConsentState`): a later record that lacks a choice the book already
holds does not clear it, the earliest timestamp of a choice is kept, and a tombstone changes
nothing. A record that cannot be read is counted and skipped; logs name counts, never tokens.

`admits(metric, subject, at)` implements `pipeline.aggregation.Consent`:
- under 13 or erase: refused for every metric, from any time (erasure is retroactive);
- do not share: refused for `ads.*` when `do_not_share_at <= at` (a timestamp that cannot be
  read counts as "always": fail closed).

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
from dataclasses import replace
from datetime import datetime
from typing import Any

from pipeline.aggregation.consent import ConsentState
from pipeline.aggregation.metrics import TOKEN
from pipeline.aggregation.windows import parse_timestamp
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.tools import TopicMirror

log = logging.getLogger(__name__)

LOAD_TIMEOUT_S = 60.0
CHOICES = ("do_not_share", "under_13", "erase")

ChangeCallback = Callable[[ConsentState], None]


def merge(old: ConsentState | None, new: ConsentState) -> ConsentState:
    """`new`, with every choice `old` had kept on, at the earliest time either gives."""
    if old is None:
        return new
    changes: dict[str, Any] = {}
    for choice in CHOICES:
        if getattr(old, choice):
            times = [t for t in (getattr(old, f"{choice}_at"), getattr(new, f"{choice}_at")) if t]
            parsed = [(parse_timestamp(t), t) for t in times]
            known = [(moment, text) for moment, text in parsed if moment is not None]
            changes[choice] = True
            changes[f"{choice}_at"] = min(known)[1] if known else None
    return replace(new, **changes)


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
        if state is None:
            return None
        if state.under_13:
            return "under_13"
        if state.erase:
            return "erase"
        return None

    def admits(self, metric: str, subject: str, at: datetime) -> bool:
        """Whether the subject's record at `at` may count towards `metric`."""
        state = self.get(subject)
        if state is None:
            return True
        if state.under_13 or state.erase:
            return False
        if state.do_not_share and metric.startswith("ads."):
            since = parse_timestamp(state.do_not_share_at)
            return since is not None and at < since
        return True

    def __len__(self) -> int:
        with self._lock:
            return len(self._states)

    def blocked_subjects(self) -> dict[str, str]:
        """Every subject `blocked` refuses, with its reason (the worker's start-up sweep)."""
        with self._lock:
            states = list(self._states.values())
        return {
            state.subject: "under_13" if state.under_13 else "erase"
            for state in states
            if state.under_13 or state.erase
        }

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
