"""A running process's configuration read again: what it may take without a restart.

`reload_config` reads the files the running configuration came from (the policy and what it
points to: `models/`, the schemas) and validates them as at start-up. It refuses, with file, line
and field, the few changes a running worker cannot take: the names of the key variables (the keys
were read from the environment once) and the free-text k (the template counts shared by every
worker are kept for one k).
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from pipeline.config.loader import LoadedConfig, load_config
from pipeline.config.policy import Policy
from pipeline.config.yamlfile import read_yaml

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
