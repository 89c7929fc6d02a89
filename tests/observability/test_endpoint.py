"""The metrics and health endpoint a worker serves: build and config version, process metrics,
a health answer that follows the main loop."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from pipeline import __version__
from pipeline.cli import main
from pipeline.errors import PipelineError
from pipeline.observability.endpoint import MetricsServer
from pipeline.streaming.worker.prometheus import WorkerMetrics


def _get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_metrics_carry_build_info_and_process_metrics_and_follow_the_config_version() -> None:
    metrics = WorkerMetrics()
    port = metrics.serve(0)
    metrics.build.set_config("sha256:aaaaaaaaaaaa")
    metrics.build.set_config("sha256:bbbbbbbbbbbb")  # a reload: only the new version is shown
    status, text = _get(port, "/metrics")

    assert status == 200
    assert (
        f'pii_build_info{{component="worker",config_version="sha256:bbbbbbbbbbbb",'
        f'version="{__version__}"}} 1.0' in text
    )
    assert "sha256:aaaaaaaaaaaa" not in text
    assert "process_resident_memory_bytes" in text and "python_info" in text
    assert _get(port, "/nothing")[0] == 404


def test_health_is_503_until_ready_and_the_health_command_follows_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    metrics = WorkerMetrics()
    port = metrics.serve(0)

    assert _get(port, "/healthz") == (503, "starting\n")
    assert main(["health", "--port", str(port)]) == 1
    metrics.health.ready()
    assert _get(port, "/healthz") == (200, "ok\n")
    assert main(["health", "--port", str(port)]) == 0
    assert "unhealthy: starting" in capsys.readouterr().err


def test_a_busy_port_is_a_one_line_error_naming_the_variable() -> None:
    first = WorkerMetrics()
    port = first.serve(0)
    with pytest.raises(PipelineError, match="PII_METRICS_PORT"):
        MetricsServer(WorkerMetrics().registry, first.health).start(port)


def test_a_busy_default_port_means_no_endpoint_not_an_exit() -> None:
    # Two workers started at once on one machine: the bind decides, so neither races the other.
    first = WorkerMetrics()
    port = first.serve(0)
    assert MetricsServer(WorkerMetrics().registry, first.health).start(port, optional=True) == 0


def test_aggregator_metrics_count_released_windows_and_open_ones() -> None:
    from datetime import UTC, datetime, timedelta

    from pipeline.streaming.aggregator.prometheus import AggregatorMetrics

    metrics = AggregatorMetrics(
        lambda: {"analytics.call_volume": 4}, lambda: {"analytics.call_volume": 42.5}
    )
    port = metrics.serve(0)
    end = datetime.now(UTC) - timedelta(minutes=6)
    metrics.released("analytics.call_volume", end, {"released": 7, "suppressed": 3})
    metrics.late({"analytics.call_volume": 5})
    metrics.refresh()
    metrics.health.ready()
    _, text = _get(port, "/metrics")

    assert 'pii_aggregate_windows_released_total{metric="analytics.call_volume"} 1.0' in text
    assert 'pii_aggregate_cells_released_total{metric="analytics.call_volume"} 7.0' in text
    assert 'pii_aggregate_cells_suppressed_total{metric="analytics.call_volume"} 3.0' in text
    assert 'pii_aggregate_records_late_total{metric="analytics.call_volume"} 5.0' in text
    assert 'pii_aggregate_windows_open{metric="analytics.call_volume"} 4.0' in text
    assert 'pii_aggregate_watermark_lag_seconds{metric="analytics.call_volume"} 42.5' in text
    assert (
        'pii_aggregate_release_delay_seconds_bucket{le="600.0",metric="analytics.call_volume"} 1.0'
        in text
    )
    assert (
        'pii_aggregate_release_delay_seconds_bucket{le="300.0",metric="analytics.call_volume"} 0.0'
        in text
    )
    assert _get(port, "/healthz") == (200, "ok\n")
