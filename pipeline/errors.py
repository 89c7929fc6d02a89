"""The one tree of exceptions raised by the pipeline.

    PipelineError
    ├── ConfigError            a configuration file is refused at start-up (file, line, field)
    ├── SchemaError            a JSON Schema in schemas/ is missing or inconsistent with the code
    ├── InputError             one raw record cannot be processed; becomes a Rejection, never a crash
    │   ├── DecodeError        not UTF-8, not JSON, not an object
    │   ├── LimitError         too large, too deep, too many fields
    │   ├── BudgetError        processing it would cost more work than a record may
    │   └── ContractError      a field has the wrong type for its stream's contract
    ├── VaultError             a vault key is missing, destroyed or cannot unwrap a value
    ├── StateError             a saved state (free-text template counts) is unreadable or mismatched
    └── BrokerError            the streaming layer cannot reach or use Kafka

Messages never contain raw field values: only field paths, types, sizes and reasons.
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base class of every error the pipeline raises on purpose."""


class ConfigError(PipelineError):
    """A configuration file is invalid; the message names the file, line and field."""

    def __init__(self, file: str, line: int | None, field: str, reason: str) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {field}: {reason}")

    def __reduce__(self) -> tuple[type[ConfigError], tuple[str, int | None, str, str]]:
        # raised in the worker's engine process (a reload it refuses), re-raised in the loop
        return ConfigError, (self.file, self.line, self.field, self.reason)


class SchemaError(PipelineError):
    """A schema file is missing, malformed or disagrees with the code."""


class InputError(PipelineError):
    """One raw record cannot be processed; `reason` is safe to log (no raw values)."""

    code = "invalid"

    def __init__(self, reason: str, path: str | None = None) -> None:
        self.reason = reason
        self.path = path
        super().__init__(f"{path}: {reason}" if path else reason)


class DecodeError(InputError):
    """The record is not UTF-8 JSON holding an object."""

    code = "undecodable"


class LimitError(InputError):
    """The record exceeds a configured bound (size, depth, number of fields)."""

    code = "too_large"


class BudgetError(InputError):
    """Processing the record would exceed its work budget (e.g. a text that makes a detector
    do far more work than its size): it is dead-lettered, never passed unscanned."""

    code = "too_expensive"


class ContractError(InputError):
    """A field has a type its stream's contract does not allow."""

    code = "contract"


class VaultError(PipelineError):
    """A vault key is missing or destroyed, or a ciphertext does not decrypt."""


class StateError(PipelineError):
    """A saved state file cannot be read, or was counted under another policy."""


class BrokerError(PipelineError):
    """The streaming layer cannot reach or use the Kafka broker."""
