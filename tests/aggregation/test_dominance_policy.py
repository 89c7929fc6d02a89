"""The (n, p)-dominance rule comes from the policy (`aggregates.dominance`, per metric), in the
file command and in the streaming aggregator's engine settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.aggregation.metrics import METRICS
from pipeline.aggregation.release import DOMINANCE, DOMINANCE_MEASURES
from pipeline.cli import main
from pipeline.config.loader import DEFAULT_POLICY
from pipeline.config.policy import SUM_METRICS, DominancePolicy
from pipeline.streaming.aggregator.settings import aggregation_settings
from pipeline.streaming.settings import StreamSettings
from tests.aggregation.test_findings import _call

STRICT = "    per_metric: {analytics.call_volume: {n: 1, p: 0.5}}"


def _policy(tmp_path: Path, per_metric: str) -> Path:
    text = DEFAULT_POLICY.read_text(encoding="utf-8")
    assert "    per_metric: {}" in text
    path = tmp_path / "policy.yaml"
    path.write_text(text.replace("    per_metric: {}", per_metric, 1), encoding="utf-8")
    return path


def _calls() -> list[dict[str, Any]]:
    # NORMAL_CLEARING: 10 callers, one holds 60 % of the billed seconds (the two largest 65 %)
    calls = [_call(0, 600)] + [_call(i, 44) for i in range(1, 10)]
    calls += [_call(100 + i, 60, "NO_ANSWER") for i in range(12)]
    calls += [_call(200 + i, 60, "USER_BUSY") for i in range(12)]
    return calls


def _released_causes(tmp_path: Path, policy: Path) -> set[str]:
    source = tmp_path / "calls.jsonl"
    source.write_text("".join(json.dumps(c) + "\n" for c in _calls()))
    out = tmp_path / f"out-{policy.stem}.jsonl"
    args = ["aggregate", "analytics.call_volume", "--input", str(source), "--k", "10"]
    assert main([*args, "--config", str(policy), "--output", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    return {r["hangup_cause"] for r in records if r["kind"] == "cell"}


def test_the_policy_default_is_the_rule_the_engine_defaults_to() -> None:
    assert DominancePolicy().rule == DOMINANCE
    with_sums = {m for m, spec in METRICS.items() if set(spec.additive) & set(DOMINANCE_MEASURES)}
    assert with_sums == SUM_METRICS  # the policy refuses a per-metric rule for the others


def test_a_per_metric_rule_in_the_policy_changes_what_the_file_command_withholds(
    tmp_path: Path,
) -> None:
    default = _released_causes(tmp_path, DEFAULT_POLICY)
    assert "NORMAL_CLEARING" in default  # 65 % held by two callers: under (2, 0.85)
    strict = _released_causes(tmp_path, _policy(tmp_path, STRICT))
    assert "NORMAL_CLEARING" not in strict  # one caller holds more than half: (1, 0.5)


def test_the_streaming_aggregator_takes_the_rule_from_its_policy(tmp_path: Path) -> None:
    settings = StreamSettings(streams=("call_logs",), policy_path=_policy(tmp_path, STRICT))
    assert aggregation_settings(settings).dominance_of("analytics.call_volume") == (1, 0.5)
    bundled = aggregation_settings(StreamSettings(streams=("call_logs",)))
    assert bundled.dominance_of("analytics.call_volume") == DOMINANCE
