"""A running process's configuration read again: what it may take without a restart.

`reload_config` reads the files the running configuration came from (the policy and what it
points to: `models/`, the schemas) and validates them as at start-up. It refuses, with file, line
and field, the few changes a running worker cannot take: the names of the key variables (the keys
were read from the environment once) and the free-text k (the template counts shared by every
worker are kept for one k). The aggregator reads only the policy's `aggregates` section
(`reload_aggregates`), all of which it can take except a metric's mechanism.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from pipeline.config.loader import LoadedConfig, load_config, policy_files, version_of
from pipeline.config.paths import policy_path
from pipeline.config.policy import AggregateSettings, Policy
from pipeline.config.yamlfile import read_yaml, validate

# Fields a reload may not change, and why (the refusal says it).
RESTART_ONLY: tuple[tuple[tuple[str, ...], str], ...] = (
    (("secrets",), "the keys were read from the environment at start"),
    (("free_text", "k"), "every worker's template counts are kept for one k"),
)


def _get(policy: Policy, loc: Sequence[str]) -> object:
    value: object = policy
    for name in loc:
        value = getattr(value, name)
    return value


def _where(old: object, new: object, loc: tuple[str, ...]) -> tuple[str, ...]:
    """The deepest field under `loc` where `old` and `new` differ (its line is named)."""
    if isinstance(old, BaseModel) and isinstance(new, BaseModel):
        for name in type(old).model_fields:
            if getattr(old, name) != getattr(new, name):
                return _where(getattr(old, name), getattr(new, name), (*loc, name))
    return loc


def reload_config(current: LoadedConfig) -> LoadedConfig:
    """The configuration in `current`'s files now; ConfigError if invalid or not reloadable."""
    new = load_config(current.policy_path)
    for loc, why in RESTART_ONLY:
        before, after = _get(current.policy, loc), _get(new.policy, loc)
        if before != after:
            doc = read_yaml(new.policy_path)
            where = _where(before, after, loc)
            raise doc.error(where, f"cannot change without a restart ({why})")
    return new


@dataclass(frozen=True)
class AggregatesConfig:
    """What the streaming aggregator reads of the policy (its `aggregates` section), with the
    version a worker reading the same files reports."""

    aggregates: AggregateSettings
    policy_path: Path
    version: str
    files: tuple[Path, ...]


def load_aggregates_config(path: str | Path | None = None) -> AggregatesConfig:
    """The policy at `path`, else `$PII_POLICY_PATH`, else the bundled one, validated (the
    aggregator needs neither the models nor the schemas, so they are not checked)."""
    resolved = policy_path(path).resolve()
    policy = validate(read_yaml(resolved), Policy)
    files = policy_files(resolved, policy)
    return AggregatesConfig(policy.aggregates, resolved, version_of(files), files)


def reload_aggregates(current: AggregatesConfig) -> AggregatesConfig:
    """The aggregator's configuration in `current`'s policy file now; ConfigError if invalid or
    if it changes a metric's mechanism: that routes the metric's observations elsewhere (by
    day for dp, by window for k), so open windows would be split over two partitions and
    released twice, by two mechanisms and from two ledgers. ε, δ, bounds and budget may change
    (each window is released in one transaction, under one of them)."""
    new = load_aggregates_config(current.policy_path)
    before, after = current.aggregates, new.aggregates
    for metric in sorted(set(before.mechanisms) | set(after.mechanisms)):
        if before.mechanism(metric) != after.mechanism(metric):
            doc = read_yaml(new.policy_path)
            where: tuple[str, ...] = ("aggregates", "mechanisms")
            if metric in after.mechanisms:
                where = (*where, metric)
            raise doc.error(
                where,
                f"cannot change without a restart ({before.mechanism(metric)} -> "
                f"{after.mechanism(metric)}: the open windows of {metric} were routed for one "
                "mechanism)",
            )
    return new
