"""The free-text release flags shared by `redact`, `explain` and `quality`."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.config.loader import LoadedConfig, with_free_text


def add_text_options(parser: argparse.ArgumentParser, state: bool = True) -> None:
    """`--free-text`, `--text-k` and (optionally) `--text-state`."""
    parser.add_argument(
        "--free-text",
        choices=["k_anonymous", "redacted", "drop"],
        help="how free text is released (default: the policy's free_text.release)",
    )
    parser.add_argument(
        "--text-k", type=int, help="distinct subjects before a text template is released"
    )
    if state:
        parser.add_argument(
            "--text-state",
            help="template counts file: read at start, written at the end (runs continue)",
        )


def text_config(config: LoadedConfig, args: argparse.Namespace) -> LoadedConfig:
    """`config` with the command line's free-text overrides (validated like the policy)."""
    from pydantic import ValidationError

    from pipeline.errors import ConfigError

    k = getattr(args, "text_k", None)
    try:
        return with_free_text(config, getattr(args, "free_text", None), k)
    except ValidationError as exc:
        reason = exc.errors()[0]["msg"]
        raise ConfigError("(command line)", None, "--text-k", reason) from None


def new_counts(config: LoadedConfig) -> Any:
    """Empty template counts under the config's free-text policy."""
    from pipeline.textrelease import TemplateCounts

    policy = config.policy.free_text
    return TemplateCounts(
        policy.k,
        expire_after=policy.expire_after_days * 86_400.0,
        max_templates=policy.max_templates,
    )


@contextmanager
def text_state(
    config: LoadedConfig, path: str | None, save: bool = True, mode: int = 0o600
) -> Iterator[Any]:
    """Template counts read from `path` (if given and present) and written back at the end
    (with the permission `mode`, like the other files `redact` writes)."""
    from pipeline.textrelease.statefile import load_state, save_state

    counts = new_counts(config)
    numbers = config.policy.free_text.normalise_numbers
    if path:
        load_state(Path(path), counts, numbers)
    yield counts
    if path and save:
        save_state(Path(path), counts, numbers, mode)


def release_summary(engine: Any) -> str:
    """`N texts released, M withheld` over the run (empty when no text was seen)."""
    counts = engine.texts.stats.counts
    released = sum(n for (_, v), n in counts.items() if v in ("released", "redacted"))
    withheld = sum(n for (_, v), n in counts.items() if v == "withheld")
    dropped = sum(n for (_, v), n in counts.items() if v == "dropped")
    if not (released or withheld or dropped):
        return ""
    parts = [f"{released} texts released", f"{withheld} withheld"]
    if dropped:
        parts.append(f"{dropped} dropped")
    return ", ".join(parts)
