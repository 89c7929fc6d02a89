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


class RoutineGroupNotices(logging.Filter):
    """The Kafka client's group coordinator logs two routine events as WARNING/ERROR; they are
    INFO here, so a normal start of a worker or aggregator logs nothing alarming:

    - a heartbeat answered "rebalancing": a member joined or left (every second worker's start);
    - a coordinator lookup answered "not available" or "loading": on a fresh cluster the group
      offsets topic is still being created, and the client retries until it is there;
    - "Marking the coordinator dead": a JoinGroup or SyncGroup answered "not available" (a fresh
      cluster's group offsets partition still loading: seen on an aggregator's first start) or
      a coordinator that moved; the client looks it up again. Where it follows a real failure
      (a request that could not be sent, an expired session, a failed heartbeat) the client
      logs that failure on a line of its own, at its own level.

    Everything else the client logs keeps its level."""

    TRANSIENT = ("GroupCoordinatorNotAvailableError", "CoordinatorLoadInProgressError")

    def filter(self, record: logging.LogRecord) -> bool:
        """Lower a routine notice to INFO; keep every record."""
        if record.levelno >= logging.WARNING and self._routine(record):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True

    def _routine(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if message.startswith("Heartbeat failed for group") and "is rebalancing" in message:
            return True
        if message.startswith("Marking the coordinator dead"):
            return True
        if message.startswith("Group Coordinator Request failed"):
            return any(type(arg).__name__ in self.TRANSIENT for arg in record.args or ())
        return False


GROUP_COORDINATOR_LOGGER = "aiokafka.consumer.group_coordinator"


def lower_routine_group_notices() -> None:
    """Log the client's routine group notices as INFO (`RoutineGroupNotices`), once a process."""
    coordinator = logging.getLogger(GROUP_COORDINATOR_LOGGER)
    if not any(isinstance(f, RoutineGroupNotices) for f in coordinator.filters):
        coordinator.addFilter(RoutineGroupNotices())


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
    lower_routine_group_notices()
