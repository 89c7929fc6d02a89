"""Synthetic raw events with labelled PII, and the checker that finds leaks of it.

`generate` / `generate_mixed` produce `LabelledEvent`s: a raw event as a producer would send
it, the PII planted in it (`Planted`, with every form whose presence counts as a leak) and
the values that must survive sanitizing (`SafeValue`). `find_leaks` and `missing_safe` check
a sanitized record against those labels. `python -m pipeline.corpus` writes JSON Lines.
"""

from pipeline.corpus.generate import STREAM_ENTITY_TYPES, generate, generate_mixed, iterate
from pipeline.corpus.jsonl import (
    labels_from_dict,
    labels_to_dict,
    labels_to_jsonl,
    read_labels,
    to_jsonl,
    write_jsonl,
)
from pipeline.corpus.labels import (
    ENTITY_TYPES,
    STREAMS,
    EntityType,
    EventLabels,
    LabelledEvent,
    Planted,
    SafeValue,
    Stream,
)
from pipeline.corpus.leaks import Leak, find_leaks, missing_safe
from pipeline.corpus.sources import DEFAULT_LOCALES

__all__ = [
    "DEFAULT_LOCALES",
    "ENTITY_TYPES",
    "STREAMS",
    "STREAM_ENTITY_TYPES",
    "EntityType",
    "EventLabels",
    "LabelledEvent",
    "Leak",
    "Planted",
    "SafeValue",
    "Stream",
    "find_leaks",
    "generate",
    "generate_mixed",
    "iterate",
    "labels_from_dict",
    "labels_to_dict",
    "labels_to_jsonl",
    "missing_safe",
    "read_labels",
    "to_jsonl",
    "write_jsonl",
]
