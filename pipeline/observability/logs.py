"""Log set-up of the entry point: timestamps always, text or JSON lines, one level for `pipeline`.

Log records name topics, partitions, offsets, counts and entity types; never a payload (see
STYLE). The JSON form is one object per line, for collectors that parse logs.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Literal

LogFormat = Literal["text", "json"]
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
FORMATS: tuple[LogFormat, ...] = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def level_name(text: str) -> str:
    """`text` as a level name (any case); ValueError names the choices."""
    name = text.strip().upper()
    if name not in LEVELS:
        raise ValueError(f"unknown log level {text!r} (choose from {', '.join(LEVELS)})")
    return name


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        out = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[0] is not None:
            out["exception"] = record.exc_info[0].__name__
        return json.dumps(out, ensure_ascii=False)


class _UtcFormatter(logging.Formatter):
    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


def configure(level: str = "WARNING", fmt: LogFormat = "text", *, service: bool = False) -> None:
    """Send logs to stderr with timestamps; `level` applies to the pipeline's own loggers.

    Short commands (`service` false) leave the Kafka client's own connection errors out: the
    command reports them once, as its one-line error."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else _UtcFormatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("pipeline").setLevel(level_name(level))
    quiet = not service and level_name(level) != "DEBUG"
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL if quiet else logging.NOTSET)
