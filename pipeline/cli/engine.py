"""The engine a file command runs: the policy, the secrets and the vault's key store."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from pipeline.config.paths import policy_path
from pipeline.config.policy import SecretNames
from pipeline.errors import ConfigError


def secrets_for(names: SecretNames, vault: str | None = None) -> Any:
    """The keys from the environment; random ones (with a warning) unless a vault exists."""
    from pipeline.secrets import Secrets

    if os.environ.get(names.token_key_env) or os.environ.get(names.vault_master_key_env):
        return Secrets.from_env(names)
    existing = [p for p in ([vault, vault + ".keys"] if vault else []) if Path(p).exists()]
    if existing:
        # entries sealed under a random key would sit next to the real ones, undecryptable
        raise ConfigError(
            str(existing[0]),
            None,
            "--vault",
            f"exists, and ${names.vault_master_key_env} is not set: refusing to append "
            "entries sealed under a random key",
        )
    print(
        f"warning: ${names.token_key_env} / ${names.vault_master_key_env} not set: using random "
        "keys for this run (tokens are not stable across runs, the vault is not decryptable later)",
        file=sys.stderr,
    )
    return Secrets.generate()


def file_engine(
    config_file: str | None,
    vault: str | None = None,
    config: Any = None,
    text_counts: Any = None,
) -> Any:
    """The engine of `config` (loaded from `config_file` when None), its keys beside `vault`."""
    from pipeline.config.loader import load_config
    from pipeline.engine import Engine
    from pipeline.vault.keys import FileKeyStore, MemoryKeyStore

    if config is None:
        config = load_config(policy_path(config_file))
    secrets = secrets_for(config.policy.secrets, vault)
    store = FileKeyStore(Path(vault + ".keys")) if vault else MemoryKeyStore()
    return Engine(config, secrets, store, text_counts)


def text_setup(args: argparse.Namespace) -> Any:
    """The config with the free-text flags (`--free-text`, `--text-k`)."""
    from pipeline.cli.text_options import text_config
    from pipeline.config.loader import load_config

    return text_config(load_config(policy_path(args.config)), args)
