"""One worker process: topics, keys, consent, the engine, then the worker until `stop`."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from typing import Any

from pipeline.config.loader import LoadedConfig, load_config
from pipeline.config.reload import reload_config
from pipeline.engine import Engine
from pipeline.secrets import Secrets
from pipeline.streaming.consent.blocklist import Blocklist
from pipeline.streaming.consent.enforcement import ConsentEnforcer
from pipeline.streaming.kafka.topics import ensure_topics
from pipeline.streaming.reload import Reloader
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker.engine_process import ProcessRunner
from pipeline.streaming.worker.keystore import KafkaKeyStore
from pipeline.streaming.worker.prometheus import WorkerMetrics
from pipeline.streaming.worker.runner import BatchRunner, ThreadRunner
from pipeline.streaming.worker.templates import TemplateFeed
from pipeline.streaming.worker.worker import Worker


async def serve(
    settings: StreamSettings,
    secrets: Secrets,
    stop: asyncio.Event,
    *,
    config: LoadedConfig | None = None,
    metrics: WorkerMetrics | None = None,
    reload: asyncio.Event | None = None,
    freeze_heap: bool = False,
) -> Worker:
    """Create the topics, load the keys, consent and the engine, run one worker until `stop`;
    setting `reload` (SIGHUP) reloads the configuration (pipeline.streaming.reload).

    `freeze_heap` (a process of its own: the `worker` command): what start-up built leaves the
    cyclic collector's way (`gc.freeze`). Its passes scanned it again and again while the pool's
    thread unpickled a trip's results, holding the GIL the event loop waits for. Not in a
    process that runs other things (a test session): frozen objects are invisible to
    `gc.get_referrers`, which libraries rely on."""
    await ensure_topics(settings)
    if metrics is None:
        metrics = WorkerMetrics()
        if settings.metrics_port:
            metrics.serve(
                settings.metrics_port,
                settings.metrics_host,
                optional=settings.metrics_port_optional,
            )
    blocklist = Blocklist()
    key_store = KafkaKeyStore(settings, refuse=blocklist.reason)
    await key_store.start()
    enforcer = ConsentEnforcer(
        settings,
        key_store,
        blocklist,
        lambda reason, keys: metrics.keys_destroyed.labels(reason).inc(keys),
    )
    runner: BatchRunner | None = None
    templates = TemplateFeed(settings)
    try:
        await enforcer.start()
        await templates.start()  # the text template counts committed so far, then followed
        loop = asyncio.get_running_loop()
        if config is None:
            config = await loop.run_in_executor(None, load_config, settings.policy_path)
        metrics.build.set_config(config.version)
        if settings.engine_mode == "process":
            process = ProcessRunner(config, secrets, settings, key_store, blocklist, templates)
            runner = process
            await process.start()  # a few seconds (spaCy); nothing else runs yet
        else:
            engine = Engine(config, secrets, key_store)
            runner = ThreadRunner(engine, settings, key_store, blocklist, templates)
        worker = Worker(settings, runner, key_store, metrics)
        requests = reload if reload is not None else asyncio.Event()
        reloader = Reloader(
            config,
            reload_config,
            worker.reconfigure,
            metrics.build,
            metrics.reloads,
            requests,
            settings.reload_watch_s,
        )
        refreeze = None
        if freeze_heap:
            gc.collect()
            gc.freeze()
            if settings.loop_gc_refreeze:
                refreeze = _refreeze_after_full_passes(loop)
        try:
            await reloader.beside(worker.run(stop), stop, "worker-reload")
        finally:
            if refreeze is not None:
                gc.callbacks.remove(refreeze)
        return worker
    finally:
        if runner is not None:
            runner.close()
        await templates.stop()
        await enforcer.stop()
        await key_store.stop()


def _refreeze_after_full_passes(loop: asyncio.AbstractEventLoop) -> Callable[[str, Any], None]:
    """After each full pass of the collector, freeze what survived it - on the loop's next
    turn, not inside the collector (`settings.loop_gc_refreeze`, as the engine process's
    `engine_gc_refreeze`): the next full pass scans only what became long-lived since."""
    pending = False

    def freeze() -> None:
        nonlocal pending
        pending = False
        gc.freeze()

    def after(phase: str, info: Any) -> None:
        nonlocal pending
        if phase == "stop" and info.get("generation") == 2 and not pending:
            pending = True
            loop.call_soon_threadsafe(freeze)

    gc.callbacks.append(after)
    return after
