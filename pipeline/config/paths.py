"""Where the configuration, models and schemas are: in the installed package, or in a checkout.

A wheel carries `config/`, `models/` and `schemas/` as package data under `pipeline/_data/`
(setup.py copies them at build time; in the repository they stay where their owners edit them).
In a checkout or an editable install there is no `_data/`, and the repository's folders are used.
`PII_POLICY_PATH` (read by the entry point, passed in here) overrides the policy file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

POLICY_ENV = "PII_POLICY_PATH"

_PACKAGE = Path(__file__).resolve().parents[1]
_BUNDLED = _PACKAGE / "_data"


def data_root() -> Path:
    """The folder holding `config/`, `models/` and `schemas/`."""
    return _BUNDLED if (_BUNDLED / "config").is_dir() else _PACKAGE.parent


def bundled_policy() -> Path:
    """The policy file that ships with the package."""
    return data_root() / "config" / "policy.yaml"


def schema_root() -> Path:
    """The schemas that ship with the package (the output contracts the code validates)."""
    return data_root() / "schemas"


def policy_path(explicit: str | Path | None, environ: Mapping[str, str] | None = None) -> Path:
    """`explicit` if given, else `$PII_POLICY_PATH`, else the bundled policy."""
    if explicit:
        return Path(explicit)
    env = os.environ if environ is None else environ
    from_env = env.get(POLICY_ENV)
    return Path(from_env) if from_env else bundled_policy()
