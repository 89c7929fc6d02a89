"""The aggregation engine: messages in, window state in a key-value store, releases out.

`WindowStore` applies engine messages (`messages`: observations, drops, ticks, forgets; made
by `observer.Observer` from sanitized records), one partition at a time and in partition order,
to a `MutableMapping`: in the streaming aggregator a dict whose changes go to a compacted
changelog (pipeline.streaming.aggregator), in the file command (`aggregator.Aggregator`) a plain
dict. Everything it keeps is in that mapping, so state restored from a changelog resumes where
the last writer was.

Keys of the store are JSON arrays, the partition second (a worker may hold several):

    ["c", p, metric]                          watermark: high (max event time), high_wall, mark
    ["w", p, metric, start]                   an open window; records dropped from it by reason
    ["t", p, metric, start, cell, subject]    one subject's tally in one cell (small values, so
                                              an event rewrites one small record, never the window)
    ["r", p, metric, start]                   a computed release not yet fully published
    ["d", p, metric]                          drops not attributable to an open window (late,
                                              unusable records): reported with the next release

Watermark (per partition and metric): `high` is the largest event time seen, either in this
partition's observations or in the ticks every observer broadcasts to all partitions (a
partition holding an older window sees no newer events of its own). A window closes when
`mark` >= window end + allowed lateness, where `mark` is `high`, or, when the observer reports
the metric quiet (no record for `idle` of wall time), `high` plus the wall time
since `high` last moved: a quiet stream's windows close on the clock, a replay of old data is
not cut off by it. `mark` only moves forward; a record for a closed window is late and dropped.

Observations arrive at least once (a sanitized record re-read after a crash is observed again):
a tally remembers the highest source offset it has counted per source partition, and an
observation at or below it is a duplicate and is skipped. Releases are deterministic: a
window's release is computed once, stored under ["r", ...], published, and only then are the
window's keys deleted (the aggregator does all of that in one transaction; a caller without
transactions must make the stored release durable before publishing, and a crash in between
publishes the same stored records again: identical, carrying the window bounds, so consumers
can drop them). A window is never recomputed after its release was stored, so two different
releases of one window, whose difference would single out a subject, cannot happen.

Consent: a record is refused at add time when the consent book says so; at release time every
tally is checked again (a do-not-share whose timestamp is older than events already counted,
an erasure that raced with the release); an erased or under-13 subject is also removed from
every open window when the `forget` message reaches the partition."""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol

from pipeline.aggregation.budget import Ledger
from pipeline.aggregation.cells import CellTable, SubjectTally
from pipeline.aggregation.dp import dp_window
from pipeline.aggregation.grids import GridBook, GridChange
from pipeline.aggregation.messages import Drop, Forget, Message, Observe, Tick
from pipeline.aggregation.metrics import METRICS, MetricName
from pipeline.aggregation.release import release_window
from pipeline.aggregation.report import WindowReport, window_report
from pipeline.aggregation.settings import AggregationSettings
from pipeline.aggregation.validation import ReleaseValidator
from pipeline.aggregation.windows import Window, iso, parse_timestamp

log = logging.getLogger(__name__)


class ConsentView(Protocol):
    """What the engine asks about consent (the streaming consent book answers)."""

    def admits(self, metric: str, subject: str, at: datetime) -> bool:
        """Whether the subject's record at `at` may count towards `metric`."""
        ...

    def blocked(self, subject: str) -> str | None:
        """A reason when the subject may count nowhere."""
        ...


class AdmitAll:
    """No consent information: every record counts."""

    def admits(self, metric: str, subject: str, at: datetime) -> bool:
        """Always true."""
        return True

    def blocked(self, subject: str) -> str | None:
        """Never blocked."""
        return None


def _key(*parts: Any) -> str:
    return json.dumps(parts, separators=(",", ":"))


@dataclass(frozen=True)
class Pending:
    """A stored release, to publish (then `WindowStore.finish`)."""

    partition: int
    metric: MetricName
    window: Window
    records: tuple[dict[str, Any], ...]
    report: WindowReport

    @property
    def start(self) -> str:
        """The window's start as stored (ISO, UTC)."""
        return iso(self.window.start)

    @property
    def dropped(self) -> Mapping[str, int]:
        """Input records of the window that were not counted, by reason."""
        return self.report.dropped

    @property
    def dropped_total(self) -> int:
        """All input records of the window that were not counted."""
        return self.report.dropped_total


@dataclass
class _Index:
    """What the store holds for one partition (a cache, rebuilt from the store)."""

    tallies: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (metric, start)
    pending: set[tuple[str, str]] = field(default_factory=set)


