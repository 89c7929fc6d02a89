"""Every Kafka request this process sends, timed, with the errors its answer carries.

`python -m pipeline.streaming.bench.cadence --requests` prints, per run, each API's count and
p50/p90/max round trip, and the error codes the broker answered per API (a request the
client then retried counts once per answer). What it showed on our path: the worker's produce
requests are not answered NOT_ENOUGH_REPLICAS (its records wait until their partitions are in
the transaction, `worker.transaction`); the coordinator's CONCURRENT_TRANSACTIONS falls on the
AddOffsetsToTxn that begins a transaction right after the previous commit (one begin in five
to ten at 300 events/s, 2 ms a record), while the engine works.

`install` wraps `AIOKafkaConnection.send` once per process; `clear` and `summary` per run.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

from aiokafka import errors

# (API, seconds from send to answer, the non-zero error codes of the answer)
_sent: list[tuple[str, float, list[int]]] = []
_installed: list[bool] = []


def error_codes(response: Any) -> list[int]:
    """The non-zero error codes of a Produce, AddPartitionsToTxn, TxnOffsetCommit answer, or of
    any answer with one `error_code`."""
    name = type(response).__name__
    codes: list[int] = []
    if name.startswith("ProduceResponse"):
        codes = [p[1] for _, partitions in response.topics for p in partitions]
    elif name.startswith(("AddPartitionsToTxnResponse", "TxnOffsetCommitResponse")):
        codes = [code for _, partitions in response.errors for _, code in partitions]
    elif hasattr(response, "error_code"):
        codes = [response.error_code]
    return [c for c in codes if c]


def install() -> None:
    """Time this process's Kafka requests from now on (once a process)."""
    if _installed:
        return
    _installed.append(True)
    from aiokafka.conn import AIOKafkaConnection

    original = AIOKafkaConnection.send

    def send(self: AIOKafkaConnection, request: Any, expect_response: bool = True) -> Any:
        answer = original(self, request, expect_response)
        if not expect_response:
            return answer
        api = type(request).__name__.removesuffix("Request")
        return _timed(api, answer)

    AIOKafkaConnection.send = send


async def _timed(api: str, answer: Any) -> Any:
    start = time.monotonic()
    try:
        response = await answer
    except Exception as exc:
        _sent.append((api, time.monotonic() - start, [getattr(exc, "errno", -1)]))
        raise
    _sent.append((api, time.monotonic() - start, error_codes(response)))
    return response


def clear() -> None:
    _sent.clear()


def summary(
    skip: tuple[str, ...] = ("Fetch", "Heartbeat", "Metadata", "ApiVersion"),
) -> Iterator[str]:
    """One line per API (count, p50/p90/max ms) and one of the errors answered, by API."""
    times: dict[str, list[float]] = {}
    answered: Counter[str] = Counter()
    for api, seconds, codes in _sent:
        if api in skip:
            continue
        times.setdefault(api, []).append(seconds * 1000)
        for code in codes:
            answered[f"{api} {errors.for_code(code).__name__}"] += 1
    for api, values in sorted(times.items()):
        values.sort()
        n = len(values)
        yield (
            f"{api}: {n}, p50 {values[n // 2]:.1f} p90 {values[int(n * 0.9)]:.1f} "
            f"max {values[-1]:.1f} ms"
        )
    yield "errors answered: " + (", ".join(f"{k} {v}" for k, v in answered.items()) or "none")
