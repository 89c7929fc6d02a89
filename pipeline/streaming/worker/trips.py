"""How one fetch goes to the engine: batches per stream in calls, calls in trips."""

from __future__ import annotations

from typing import Any

from aiokafka import AIOKafkaProducer, TopicPartition

from pipeline.outcome import StreamName

# One partition's share of an engine call: its records and the producer of its transaction.
Piece = tuple[TopicPartition, AIOKafkaProducer, list[Any]]
# One engine call: a stream and the pieces of its partitions.
Call = tuple[StreamName, list[Piece]]


def plan_trips(pieces: dict[StreamName, list[Piece]], batch_size: int) -> list[list[Call]]:
    """Per stream, the pieces of its partitions go to the engine together (up to `batch_size`
    records a call); calls go a few at a time: one trip for a small fetch (one hand-over to the
    engine process, not one per stream), about `batch_size` records a trip for a big one, so
    that commits start while the engine is still busy with the rest."""
    calls: list[Call] = []
    for stream, stream_pieces in pieces.items():
        size = 0
        for piece in stream_pieces:
            if not calls or calls[-1][0] != stream or size + len(piece[2]) > batch_size:
                calls.append((stream, []))
                size = 0
            calls[-1][1].append(piece)
            size += len(piece[2])
    trips: list[list[Call]] = []
    size = batch_size
    for call in calls:
        if size >= batch_size:
            trips.append([])
            size = 0
        trips[-1].append(call)
        size += sum(len(chunk) for _, _, chunk in call[1])
    return trips