def tally_from(value: Mapping[str, Any]) -> SubjectTally:
    """A stored tally as the cells module's type."""
    return SubjectTally(
        events=int(value["events"]),
        billed_seconds=int(value["billed_seconds"]),
        amount=Decimal(value["amount"]),
        page_views=int(value["page_views"]),
        signups=int(value["signups"]),
        latencies=[float(v) for v in value["latencies"]],
    )


class _GridView(MutableMapping[str, Any]):
    """The store's ["g", partition, metric] keys as a metric -> grid mapping."""

    def __init__(self, store: MutableMapping[str, Any], partition: int) -> None:
        self._store, self._partition = store, partition

    def __getitem__(self, metric: str) -> Any:
        return self._store[_key("g", self._partition, metric)]

    def __setitem__(self, metric: str, value: Any) -> None:
        self._store[_key("g", self._partition, metric)] = value

    def __delitem__(self, metric: str) -> None:
        del self._store[_key("g", self._partition, metric)]

    def __iter__(self) -> Iterator[str]:
        prefix = _key("g", self._partition)[:-1] + ","
        return (json.loads(k)[2] for k in self._store if k.startswith(prefix))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _LedgerView(MutableMapping[str, Any]):
    """The store's ["b", partition, metric, start] keys as the ε ledger's `metric|start`."""

    def __init__(self, store: MutableMapping[str, Any], partition: int) -> None:
        self._store, self._partition = store, partition

    def _raw(self, name: str) -> str:
        metric, start = name.split("|", 1)
        return _key("b", self._partition, metric, start)

    def __getitem__(self, name: str) -> Any:
        return self._store[self._raw(name)]

    def __setitem__(self, name: str, value: Any) -> None:
        self._store[self._raw(name)] = value

    def __delitem__(self, name: str) -> None:
        del self._store[self._raw(name)]

    def __iter__(self) -> Iterator[str]:
        prefix = _key("b", self._partition)[:-1] + ","
        for raw in list(self._store):
            if raw.startswith(prefix):
                parts = json.loads(raw)
                yield f"{parts[2]}|{parts[3]}"

    def __len__(self) -> int:
        return sum(1 for _ in self)


