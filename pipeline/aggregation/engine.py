"""The aggregation engine: messages in, window state in a key-value store, releases out.

`WindowStore` applies engine messages (`messages`: observations, drops, ticks, forgets; made
by `observer.Observer` from sanitized records), one partition at a time and in partition order,
to a `MutableMapping`: in the streaming aggregator a dict whose changes go to a compacted
changelog (pipeline.streaming.aggregator), in the file command (`aggregator.Aggregator`) a plain
dict. Everything it keeps is in that mapping, so state restored from a changelog resumes where
the last writer was.

The store's keys and what each holds are in `layout`; the event-time watermark (per partition
and metric: when a window closes, what is late) in `watermark`; a DP window's release against the
ε ledger in `dp_release`.

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
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from pipeline.aggregation.budget import Ledger
from pipeline.aggregation.cells import CellTable
from pipeline.aggregation.consent import ConsentView
from pipeline.aggregation.dp_release import dp_release
from pipeline.aggregation.grids import GridBook, GridChange
from pipeline.aggregation.layout import GridView, Index, LedgerView, key, new_tally, tally_from
from pipeline.aggregation.messages import Drop, Forget, GridClaim, GridSet, Message, Observe, Tick
from pipeline.aggregation.metrics import METRICS, MetricName
from pipeline.aggregation.release import release_window
from pipeline.aggregation.report import WindowReport, window_report
from pipeline.aggregation.settings import AggregationSettings
from pipeline.aggregation.validation import ReleaseValidator
from pipeline.aggregation.watermark import Watermarks
from pipeline.aggregation.windows import Window, iso, parse_timestamp

__all__ = ["Pending", "WindowStore"]

log = logging.getLogger(__name__)


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


class WindowStore:
    """Applies messages of one partition at a time to `store`; see the module doc."""

    def __init__(
        self,
        settings: AggregationSettings,
        store: MutableMapping[str, Any],
        consent: ConsentView,
        validator: ReleaseValidator,
        *,
        shared_grids: bool = False,
    ) -> None:
        """`shared_grids` (the streaming aggregator: windows spread over partitions): a k
        metric's window is released only once the grid authority's `GridSet` reached its
        partition (see pipeline.aggregation.grids); else (one partition) the partition records
        its grid with its first release."""
        self.store = store
        self.shared_grids = shared_grids
        self.outbox: list[Message] = []  # GridSet answers, for every partition (take_outbox)
        self.consent = consent
        self.validator = validator
        self.metrics = settings.metrics
        self.windows = {metric: settings.window_spec(metric) for metric in self.metrics}
        self.k = {metric: settings.k(metric) for metric in self.metrics}
        self.dominance = {metric: settings.dominance_of(metric) for metric in self.metrics}
        self.dp_metrics = frozenset(settings.dp_metrics)
        self.dp = settings.dp
        self.dp_budget = settings.dp_budget
        self._index: dict[int, Index] = {}
        self.marks = Watermarks(store, self.windows)
        self.duplicates = 0
        # records dropped because their window had closed, per metric, since `take_late`: the
        # reports count them only with the partition's next release of the metric
        self.late: Counter[str] = Counter()

    # ------------------------------------------------------------------ index

    def reset(self) -> None:
        """Forget the cached index (after a rebalance or a recovery)."""
        self._index.clear()

    def _of(self, partition: int) -> Index:
        index = self._index.get(partition)
        if index is None:
            index = self._index[partition] = Index.of(self.store, partition)
        return index

    # ------------------------------------------------------------------ watermark

    def _closed(self, partition: int, metric: MetricName, window: Window) -> bool:
        return self.marks.closed(partition, metric, window)

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
        elif isinstance(message, GridClaim):  # this partition is the grid authority
            size_s = GridBook(GridView(self.store, partition)).claim(message.metric, message.size_s)
            self.outbox.append(GridSet(message.metric, size_s))
        elif isinstance(message, GridSet):
            grids = GridView(self.store, partition)
            if message.metric in self.windows and message.metric not in grids:
                grids[message.metric] = message.size_s
        else:
            raise ValueError("unknown message type")
        return self.due(partition)

    def _mechanism(self, metric: str) -> str:
        return "dp" if metric in self.dp_metrics else "k_anonymity"

    def _metric(self, metric: str) -> MetricName:
        for name in self.metrics:
            if name == metric:
                return name
        raise ValueError("unknown metric")

    def _pending_drop(self, partition: int, metric: str, reason: str) -> None:
        name = key("d", partition, metric)
        value = dict(self.store.get(name) or {})
        value[reason] = value.get(reason, 0) + 1
        self.store[name] = value

    def pending_drops(self, partition: int, metric: str) -> dict[str, int]:
        """Drops not attributable to an open window, reported with the next release."""
        return dict(self.store.get(key("d", partition, metric)) or {})

    def _observation(self, partition: int, message: Observe) -> None:
        metric = self._metric(message.metric)
        at = parse_timestamp(message.at)
        if at is None:
            raise ValueError("bad observation time")
        window = self.windows[metric].window_of(at)
        start = iso(window.start)
        if self._closed(partition, metric, window):
            self._pending_drop(partition, metric, "late")
            self.late[metric] += 1
            return
        clock = self.marks.clock(partition, metric)
        self.marks.raise_to(clock, at, message.wall)
        self.marks.save(partition, metric, clock)
        index = self._of(partition)
        window_key = key("w", partition, metric, start)
        if (metric, start) not in index.tallies:
            index.tallies[(metric, start)] = set()
            # the mechanism the window is counted for: a restart under another one (its
            # records routed elsewhere from then on) must not release it by a second one
            self.store[window_key] = {"dropped": {}, "mechanism": self._mechanism(metric)}
        subject = message.subject
        if not self.consent.admits(metric, subject, at):
            entry = dict(self.store.get(window_key) or {"dropped": {}})
            dropped = dict(entry["dropped"])
            dropped["consent"] = dropped.get("consent", 0) + 1
            self.store[window_key] = {**entry, "dropped": dropped}
            return
        tally_key = key("t", partition, metric, start, list(message.cell), subject)
        tally = dict(self.store.get(tally_key) or new_tally(message.at))
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
            clock = self.marks.clock(partition, metric)
            at = parse_timestamp(message.highs.get(metric))
            if at is not None:
                self.marks.raise_to(clock, at, message.wall)
            if metric in quiet:
                self.marks.extend(clock, message.wall)
            if clock["mark"] is not None:
                self.marks.save(partition, metric, clock)

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
            if self._waits_for_grid(partition, name):
                continue
            if self._closed(partition, name, self._window(name, start)):
                self._store_release(partition, name, start, index)
        out = []
        for metric, start in sorted(index.pending, key=lambda ms: (ms[1], ms[0])):
            value = self.store[key("r", partition, metric, start)]
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

    def grid_claims(self) -> list[GridClaim]:
        """This engine's grid of each k-anonymous metric, to claim from the grid authority."""
        return [
            GridClaim(metric, int(self.windows[metric].size.total_seconds()))
            for metric in self.metrics
            if metric not in self.dp_metrics
        ]

    def take_late(self) -> Counter[str]:
        """Late records per metric since the last call (and forget them here)."""
        out, self.late = self.late, Counter()
        return out

    def take_outbox(self) -> list[Message]:
        """The messages to send to every partition (and forget them here)."""
        out, self.outbox = self.outbox, []
        return out

    def _waits_for_grid(self, partition: int, metric: MetricName) -> bool:
        """A shared-grid k metric whose partition has no grid from the authority yet."""
        if not self.shared_grids or metric in self.dp_metrics:
            return False
        return metric not in GridView(self.store, partition)

    def _store_release(self, partition: int, metric: MetricName, start: str, index: Index) -> None:
        window = self._window(metric, start)
        entry = self.store.get(key("w", partition, metric, start)) or {"dropped": {}}
        dropped: Counter[str] = Counter(entry["dropped"])
        drops_key = key("d", partition, metric)
        dropped.update(self.store.get(drops_key) or {})
        table = CellTable()
        for raw in sorted(index.tallies[(metric, start)]):
            parts = json.loads(raw)
            cell, subject = tuple(parts[4]), parts[5]
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
        counted_for = entry.get("mechanism", self._mechanism(metric))
        changed = counted_for != self._mechanism(metric)
        if metric in self.dp_metrics and not changed:
            ledger = Ledger(LedgerView(self.store, partition), self.dp_budget)
            dp_records, dp_report = dp_release(
                ledger, METRICS[metric], window, table, self.dp, self.validator, dropped
            )
            self.store[key("r", partition, metric, start)] = {
                "records": dp_records,
                "report": dp_report,
            }
            self.store.pop(drops_key, None)
            index.pending.add((metric, start))
            return
        spec, k = METRICS[metric], self.k[metric]
        release = release_window(
            spec, window, table, k, self.validator, dropped, self.dominance[metric]
        )
        records, report = list(release.records), window_report(release)
        size_s = int((window.end - window.start).total_seconds())
        refused = None
        if changed:  # nothing spent, nothing published: the window's records went two ways
            refused = (
                f"mechanism: the window was opened under {counted_for} and the metric is now "
                f"{self._mechanism(metric)} (changed at a restart while the window was open)"
            )
        else:
            try:
                GridBook(GridView(self.store, partition)).check(metric, size_s)
            except GridChange as change:  # never two grids of one metric: refuse, say why
                refused = str(change)
        if refused is not None:
            records = []
            report = replace(report, released=0, records=0, refused=refused)
        self.store[key("r", partition, metric, start)] = {
            "records": records,
            "report": report.to_json(),
        }
        self.store.pop(drops_key, None)
        index.pending.add((metric, start))

    def finish(self, pending: Pending) -> None:
        """The release is published: delete the window's tallies, its entry and the release."""
        index = self._of(pending.partition)
        window = (pending.metric, pending.start)
        for raw in sorted(index.tallies.pop(window, set())):
            self.store.pop(raw, None)
        self.store.pop(key("w", pending.partition, *window), None)
        self.store.pop(key("r", pending.partition, *window), None)
        index.pending.discard(window)

    def open_windows(self, partition: int) -> list[tuple[str, str]]:
        """(metric, start) of the partition's windows not yet released."""
        index = self._of(partition)
        return sorted(set(index.tallies) - index.pending)
