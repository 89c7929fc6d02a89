"""Reading JSONL input: its non-blank lines with their numbers, in batches."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO


def numbered_lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """(line number from 1, line without its end) for every line that is not blank."""
    for number, line in enumerate(stream, start=1):
        line = line.rstrip(b"\r\n")
        if line.strip():
            yield number, line


def batches(items: Iterator[tuple[int, bytes]], size: int) -> Iterator[list[tuple[int, bytes]]]:
    """`items` in lists of `size` (the last one shorter)."""
    batch: list[tuple[int, bytes]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
