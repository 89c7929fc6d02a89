"""The free-text template counts shared by every worker, in the compacted `pii.text.templates`.

Record key: the template fingerprint (`tpl_…`); value: `TemplateState` JSON (the 64-bit digests of
the subjects seen while fewer than k, or `{"common": true}`); a tombstone when a worker forgot
the template (expiry). No text, no subject token.

Each worker reads the topic to its end at start, then follows it (`TemplateFeed`); what it
learns is merged into its engine's counts before the next batch (`changes_since`, as the key
store's changes). The states a batch changed go out in the transaction of that batch's
sanitized records (`routing.route_many`): counts that allowed a release are committed with it,
and a restart (or another worker) continues from them. Merging is a union of subjects, so a
worker that has not yet heard of another's counts can only release later, never earlier.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

from pipeline.streaming.kafka.mirror import TopicMirror
from pipeline.streaming.settings import StreamSettings
from pipeline.textrelease import TemplateState

log = logging.getLogger(__name__)

LOAD_TIMEOUT_S = 60.0
# (fingerprint, state or None for a tombstone)
TemplateChange = tuple[str, TemplateState | None]


class TemplateFeed:
    """The template topic mirrored in the worker process; changes handed to the engine."""

    def __init__(self, settings: StreamSettings) -> None:
        self._lock = threading.Lock()
        self._changes: list[TemplateChange] = []
        self._mirror = TopicMirror(
            settings, settings.text_templates_topic, f"{settings.group_id}-templates", self._apply
        )
        self.unreadable = 0

    async def start(self) -> None:
        """Read the topic to its end (every count committed so far), then follow it."""
        await self._mirror.start(LOAD_TIMEOUT_S)

    async def stop(self) -> None:
        """Stop following."""
        await self._mirror.stop()

    def take(self) -> list[TemplateChange]:
        """The states read since the last take (the engine merges them before its next batch)."""
        with self._lock:
            changes, self._changes = self._changes, []
        return changes

    def _apply(self, records: list[Any], loading: bool) -> None:
        parsed: list[TemplateChange] = []
        for record in records:
            fingerprint = (record.key or b"").decode(errors="replace")
            if not record.value:
                parsed.append((fingerprint, None))
                continue
            try:
                parsed.append((fingerprint, TemplateState.from_json(json.loads(record.value))))
            except ValueError:
                # not ours (or damaged): ignored, it can only make a release later
                self.unreadable += 1
                log.warning(
                    "unreadable template record at %s[%d]@%d",
                    record.topic,
                    record.partition,
                    record.offset,
                )
        with self._lock:
            self._changes.extend(parsed)
