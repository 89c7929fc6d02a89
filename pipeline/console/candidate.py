"""A candidate policy or recognizer file, validated beside the live configuration.

The candidate is checked by the same loader the workers use: the live files (policy, nlp,
recognizers, schemas) are copied into a private temporary tree with the same relative layout,
the edited one is replaced by the candidate text, and `load_config` reads the copy. Errors name
the live file, so what the operator sees is `config/policy.yaml:12: detection.thresholds: ...`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import tempfile
from pathlib import Path
from typing import Literal

from pipeline.config.loader import LoadedConfig, load_config
from pipeline.errors import ConfigError

ConfigKind = Literal["policy", "recognizers"]
KINDS: tuple[ConfigKind, ...] = ("policy", "recognizers")
MAX_TEXT_BYTES = 1024 * 1024


def live_path(config: LoadedConfig, kind: ConfigKind) -> Path:
    """The file of `kind` that the live configuration was read from."""
    return config.policy_path if kind == "policy" else config.recognizers_path


def _schema_dir(config: LoadedConfig) -> Path:
    policy = config.policy
    path = Path(policy.schemas)
    return path if path.is_absolute() else (config.policy_path.parent / path).resolve()


def _in_copy(root: Path, copy: Path, path: Path) -> Path:
    return copy / path.relative_to(root)


def load_candidate(live: LoadedConfig, kind: ConfigKind, text: str) -> LoadedConfig:
    """The configuration with `text` as its `kind` file; ConfigError naming the live file."""
    if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise ConfigError(str(live_path(live, kind)), None, "(file)", "larger than 1 MiB")
    files = [live.policy_path, live.nlp_path, live.recognizers_path]
    schemas = _schema_dir(live)
    root = Path(os.path.commonpath([*(f.parent for f in files), schemas]))
    with tempfile.TemporaryDirectory(prefix="pii-console-") as tmp:
        copy = Path(tmp)
        for file in files:
            target = _in_copy(root, copy, file)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)
        shutil.copytree(schemas, _in_copy(root, copy, schemas), dirs_exist_ok=True)
        _in_copy(root, copy, live_path(live, kind)).write_text(text, encoding="utf-8")
        try:
            config = load_config(_in_copy(root, copy, live.policy_path))
        except ConfigError as exc:
            prefix = str(copy.resolve())
            name = exc.file.replace(prefix, str(root)) if exc.file.startswith(prefix) else exc.file
            raise ConfigError(name, exc.line, exc.field, exc.reason) from None
    return dataclasses.replace(
        config,
        policy_path=live.policy_path,
        nlp_path=live.nlp_path,
        recognizers_path=live.recognizers_path,
    )


def save_candidate(live: LoadedConfig, kind: ConfigKind, text: str) -> LoadedConfig:
    """Validate `text`, then (only then) replace the live file atomically; the new config."""
    load_candidate(live, kind, text)
    target = live_path(live, kind)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        with contextlib.suppress(OSError):
            os.chmod(tmp, target.stat().st_mode & 0o777)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return load_config(live.policy_path)
