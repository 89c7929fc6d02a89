"""Which stream an event belongs to, judged by the field names its contract declares.

Each raw schema declares its stream's top-level fields; the fields only one stream declares are
its marks (`request`/`response` for webhook logs, `from_number`/`hangup_cause` for calls, ...).
An event carrying marks of another stream and none of its own was sent to the wrong topic: it
is rejected (dead-lettered with the reason), instead of being scanned as unknown fields and
passed on as a record of a stream it does not belong to. Only field names are looked at and
named in the reason, never values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pipeline.errors import ContractError
from pipeline.schemas import FieldSpec


class WrongStreamError(ContractError):
    """The event carries fields of another stream's contract and none of its own."""

    code = "wrong_stream"


@dataclass(frozen=True)
class StreamMarks:
    """Per stream, the top-level field names that no other stream declares."""

    marks: Mapping[str, frozenset[str]]

    @classmethod
    def of(cls, raw: Mapping[str, FieldSpec]) -> StreamMarks:
        """The marks of each stream in `raw` (stream → its schema's spec)."""
        fields = {stream: frozenset(spec.properties) for stream, spec in raw.items()}
        marks = {}
        for stream, own in fields.items():
            others = frozenset().union(*(f for s, f in fields.items() if s != stream))
            marks[stream] = own - others
        return cls(marks)

    def check(self, stream: str, event: Mapping[str, Any]) -> None:
        """Raise WrongStreamError when `event` looks like another stream's event."""
        keys = frozenset(event)
        if keys & self.marks.get(stream, frozenset()):
            return
        for other, marks in self.marks.items():
            found = keys & marks
            if other != stream and found:
                raise WrongStreamError(
                    f"fields of {other} ({', '.join(sorted(found)[:4])}) and none of "
                    f"{stream}: sent to the wrong stream?"
                )
