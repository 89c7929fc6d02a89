"""The parts a bench run is made of, as Protocols: corpus events, leak finder, engine, baseline.

The runner depends on these shapes, not on `pipeline.corpus` or `pipeline.engine`, so tests can
run the harness on stand-ins and the real parts are imported only when a run starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from pipeline.outcome import Outcome, StreamName


class PlantedLike(Protocol):
    """The part of a corpus `Planted` value the runner reads (the value itself it never reads)."""

    @property
    def entity_type(self) -> str: ...


class LabelledEventLike(Protocol):
    """The part of a corpus `LabelledEvent` the runner reads."""

    @property
    def stream(self) -> StreamName: ...

    @property
    def event(self) -> dict[str, Any]: ...

    @property
    def planted(self) -> Sequence[PlantedLike]: ...


class LeakFinder(Protocol):
    """`pipeline.corpus.leaks.find_leaks`: the leaks of `planted` found in a sanitized record."""

    def __call__(
        self, sanitized: dict[str, Any], planted: Sequence[Any], /
    ) -> Sequence[object]: ...


class EngineLike(Protocol):
    """`pipeline.engine.Engine` as the bench uses it: one outcome per raw record, in order."""

    def process(self, stream: StreamName, raws: list[bytes], /) -> Sequence[Outcome]: ...


class RedactorLike(Protocol):
    """`NaiveRedactor` as the bench uses it."""

    def redact(self, event: dict[str, Any], /) -> dict[str, Any]: ...
