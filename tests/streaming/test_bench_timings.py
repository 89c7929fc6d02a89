"""bench.timings: the error codes of the answers on the transaction path, and the summary."""

from __future__ import annotations

from typing import Any

import pytest
from aiokafka.protocol.produce import ProduceResponse_v7
from aiokafka.protocol.transaction import (
    AddOffsetsToTxnResponse_v0,
    AddPartitionsToTxnResponse_v0,
    EndTxnResponse_v0,
    TxnOffsetCommitResponse_v0,
)

from pipeline.streaming.bench import timings


@pytest.mark.parametrize(
    ("response", "codes"),
    [
        # Produce: (partition, error, offset, timestamp, log start offset) per partition.
        (ProduceResponse_v7([("t", [(0, 0, 5, -1, 0), (1, 19, -1, -1, 0)])], 0), [19]),
        (ProduceResponse_v7([("t", [(0, 0, 5, -1, 0)])], 0), []),
        (AddPartitionsToTxnResponse_v0(0, [("t", [(0, 51), (1, 0)])]), [51]),
        (AddOffsetsToTxnResponse_v0(0, 51), [51]),
        (AddOffsetsToTxnResponse_v0(0, 0), []),
        (EndTxnResponse_v0(0, 0), []),
        (TxnOffsetCommitResponse_v0(0, [("raw", [(2, 15)])]), [15]),
    ],
)
def test_error_codes(response: Any, codes: list[int]) -> None:
    assert timings.error_codes(response) == codes


def test_summary_counts_answers_and_names_errors() -> None:
    timings.clear()
    timings._sent.extend(
        [
            ("AddOffsetsToTxn", 0.002, [51]),
            ("AddOffsetsToTxn", 0.001, []),
            ("Produce", 0.004, []),
            ("Fetch", 0.050, []),
        ]
    )
    try:
        lines = list(timings.summary())
    finally:
        timings.clear()
    assert lines[0].startswith("AddOffsetsToTxn: 2, p50 2.0")
    assert lines[1].startswith("Produce: 1,")
    assert lines[-1] == "errors answered: AddOffsetsToTxn ConcurrentTransactions 1"
    assert not any(line.startswith("Fetch") for line in lines)
