"""The pipeline as a Faust app: one agent per raw stream, the engine off the event loop.

`make_app` builds the app (no module-level app: `import faust` reads argv and the environment,
and every worker needs its own settings, engine and key store). Each agent reads its raw topic
as bytes and takes batches of up to `batch_size` events (`take_events`, so the batch keeps each
record's topic, partition and offset for the dead letters' provenance). A batch goes through
`route` in the one engine thread; then new vault data keys are flushed (they must be durable
before any entry under them commits) and every output record is sent through Faust, whose
`processing_guarantee` decides whether the sends and the input offsets share a transaction.
The events are acked when the agent asks for the next batch, after every send of the batch is
delivered; Faust commits acked offsets every `batch_size` acks or every second.

`run_app` runs the app under the caller's event loop until `stop` is set or the app crashes,
which is what `pii-pipeline worker --runtime faust` does.

Faust 0.15.3's `exactly_once` does NOT make this exactly once. `TransactionManager.send`
(faust/transport/consumer.py) chooses the transactional producer by the partition of the OUTPUT
record, `self.consumer.key_partition(topic, key)`, which looks in the consumer's metadata; that
knows only the subscribed raw topics, so for `sanitized.*`, `dlq.*` and `pii.vault` it answers
None, and `Producer.send` (faust/transport/drivers/aiokafka.py) then uses the plain idempotent
producer: every output is visible to read_committed readers at once, outside the transactions,
which carry only the input offsets (`TransactionManager.commit`); even for a known topic the
id is built from the output partition, `{app_id}-{group}-{p}`, not the input's. A worker
killed after its sends and before its offset commit makes its successor process those records
again. Measured
with `scripts/eos-trial` (2,000 events per stream, 3 partitions, 5 SIGKILLs, read_committed):
629 and 1,330 duplicate sanitized records (2,146 and 4,350 vault entries too many) in two runs,
no gaps (sends are awaited before the events are acked); the transactional runtime: 0 and 0.
`runtime="transactional"` (pipeline.streaming.worker) stays the default.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import faust

from pipeline.config.loader import LoadedConfig, load_config
from pipeline.engine import Engine
from pipeline.errors import BrokerError
from pipeline.outcome import StreamName
from pipeline.secrets import Secrets
from pipeline.streaming.keystore import KafkaKeyStore
from pipeline.streaming.metrics import WorkerMetrics
from pipeline.streaming.routing import RawRecord, Routed, route
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.topics import ensure_topics

log = logging.getLogger(__name__)

# Room for record overhead above the largest record the topics accept (as the worker has).
REQUEST_OVERHEAD_BYTES = 64 * 1024
# Offsets are committed at least this often (seconds), besides every `batch_size` acks.
COMMIT_INTERVAL_S = 1.0
APP_STOP_TIMEOUT_S = 30.0


def _raw_topic(app: faust.App, name: str) -> Any:
    return app.topic(
        name, key_type=bytes, value_type=bytes, key_serializer="raw", value_serializer="raw"
    )


def make_app(
    settings: StreamSettings,
    engine: Engine,
    key_store: KafkaKeyStore,
    metrics: WorkerMetrics,
    *,
    datadir: str,
) -> faust.App:
    """A Faust app with one agent per stream of `settings` (call `run_app` to run it).

    The topics must exist (`ensure_topics`): the app declares none, and Faust's own leader
    topic is disabled (one app per group needs no leader election).
    """
    # Faust logs sent keys and values at DEBUG (faust.topics); the outputs hold no raw PII,
    # but the input does in exception paths: never let Faust log below INFO.
    faust_logger = logging.getLogger("faust")
    faust_logger.setLevel(max(faust_logger.getEffectiveLevel(), logging.INFO))

    app = faust.App(
        settings.group_id,
        broker=f"kafka://{settings.bootstrap_servers}",
        processing_guarantee=settings.processing_guarantee,
        key_serializer="raw",
        value_serializer="raw",
        datadir=datadir,
        autodiscover=False,
        web_enabled=False,
        topic_partitions=settings.partitions,
        topic_allow_declare=False,
        topic_disable_leader=True,
        consumer_auto_offset_reset="earliest",
        broker_commit_every=settings.batch_size,
        broker_commit_interval=COMMIT_INTERVAL_S,
        broker_session_timeout=settings.session_timeout_ms / 1000,
        broker_heartbeat_interval=max(1.0, settings.session_timeout_ms / 3000),
        broker_max_poll_records=max(500, settings.batch_size * 4),
        producer_max_request_size=settings.max_message_bytes + REQUEST_OVERHEAD_BYTES,
        producer_linger_ms=5,
        stream_buffer_maxsize=max(4096, settings.batch_size * 8),
    )
    # One engine thread for every agent: the engine (spaCy) is used by one thread at a time.
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pii-engine")
    outputs: dict[str, Any] = {}

    def output(name: str) -> Any:
        if name not in outputs:
            outputs[name] = _raw_topic(app, name)
        return outputs[name]

    async def process(stream: StreamName, raws: Sequence[RawRecord]) -> None:
        started = time.perf_counter()
        loop = asyncio.get_running_loop()
        routed: Routed = await loop.run_in_executor(executor, route, engine, settings, stream, raws)
        await key_store.flush()  # new data keys durable before entries under them commit
        sent = [
            await output(out.topic).send(key=out.key, value=out.value, headers=out.headers)
            for out in routed.records
        ]
        # Delivered before the events are acked (so before their offsets can be committed):
        # without a transaction this is what keeps a send failure from becoming a gap.
        await asyncio.gather(*sent)
        metrics.events_in.labels(settings.raw(stream)).inc(len(raws))
        for topic, count in Counter(out.topic for out in routed.records).items():
            metrics.events_out.labels(topic).inc(count)
        metrics.count_outcomes(stream, routed.counts)
        metrics.batch_seconds.labels(stream).observe(time.perf_counter() - started)

    for stream in settings.streams:

        async def agent(events: Any, stream: StreamName = stream) -> None:
            within = settings.batch_timeout_ms / 1000
            async for batch in events.take_events(settings.batch_size, within=within):
                await process(stream, [event.message for event in batch])

        app.agent(_raw_topic(app, settings.raw(stream)), name=f"pii-{stream}")(agent)

    @app.on_before_shutdown.connect
    def _shutdown(sender: Any, /, *args: Any, signal: Any, **kwargs: Any) -> None:
        executor.shutdown(wait=False)

    return app


async def run_app(app: faust.App, stop: asyncio.Event) -> None:
    """Start `app` as a worker would, run it until `stop` is set, then stop it.

    A crash of the app (an agent's exception, a fenced producer) stops it too and is raised as
    BrokerError (by class: the exception's text may quote a record).
    """
    # `exactly_once` is in force only inside a worker (faust.App.in_transaction).
    app.in_worker = True
    await app.start()
    stopping = asyncio.ensure_future(stop.wait())
    stopped = asyncio.ensure_future(app.wait_until_stopped())
    try:
        await asyncio.wait({stopping, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
        stopped.cancel()
        await asyncio.gather(stopping, stopped, return_exceptions=True)
        await asyncio.wait_for(app.stop(), APP_STOP_TIMEOUT_S)
    reason = app.crash_reason
    if reason is not None:
        raise BrokerError(f"the Faust app crashed ({type(reason).__name__})") from reason


async def serve(
    settings: StreamSettings,
    secrets: Secrets,
    stop: asyncio.Event,
    *,
    config: LoadedConfig | None = None,
    metrics: WorkerMetrics | None = None,
) -> None:
    """Create the topics, load the keys and the engine, run the Faust app until `stop` is set
    (what `pipeline.streaming.worker.serve` does for the transactional runtime)."""
    await ensure_topics(settings)
    key_store = KafkaKeyStore(settings)
    await key_store.start()
    try:
        loop = asyncio.get_running_loop()
        if config is None:
            config = await loop.run_in_executor(None, load_config, settings.policy_path)
        engine = Engine(config, secrets, key_store)
        if metrics is None:
            metrics = WorkerMetrics()
            if settings.metrics_port:
                metrics.serve(settings.metrics_port, settings.metrics_host)
        with tempfile.TemporaryDirectory(prefix="pii-faust-") as datadir:
            app = make_app(settings, engine, key_store, metrics, datadir=datadir)
            log.info(
                "faust worker starting: group %s, %s, topics %s",
                settings.group_id,
                settings.processing_guarantee,
                ", ".join(settings.raw(stream) for stream in settings.streams),
            )
            await run_app(app, stop)
            log.info("faust worker stopped")
    finally:
        await key_store.stop()