class WindowStore:
    """Applies messages of one partition at a time to `store`; see the module doc."""

    def __init__(
        self,
        settings: AggregationSettings,
        store: MutableMapping[str, Any],
        consent: ConsentView,
        validator: ReleaseValidator,
    ) -> None:
        self.store = store
        self.consent = consent
        self.validator = validator
        self.metrics = settings.metrics
        self.windows = {metric: settings.window_spec(metric) for metric in self.metrics}
        self.k = {metric: settings.k(metric) for metric in self.metrics}
        self.dp_metrics = frozenset(settings.dp_metrics)
        self.dp = settings.dp
        self.dp_budget = settings.dp_budget
        self._index: dict[int, _Index] = {}
        self.duplicates = 0

    # ------------------------------------------------------------------ index

    def reset(self) -> None:
        """Forget the cached index (after a rebalance or a recovery)."""
        self._index.clear()

    def _of(self, partition: int) -> _Index:
        index = self._index.get(partition)
        if index is None:
            index = _Index()
            for raw in list(self.store.keys()):
                key = json.loads(raw)
                if key[1] != partition:
                    continue
                if key[0] == "t":
                    index.tallies.setdefault((key[2], key[3]), set()).add(raw)
                elif key[0] == "w":
                    index.tallies.setdefault((key[2], key[3]), set())
                elif key[0] == "r":
                    index.pending.add((key[2], key[3]))
            self._index[partition] = index
        return index

    # ------------------------------------------------------------------ watermark

    def _clock(self, partition: int, metric: str) -> dict[str, Any]:
        value = self.store.get(_key("c", partition, metric))
        return dict(value) if value else {"high": None, "high_wall": None, "mark": None}

    def _raise(self, clock: dict[str, Any], at: datetime, wall: float) -> None:
        high = parse_timestamp(clock["high"])
        if high is None or at > high:
            clock["high"], clock["high_wall"] = at.isoformat(), wall
        mark = parse_timestamp(clock["mark"])
        if mark is None or at > mark:
            clock["mark"] = at.isoformat()

    def _extend(self, clock: dict[str, Any], wall: float) -> None:
        high = parse_timestamp(clock["high"])
        if high is None or clock["high_wall"] is None:
            return
        moment = high + timedelta(seconds=max(0.0, wall - float(clock["high_wall"])))
        mark = parse_timestamp(clock["mark"])
        if mark is None or moment > mark:
            clock["mark"] = moment.isoformat()

    def _save_clock(self, partition: int, metric: str, clock: dict[str, Any]) -> None:
        key = _key("c", partition, metric)
        if self.store.get(key) != clock:
            self.store[key] = clock

    def _closed(self, partition: int, metric: MetricName, window: Window) -> bool:
        mark = parse_timestamp(self._clock(partition, metric)["mark"])
        return mark is not None and self.windows[metric].closes_at(window) <= mark

    def _window(self, metric: MetricName, start: str) -> Window:
        moment = parse_timestamp(start)
        if moment is None:
            raise ValueError("bad window start")
        return Window(moment, moment + self.windows[metric].size)

    # ------------------------------------------------------------------ messages

    def handle(self, partition: int, message: Message) -> list[Pending]:
        """Apply one message of `partition`; the releases that became due (stored, unpublished)."""
        if isinstance(message, Observe):
            self._observation(partition, message)
        elif isinstance(message, Tick):
            self._tick(partition, message)
        elif isinstance(message, Forget):
            self.forget(partition, message.subject)
        elif isinstance(message, Drop):
            if message.metric in self.windows:
                self._pending_drop(partition, message.metric, message.reason)
        else:
            raise ValueError("unknown message type")
        return self.due(partition)

    def _metric(self, metric: str) -> MetricName:
        for name in self.metrics:
            if name == metric:
                return name
        raise ValueError("unknown metric")

    def _pending_drop(self, partition: int, metric: str, reason: str) -> None:
        key = _key("d", partition, metric)
        value = dict(self.store.get(key) or {})
        value[reason] = value.get(reason, 0) + 1
        self.store[key] = value

    def pending_drops(self, partition: int, metric: str) -> dict[str, int]:
        """Drops not attributable to an open window, reported with the next release."""
        return dict(self.store.get(_key("d", partition, metric)) or {})

    def _observation(self, partition: int, message: Observe) -> None:
        metric = self._metric(message.metric)
        at = parse_timestamp(message.at)
        if at is None:
            raise ValueError("bad observation time")
        window = self.windows[metric].window_of(at)
        start = iso(window.start)
        if self._closed(partition, metric, window):
            self._pending_drop(partition, metric, "late")
            return
        clock = self._clock(partition, metric)
        self._raise(clock, at, message.wall)
        self._save_clock(partition, metric, clock)
        index = self._of(partition)
        window_key = _key("w", partition, metric, start)
        if (metric, start) not in index.tallies:
            index.tallies[(metric, start)] = set()
            self.store[window_key] = {"dropped": {}}
        subject = message.subject
        if not self.consent.admits(metric, subject, at):
            entry = dict(self.store.get(window_key) or {"dropped": {}})
            dropped = dict(entry["dropped"])
            dropped["consent"] = dropped.get("consent", 0) + 1
            self.store[window_key] = {"dropped": dropped}
            return
        tally_key = _key("t", partition, metric, start, list(message.cell), subject)
        tally = dict(
            self.store.get(tally_key)
            or {
                "events": 0,
                "billed_seconds": 0,
                "amount": "0",
                "page_views": 0,
                "signups": 0,
                "latencies": [],
                "first_at": message.at,
                "src": {},
            }
        )
        if tally["src"].get(message.source, -1) >= message.offset:
            self.duplicates += 1
            return
        add = message.contribution
        tally["events"] += 1
        tally["billed_seconds"] += add.billed_seconds
        tally["amount"] = str(Decimal(tally["amount"]) + add.amount)
        tally["page_views"] += add.page_views
        tally["signups"] += add.signups
        if add.latency_ms is not None:
            tally["latencies"] = [*tally["latencies"], add.latency_ms]
        first = parse_timestamp(tally["first_at"])
        if first is None or at < first:
            tally["first_at"] = message.at
        tally["src"] = {**tally["src"], message.source: message.offset}
        self.store[tally_key] = tally
        index.tallies[(metric, start)].add(tally_key)

    def _tick(self, partition: int, message: Tick) -> None:
        quiet = set(message.quiet)
        for metric in self.metrics:
            clock = self._clock(partition, metric)
            at = parse_timestamp(message.highs.get(metric))
            if at is not None:
                self._raise(clock, at, message.wall)
            if metric in quiet:
                self._extend(clock, message.wall)
            if clock["mark"] is not None:
                self._save_clock(partition, metric, clock)

    def forget(self, partition: int, subject: str) -> int:
        """Remove every tally of `subject` from the partition's open windows; how many."""
        index = self._of(partition)
        removed = 0
        for keys in index.tallies.values():
            for raw in sorted(keys):
                if json.loads(raw)[5] == subject:
                    keys.discard(raw)
                    self.store.pop(raw, None)
                    removed += 1
        if removed:
            log.info("erasure: a subject removed from %d cells of partition %d", removed, partition)
        return removed

    # ------------------------------------------------------------------ releases

    def due(self, partition: int) -> list[Pending]:
        """Compute and store the release of every closed window; all stored releases, oldest
        first (including those stored before a restart and not yet finished)."""
        index = self._of(partition)
        for metric, start in sorted(index.tallies):
            if (metric, start) in index.pending:
                continue
            name = self._metric(metric)
            if self._closed(partition, name, self._window(name, start)):
                self._store_release(partition, name, start, index)
        out = []
        for metric, start in sorted(index.pending, key=lambda ms: (ms[1], ms[0])):
            value = self.store[_key("r", partition, metric, start)]
            name = self._metric(metric)
            out.append(
                Pending(
                    partition,
                    name,
                    self._window(name, start),
                    tuple(value["records"]),
                    WindowReport.from_json(value["report"]),
                )
            )
        return out

    def _store_release(self, partition: int, metric: MetricName, start: str, index: _Index) -> None:
        window = self._window(metric, start)
        entry = self.store.get(_key("w", partition, metric, start)) or {"dropped": {}}
        dropped: Counter[str] = Counter(entry["dropped"])
        drops_key = _key("d", partition, metric)
        dropped.update(self.store.get(drops_key) or {})
        table = CellTable()
        for raw in sorted(index.tallies[(metric, start)]):
            key = json.loads(raw)
            cell, subject = tuple(key[4]), key[5]
            value = self.store[raw]
            first = parse_timestamp(value["first_at"])
            if (
                self.consent.blocked(subject) is not None
                or first is None
                or not self.consent.admits(metric, subject, first)
            ):
                dropped["consent"] += int(value["events"])
                continue
            table.add_tally(cell, subject, tally_from(value))
        if metric in self.dp_metrics:
            dp_records, dp_report = self._dp_release(partition, metric, window, table)
            self.store[_key("r", partition, metric, start)] = {
                "records": dp_records,
                "report": dp_report,
            }
            self.store.pop(drops_key, None)
            index.pending.add((metric, start))
            return
        release = release_window(
            METRICS[metric], window, table, self.k[metric], self.validator, dropped
        )
        records, report = list(release.records), window_report(release)
        size_s = int((window.end - window.start).total_seconds())
        try:
            GridBook(_GridView(self.store, partition)).check(metric, size_s)
        except GridChange as change:  # never two grids of one metric: refuse, say why
            records = []
            report = replace(report, released=0, records=0, refused=str(change))
        self.store[_key("r", partition, metric, start)] = {
            "records": records,
            "report": report.to_json(),
        }
        self.store.pop(drops_key, None)
        index.pending.add((metric, start))

    def _dp_release(
        self, partition: int, metric: MetricName, window: Window, table: CellTable
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """OpenDP release of one window, its ε spent in the ledger (the same changelog, so the
        spend commits with the release); refused when the day's budget would be exceeded."""
        ledger = Ledger(_LedgerView(self.store, partition), self.dp_budget)
        spend = ledger.check(metric, window, self.dp.epsilon)
        report: dict[str, Any] = {
            "metric": metric,
            "mechanism": "dp",
            "window_start": iso(window.start),
            "window_end": iso(window.end),
            "period": spend.period,
            "epsilon": self.dp.epsilon,
            "epsilon_spent": round(spend.spent, 6),
            "epsilon_left": round(spend.left, 6),
            "k": 0,  # no k: cells are chosen by a noisy threshold
            "cells": len(table),
            "suppressed": len(table),
            "complementary": 0,
            "blocked": 0,
            "dropped": {},
            "events": 0,
        }
        if not spend.allowed:
            return [], report | {"released": 0, "records": 0, "refused": spend.reason}
        if spend.replay:
            records = list(spend.records)
            return records, report | {"released": len(records), "records": len(records)}
        result = dp_window(METRICS[metric], window, table, self.dp, self.validator)
        ledger.record(metric, window, self.dp.epsilon, result.records)
        records = list(result.records)
        return records, report | {
            "released": len(records),
            "suppressed": max(len(table) - len(records), 0),
            "records": len(records),
            "threshold": result.threshold,
        }

    def finish(self, pending: Pending) -> None:
        """The release is published: delete the window's tallies, its entry and the release."""
        index = self._of(pending.partition)
        window = (pending.metric, pending.start)
        for raw in sorted(index.tallies.pop(window, set())):
            self.store.pop(raw, None)
        self.store.pop(_key("w", pending.partition, *window), None)
        self.store.pop(_key("r", pending.partition, *window), None)
        index.pending.discard(window)

    def open_windows(self, partition: int) -> list[tuple[str, str]]:
        """(metric, start) of the partition's windows not yet released."""
        index = self._of(partition)
        return sorted(set(index.tallies) - index.pending)
