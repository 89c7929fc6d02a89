"""The reloader without a broker: requests, the file watch, refusals, metrics; the worker's
and the aggregator's configurations."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest

from pipeline.config.loader import LoadedConfig, load_config
from pipeline.config.reload import load_aggregates_config, reload_aggregates, reload_config
from pipeline.errors import ConfigError
from pipeline.streaming.aggregator.app import StreamAggregator
from pipeline.streaming.aggregator.settings import aggregation_settings
from pipeline.streaming.consent.book import ConsentBook
from pipeline.streaming.reload import Reloader
from pipeline.streaming.settings import StreamSettings
from pipeline.streaming.worker.prometheus import WorkerMetrics
from tests.broker import REPO


class Switches:
    """Stands in for the worker: records the configurations it is told to run."""

    def __init__(self, fail: bool = False) -> None:
        self.configs: list[LoadedConfig] = []
        self.fail = fail

    async def reconfigure(self, config: LoadedConfig) -> None:
        if self.fail:
            raise RuntimeError("model does not load")
        self.configs.append(config)


def _policy(path: Path, threshold: str = "0.35") -> Path:
    text = (REPO / "config" / "policy.yaml").read_text(encoding="utf-8")
    text = text.replace("../models/", f"{REPO}/models/").replace("../schemas", f"{REPO}/schemas")
    path.write_text(text.replace("default_threshold: 0.35", f"default_threshold: {threshold}"))
    return path


def _count(metrics: WorkerMetrics, result: str) -> float:
    value = metrics.registry.get_sample_value("pii_config_reloads_total", {"result": result})
    return value or 0.0


def _build(metrics: Any) -> list[str]:
    return [
        s.labels["config_version"]
        for family in metrics.registry.collect()
        if family.name == "pii_build_info"
        for s in family.samples
    ]


def test_a_changed_file_is_reloaded_by_the_watch_and_a_bad_one_refused(tmp_path: Path) -> None:
    policy = _policy(tmp_path / "policy.yaml")
    config = load_config(policy)
    metrics = WorkerMetrics()
    metrics.build.set_config(config.version)
    worker = Switches()
    stop, requests = asyncio.Event(), asyncio.Event()
    reloader = Reloader(
        config, reload_config, worker.reconfigure, metrics.build, metrics.reloads, requests, 0.1
    )

    async def until(check: Any) -> None:
        for _ in range(100):
            if check():
                return
            await asyncio.sleep(0.1)
        raise AssertionError("timed out")

    async def scenario() -> None:
        running = asyncio.create_task(reloader.run(stop))
        _policy(policy, "0.4")
        os.utime(policy, ns=(1, 1))  # a new modification time even on a coarse clock
        await until(lambda: _count(metrics, "applied") == 1)
        _policy(policy, "4.0")  # out of range: refused, and not tried again until it changes
        os.utime(policy, ns=(2, 2))
        await until(lambda: _count(metrics, "refused") == 1)
        await asyncio.sleep(0.5)
        requests.set()  # SIGHUP with nothing new in the files
        await until(lambda: _count(metrics, "unchanged") == 1 or _count(metrics, "refused") > 1)
        stop.set()
        await running

    asyncio.run(scenario())
    assert [c.policy.detection.default_threshold for c in worker.configs] == [0.4]
    assert _count(metrics, "refused") == 2  # the watch once, then the request (still bad)
    assert reloader.config is worker.configs[0]
    assert _build(metrics) == [worker.configs[0].version]


def test_a_configuration_that_cannot_be_built_leaves_the_old_one_running(tmp_path: Path) -> None:
    policy = _policy(tmp_path / "policy.yaml")
    config = load_config(policy)
    metrics = WorkerMetrics()
    worker = Switches(fail=True)
    reloader = Reloader(
        config,
        reload_config,
        worker.reconfigure,
        metrics.build,
        metrics.reloads,
        asyncio.Event(),
    )
    _policy(policy, "0.5")
    assert asyncio.run(reloader.reload("test")) == "refused"
    assert reloader.config is config and _count(metrics, "refused") == 1


def test_the_aggregator_reloads_its_dominance_rule_and_refuses_a_bad_one(tmp_path: Path) -> None:
    policy = _policy(tmp_path / "policy.yaml")
    config = load_aggregates_config(policy)
    assert config.version == load_config(policy).version  # what a worker on these files says
    settings = StreamSettings(streams=("call_logs",), policy_path=policy)
    aggregator = StreamAggregator(settings, ConsentBook(settings), partitions=1)
    aggregator.use(config)
    metric = "analytics.call_volume"
    assert aggregator.windows.dominance[metric] == (2, 0.85)
    metrics = aggregator.prom
    reloader = Reloader(
        config,
        reload_aggregates,
        aggregator.reconfigure,
        metrics.build,
        metrics.reloads,
        asyncio.Event(),
    )
    text = policy.read_text()
    policy.write_text(text.replace("    p: 0.85\n", "    p: 0.7\n"))
    assert asyncio.run(reloader.reload("test")) == "applied"
    assert aggregator.windows.dominance[metric] == (2, 0.7)
    policy.write_text(text.replace("    p: 0.85\n", "    p: 1.5\n"))
    assert asyncio.run(reloader.reload("test")) == "refused"
    assert aggregator.windows.dominance[metric] == (2, 0.7)
    assert _build(metrics) == [reloader.config.version]


def test_the_aggregator_takes_its_mechanism_from_the_policy_and_keeps_it_until_a_restart(
    tmp_path: Path,
) -> None:
    policy = _policy(tmp_path / "policy.yaml")
    text = policy.read_text()
    policy.write_text(text.replace("  mechanisms: {}", "  mechanisms: {ads.audience: dp}"))
    config = load_aggregates_config(policy)
    settings = StreamSettings(streams=("analytics_events",), policy_path=policy)
    aggregator = StreamAggregator(settings, ConsentBook(settings), partitions=1, config=config)
    assert aggregator.windows.dp_metrics == {"ads.audience"}
    assert aggregator.observer.dp_metrics == {"ads.audience"}  # routed by day: one ledger
    assert aggregator.windows.dp.epsilon == 0.5 and aggregator.windows.dp_budget == 4.0
    metrics = aggregator.prom
    reloader = Reloader(
        config,
        reload_aggregates,
        aggregator.reconfigure,
        metrics.build,
        metrics.reloads,
        asyncio.Event(),
    )
    new_epsilon = text.replace("  mechanisms: {}", "  mechanisms: {ads.audience: dp}").replace(
        "    epsilon_per_window: 0.5", "    epsilon_per_window: 0.25"
    )
    policy.write_text(new_epsilon.replace("budget_per_day: 4.0", "budget_per_day: 2.0"))
    assert asyncio.run(reloader.reload("test")) == "applied"  # from the next window released
    assert (aggregator.windows.dp.epsilon, aggregator.windows.dp_budget) == (0.25, 2.0)
    lines = text.splitlines()
    line = next(n for n, row in enumerate(lines, 1) if row.startswith("  mechanisms:"))
    for changed in (
        text,  # dp -> k_anonymity: the mechanism gone from the policy
        text.replace("  mechanisms: {}", "  mechanisms: {ads.audience: k_anonymity}"),
        text.replace(
            "  mechanisms: {}", "  mechanisms: {ads.audience: dp, analytics.web_traffic: dp}"
        ),
    ):
        policy.write_text(changed)
        with pytest.raises(ConfigError) as refused:
            reload_aggregates(reloader.config)
        assert refused.value.file == str(policy) and refused.value.line == line
        assert refused.value.field.startswith("aggregates.mechanisms")
        assert "without a restart" in str(refused.value)
        assert asyncio.run(reloader.reload("test")) == "refused"
    assert aggregator.windows.dp_metrics == {"ads.audience"}
    assert (aggregator.windows.dp.epsilon, aggregator.windows.dp_budget) == (0.25, 2.0)


def test_a_bad_mechanism_in_the_policy_is_refused_with_file_line_and_field(tmp_path: Path) -> None:
    policy = _policy(tmp_path / "policy.yaml")
    text = policy.read_text()
    policy.write_text(text.replace("  mechanisms: {}", "  mechanisms: {ads.audience: laplace}"))
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("  mechanisms:"))
    settings = StreamSettings(streams=("analytics_events",), policy_path=policy)
    for load in (lambda: load_aggregates_config(policy), lambda: aggregation_settings(settings)):
        with pytest.raises(ConfigError) as refused:
            load()
        assert (refused.value.file, refused.value.line) == (str(policy), line)
        assert refused.value.field == "aggregates.mechanisms.ads.audience"


def test_the_retired_dp_variables_are_refused_not_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PII_DP_METRICS", '["ads.audience"]')
    with pytest.raises(ValueError, match="PII_DP_METRICS no longer read"):
        StreamSettings()
