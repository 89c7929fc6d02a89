"""One aggregator process: topics, the consent book, the policy's `aggregates`, then the
aggregator until `stop` (with hot reload of the policy on SIGHUP)."""

from __future__ import annotations

import asyncio
import logging

from pipeline.aggregation.validation import ReleaseValidator
from pipeline.config.reload import load_aggregates_config, reload_aggregates
from pipeline.streaming.aggregator.app import StreamAggregator
from pipeline.streaming.aggregator.settings import aggregation_settings
from pipeline.streaming.aggregator.topics import aggregate_topic_specs
from pipeline.streaming.consent.book import ConsentBook
from pipeline.streaming.kafka import clients
from pipeline.streaming.kafka.io import partitions_of
from pipeline.streaming.kafka.topics import ensure_topics
from pipeline.streaming.reload import Reloader
from pipeline.streaming.settings import StreamSettings

log = logging.getLogger(__name__)


async def _partition_count(settings: StreamSettings, topic: str) -> int:
    consumer = clients.consumer(settings, client_id=f"{settings.aggregate_app}-meta")
    await consumer.start()
    try:
        return len(await partitions_of(consumer, topic))
    finally:
        await consumer.stop()


async def serve(
    settings: StreamSettings,
    stop: asyncio.Event,
    *,
    validator: ReleaseValidator | None = None,
    reload: asyncio.Event | None = None,
) -> StreamAggregator:
    """Create the topics, load the consent book, aggregate until `stop` is set; setting
    `reload` (SIGHUP) reloads the policy's `aggregates` (pipeline.streaming.reload)."""
    config = load_aggregates_config(settings.policy_path)
    metrics = aggregation_settings(settings, config.aggregates).metrics
    # Of the pipeline's own topics it reads only sanitized.* and the consent (a secured cluster
    # lets it see no other).
    used = {settings.sanitized(stream) for stream in settings.streams} | {settings.consent_topic}
    await ensure_topics(settings, aggregate_topic_specs(settings, metrics), only=used)
    partitions = await _partition_count(settings, settings.aggregate_topic)
    book = ConsentBook(settings, client_id=f"{settings.aggregate_app}-consent")
    await book.start()
    try:
        aggregator = StreamAggregator(
            settings, book, partitions=partitions, validator=validator, config=config
        )
        aggregator.prom.build.set_config(config.version)
        if settings.metrics_port:
            aggregator.prom.serve(
                settings.metrics_port,
                settings.metrics_host,
                optional=settings.metrics_port_optional,
            )
        log.info(
            "aggregator starting: %s; windows %s, lateness %d s, k %d (ads %d)",
            ", ".join(metrics),
            f"{settings.window_size_s} s" if settings.window_size_s else "per metric",
            settings.allowed_lateness_s,
            settings.k_analytics,
            settings.k_ads,
        )
        reloader = Reloader(
            config,
            reload_aggregates,
            aggregator.reconfigure,
            aggregator.prom.build,
            aggregator.prom.reloads,
            reload if reload is not None else asyncio.Event(),
            settings.reload_watch_s,
        )
        await reloader.beside(aggregator.run(stop), stop, "aggregator-reload")
        return aggregator
    finally:
        await book.stop()
