"""Collects the labels of one event while its fields are written."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, TypeVar

from pipeline.corpus.forms import Fragment
from pipeline.corpus.labels import LabelledEvent, Planted, SafeMatch, SafeValue, Stream
from pipeline.corpus.paths import is_within, join, segments
from pipeline.corpus.text import Text

T = TypeVar("T")


class Labels:
    """Planted PII and safe values of the event being built."""

    def __init__(self) -> None:
        self.planted: list[Planted] = []
        self.safe: list[SafeValue] = []

    def plant(self, path: str, fragment: Fragment) -> str:
        """Label `fragment` at `path`; returns the text to write there."""
        self.planted.append(fragment.planted(path))
        return fragment.text

    def text(self, path: str, text: Text) -> str:
        """Label every fragment of `text` at `path`; returns the string to write there."""
        for fragment in text.fragments:
            self.plant(path, fragment)
        return text.string

    def keep(self, path: str, value: T, match: SafeMatch = "equal") -> T:
        """Expect `value` to survive at `path`; returns it."""
        self.safe.append(SafeValue(path, value, match))
        return value

    def expect_dropped(self, field: str) -> None:
        """The pipeline must drop `field` whole: no safe value inside it can survive."""
        self.safe = [s for s in self.safe if not is_within(s.path, field)]

    def forget(self, field: str) -> None:
        """Drop the labels inside `field` (after the field was removed or nulled)."""
        self.planted = [p for p in self.planted if not is_within(p.path, field)]
        self.safe = [s for s in self.safe if not is_within(s.path, field)]

    def labelled(self, stream: Stream, event: dict[str, Any]) -> LabelledEvent:
        """The finished event with its labels."""
        return LabelledEvent(stream, event, tuple(self.planted), tuple(self.safe))


def blank_some(
    event: dict[str, Any], labels: Labels, rng: random.Random, rate: float, fields: list[str]
) -> None:
    """Remove or null a small share of `fields` (dotted paths), as real producers do."""
    for field in fields:
        if rng.random() >= rate:
            continue
        *parents, leaf = segments(field)
        container: Any = event
        for key in parents:
            container = container.get(key) if isinstance(container, dict) else None
        if not isinstance(container, dict) or leaf not in container:
            continue
        if rng.random() < 0.5:
            del container[leaf]
        else:
            container[leaf] = None
        labels.forget(field)


@dataclass(frozen=True)
class Keep:
    """A value in a spec that must survive sanitizing."""

    value: object
    match: SafeMatch = "equal"


Spec = Fragment | Text | Keep | str | int | float | bool | None | dict[str, "Spec"] | list["Spec"]


def materialize(spec: Spec, path: str, labels: Labels) -> Any:
    """Turn a spec into JSON, labelling fragments and kept values at their paths."""
    if isinstance(spec, Fragment):
        return labels.plant(path, spec)
    if isinstance(spec, Text):
        return labels.text(path, spec)
    if isinstance(spec, Keep):
        return labels.keep(path, spec.value, spec.match)
    if isinstance(spec, dict):
        return {key: materialize(value, join(path, key), labels) for key, value in spec.items()}
    if isinstance(spec, list):
        return [materialize(value, join(path, index), labels) for index, value in enumerate(spec)]
    return spec
