"""argparse conventions of every sub-command: defaults in the help, typed numbers, levels."""

from __future__ import annotations

import argparse
from typing import Any

from pipeline.observability.logs import level_name


class HelpFormatter(argparse.HelpFormatter):
    """Adds `(default: X)` to an option's help when it has a default the help does not say."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if (
            action.help is not argparse.SUPPRESS
            and "default" not in text
            and default not in (None, False, argparse.SUPPRESS)
            and (action.option_strings or action.nargs in ("?", "*"))
        ):
            text += (" " if text else "") + "(default: %(default)s)"
        return text


class Parser(argparse.ArgumentParser):
    """ArgumentParser with `HelpFormatter` for itself and for its sub-command parsers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        """As argparse's; an option without help still shows its default."""
        action = super().add_argument(*args, **kwargs)
        if action.help is None and action.default not in (None, False, argparse.SUPPRESS):
            action.help = "(default: %(default)s)"
        return action


def file_mode(text: str) -> int:
    """Octal permissions for output files, never readable by other users (argparse type)."""
    from pipeline.errors import PipelineError
    from pipeline.private_files import check_mode

    try:
        return check_mode(int(text, 8))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an octal mode: {text!r}") from None
    except PipelineError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def positive_int(text: str) -> int:
    """An integer of at least 1 (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def non_negative_int(text: str) -> int:
    """An integer of at least 0 (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be at least 0, got {value}")
    return value


def log_level(text: str) -> str:
    """A logging level name in any case (argparse type)."""
    try:
        return level_name(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
