"""Generated events moved to the present, so that their windows close while a demo watches."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

_CALL_TIMES = ("initiation_time", "answer_time", "end_time")


def _parse(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _like(original: str, moment: datetime) -> str:
    text = moment.astimezone(UTC).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z") if original.endswith("Z") else text


def restamp(event: dict[str, Any], now: datetime) -> dict[str, Any]:
    """`event` with its event time at `now` (a call's answer and end keep their offsets).

    Broken timestamps (the corpus has some on purpose) stay as they are.
    """
    out = dict(event)
    start = _parse(out.get("initiation_time"))
    if start is not None:
        for name in _CALL_TIMES:
            moment = _parse(out.get(name))
            if moment is not None:
                out[name] = _like(out[name], now + (moment - start))
    elif _parse(out.get("timestamp")) is not None:
        out["timestamp"] = _like(out["timestamp"], now)
    return out
