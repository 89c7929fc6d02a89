"""The figures one bench run produces, as frozen values with a JSON rendering.

Only counts, rates, sizes and entity type names: never a planted or sanitized value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SideName = Literal["engine", "baseline"]


@dataclass(frozen=True)
class SideResult:
    """What one side (engine or naive baseline) did with its share of the corpus."""

    side: SideName
    events: int  # events in the timed loop
    seconds: float  # wall time of the timed loop only
    cpu_seconds: float  # process CPU time of the same loop; ≈ seconds when pinned to one core
    load_seconds: float  # building the engine / loading the model, not part of `seconds`
    planted: int  # planted values in those events
    surviving: int  # planted values found (in any leak form) in the sanitized output
    rejected: int  # events the side refused as a whole (nothing of them survives)
    peak_rss_mb: float  # process peak RSS (both sides share the process: an upper bound)
    planted_by_type: Mapping[str, int] = field(default_factory=dict)
    surviving_by_type: Mapping[str, int] = field(default_factory=dict)

    @property
    def events_per_s(self) -> float:
        """Throughput of the timed loop; 0.0 when nothing was timed."""
        return self.events / self.seconds if self.seconds > 0 else 0.0

    @property
    def surviving_pct(self) -> float:
        """Surviving planted values as a percentage of planted values; 0.0 when none planted."""
        return 100.0 * self.surviving / self.planted if self.planted else 0.0

    def to_json(self) -> dict[str, Any]:
        """Every figure, derived ones included, as plain JSON types."""
        data = asdict(self)
        data["planted_by_type"] = dict(sorted(self.planted_by_type.items()))
        data["surviving_by_type"] = dict(sorted(self.surviving_by_type.items()))
        data["events_per_s"] = self.events_per_s
        data["surviving_pct"] = self.surviving_pct
        return data


@dataclass(frozen=True)
class BenchResult:
    """Both sides of one run plus the conditions it ran under."""

    engine: SideResult
    baseline: SideResult
    seed: int
    batch_size: int
    cpus: tuple[int, ...]  # CPU affinity during the run; one element when pinned
    thread_env: Mapping[str, str] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        """Engine events/s divided by baseline events/s; None when the baseline was not timed."""
        base = self.baseline.events_per_s
        return self.engine.events_per_s / base if base > 0 else None

    def to_json(self) -> dict[str, Any]:
        """The whole result as the document `--json FILE` writes."""
        return {
            "engine": self.engine.to_json(),
            "baseline": self.baseline.to_json(),
            "ratio": self.ratio,
            "seed": self.seed,
            "batch_size": self.batch_size,
            "cpus": list(self.cpus),
            "thread_env": dict(self.thread_env),
        }
