"""The streaming settings from the environment, for the commands (only entry points read it)."""

from __future__ import annotations

from typing import Any


def stream_settings(**overrides: Any) -> Any:
    """`StreamSettings` from `PII_*` and `overrides`; a bad value is a ConfigError naming the
    variable."""
    from pydantic import ValidationError

    from pipeline.errors import ConfigError
    from pipeline.streaming.settings import StreamSettings

    try:
        return StreamSettings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "PII_" + "_".join(str(p) for p in first["loc"]).upper()
        raise ConfigError("(environment)", None, f"${name}", first["msg"]) from None
