"""What the console reads from topics, through the streaming layer's readers.

Every reader keeps a whitelist of fields: dead letters by their provenance headers (the JSON body
with the encrypted payload is never parsed), audit records and window reports by the fields
their writers put there (reasons, offsets, counts). Reads are bounded by `max_records`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pipeline.console.playground import shorten_tokens
from pipeline.errors import BrokerError
from pipeline.streaming.kafka.io import Message, read_topic
from pipeline.streaming.settings import StreamSettings

DEAD_LETTER_HEADERS = ("source_topic", "source_partition", "source_offset", "error_class", "reason")
AUDIT_FIELDS = ("action", "reason", "stream", "keys", "requested_at", "at")
REPORT_FIELDS = (
    "metric",
    "window_start",
    "window_end",
    "k",
    "cells",
    "released",
    "suppressed",
    "complementary",
    "blocked",
    "records",
    "events",
    "epsilon_spent",  # differential-privacy budget, when the aggregator runs in DP mode
    "epsilon_left",
    "refused",
)


@dataclass(frozen=True)
class Read:
    """Records of one topic, or why there are none."""

    topic: str
    messages: list[Message]
    error: str = ""
    truncated: bool = False


class TopicReader:
    """Bounded, read_committed reads of the topics the console shows."""

    def __init__(self, settings: StreamSettings, max_records: int, timeout_s: float) -> None:
        self.settings = settings
        self.max_records = max_records
        self.timeout_s = timeout_s

    async def read(self, topic: str) -> Read:
        """Up to `max_records` committed records of `topic`, from its beginning."""
        try:
            messages = await read_topic(
                self.settings, topic, max_records=self.max_records + 1, timeout_s=self.timeout_s
            )
        except BrokerError as exc:
            return Read(topic, [], str(exc))
        except (OSError, ConnectionError) as exc:
            return Read(topic, [], f"broker not reachable ({type(exc).__name__})")
        except Exception as exc:  # a Kafka client error: the page says so, the server lives on
            return Read(topic, [], f"cannot read: {type(exc).__name__}")
        truncated = len(messages) > self.max_records
        return Read(topic, messages[: self.max_records], truncated=truncated)

    async def dead_letters(self) -> dict[str, Any]:
        """Dead letters of every stream: provenance headers only, counts by reason."""
        rows: list[dict[str, Any]] = []
        by_reason: Counter[str] = Counter()
        topics = []
        for stream in self.settings.streams:
            read = await self.read(self.settings.dlq(stream))
            topics.append(_topic_status(read))
            for m in read.messages:
                headers = {
                    name: m.headers[name].decode("utf-8", "replace")
                    for name in DEAD_LETTER_HEADERS
                    if name in m.headers
                }
                rows.append(
                    {
                        "stream": stream,
                        "topic": m.topic,
                        "partition": m.partition,
                        "offset": m.offset,
                        **shorten_tokens(headers),
                    }
                )
                by_reason[f"{stream}/{headers.get('error_class', '?')}"] += 1
        return {"topics": topics, "records": rows, "by_reason": dict(sorted(by_reason.items()))}

    async def audit(self) -> dict[str, Any]:
        """`control.audit`: what consent did, by action and reason."""
        read = await self.read(self.settings.audit_topic)
        rows = []
        by_action: Counter[str] = Counter()
        for m in read.messages:
            value = _json(m)
            if value is None:
                continue
            row = {name: value[name] for name in AUDIT_FIELDS if name in value}
            source = value.get("source")
            if isinstance(source, Mapping):
                row["source"] = {
                    k: source[k] for k in ("topic", "partition", "offset") if k in source
                }
            rows.append(shorten_tokens(row))
            by_action[f"{row.get('action', '?')}/{row.get('reason', '?')}"] += 1
        return {
            "topics": [_topic_status(read)],
            "records": rows,
            "by_action": dict(sorted(by_action.items())),
        }

    async def reports(self) -> dict[str, Any]:
        """`aggregate.reports`: per metric and window, cells released, suppressed, complementary."""
        read = await self.read(self.settings.aggregate_report_topic)
        metrics: dict[str, list[dict[str, Any]]] = {}
        for m in read.messages:
            value = _json(m)
            if value is None:
                continue
            row = {name: value[name] for name in REPORT_FIELDS if name in value}
            dropped = value.get("dropped")
            if isinstance(dropped, Mapping):
                row["dropped"] = {str(k): v for k, v in dropped.items() if isinstance(v, int)}
            row["k_costs"] = [
                {name: c[name] for name in ("k", "cells_suppressed", "events_suppressed")}
                for c in value.get("k_costs") or []
                if isinstance(c, Mapping)
                and all(
                    isinstance(c.get(n), int)
                    for n in ("k", "cells_suppressed", "events_suppressed")
                )
            ]
            metrics.setdefault(str(row.get("metric", "?")), []).append(row)
        for rows in metrics.values():
            rows.sort(key=lambda r: str(r.get("window_start", "")))
        costs = {metric: cost_of_k(rows) for metric, rows in metrics.items()}
        return {
            "topics": [_topic_status(read)],
            "metrics": dict(sorted(metrics.items())),
            "costs": dict(sorted(costs.items())),
        }


def cost_of_k(windows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per k, over a metric's windows: cells and events a release under that k withholds."""
    cells = sum(int(w.get("cells", 0)) for w in windows)
    events = sum(int(w.get("events", 0)) for w in windows)
    by_k: dict[int, dict[str, int]] = {}
    for window in windows:
        for cost in window.get("k_costs", []):
            total = by_k.setdefault(cost["k"], {"windows": 0, "cells": 0, "events": 0})
            total["windows"] += 1
            total["cells"] += cost["cells_suppressed"]
            total["events"] += cost["events_suppressed"]
    return [
        {
            "k": k,
            "windows": t["windows"],
            "cells_suppressed": t["cells"],
            "events_suppressed": t["events"],
            "cells_share": t["cells"] / cells if cells else None,
            "events_share": t["events"] / events if events else None,
        }
        for k, t in sorted(by_k.items())
    ]


def _json(m: Message) -> dict[str, Any] | None:
    try:
        value = m.json()
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _topic_status(read: Read) -> dict[str, Any]:
    return {
        "topic": read.topic,
        "records": len(read.messages),
        "error": read.error,
        "truncated": read.truncated,
    }


__all__ = ["Read", "TopicReader", "cost_of_k"]
