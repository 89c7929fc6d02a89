"""`pii-pipeline shadow CANDIDATE`: a candidate policy against the live raw topics, read-only.

Raw records are read without a consumer group (nothing is committed, the workers' offsets are
untouched), run through the live and the candidate engine with the same keys and an in-memory
key store, and only the diff report comes out: no record is produced anywhere.
"""

from __future__ import annotations

from typing import Any

from pipeline.config.loader import LoadedConfig
from pipeline.engine import Engine
from pipeline.outcome import StreamName
from pipeline.secrets import Secrets
from pipeline.shadow.diff import ShadowReport
from pipeline.streaming.kafka.follow import Start, follow_topic
from pipeline.streaming.settings import StreamSettings
from pipeline.vault.keys import MemoryKeyStore

BATCH = 256


async def shadow_run(
    settings: StreamSettings,
    live: LoadedConfig,
    candidate: LoadedConfig,
    secrets: Secrets,
    *,
    max_records: int,
    from_beginning: bool,
    quiet_s: float,
) -> ShadowReport:
    """Up to `max_records` per raw topic through both engines; the diff report."""
    engines = [Engine(c, secrets, MemoryKeyStore()) for c in (live, candidate)]
    report = ShadowReport(live.version, candidate.version)
    for stream in settings.streams:
        batch: list[bytes] = []

        def flush(stream: StreamName = stream, batch: list[bytes] = batch) -> None:
            if batch:
                outcomes: list[Any] = [e.process(stream, batch) for e in engines]
                report.compare(stream, outcomes[0], outcomes[1])
                batch.clear()

        async for message in follow_topic(
            settings,
            settings.raw(stream),
            Start(beginning=from_beginning),
            max_records=max_records,
            quiet_s=quiet_s,
        ):
            if message.value is not None:
                batch.append(message.value)
            if len(batch) >= BATCH:
                flush()
        flush()
    return report
