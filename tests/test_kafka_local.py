"""scripts/kafka-local: idempotent start, honest status, clear refusals, and it kills only its own.

The failure cases stop before a broker would start, so they take a JVM version check at most.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.broker import BOOTSTRAP_ENV, KAFKA_LOCAL, free_ports


def run(command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(KAFKA_LOCAL), command],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def private_env(tmp_path: Path) -> dict[str, str]:
    """A data folder and ports no broker uses."""
    port, controller_port = free_ports(2)
    return {
        **os.environ,
        "KAFKA_LOCAL_DATA": str(tmp_path / "kafka"),
        "KAFKA_LOCAL_PORT": str(port),
        "KAFKA_LOCAL_CONTROLLER_PORT": str(controller_port),
    }


@pytest.fixture
def stranger() -> Iterator[subprocess.Popen[bytes]]:
    """A process that is not a broker."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        yield process
    finally:
        process.kill()
        process.wait()


@pytest.mark.kafka
def test_second_start_is_a_no_op_and_status_reports_the_running_broker(
    kafka_bootstrap: str, request: pytest.FixtureRequest
) -> None:
    if os.environ.get(BOOTSTRAP_ENV):
        pytest.skip(f"{BOOTSTRAP_ENV} names an external broker; kafka-local is not in use")
    env: dict[str, str] = request.getfixturevalue("kafka_local_env")

    again = run("start", env)
    status = run("status", env)

    assert again.returncode == 0, again.stderr
    assert "already running" in again.stdout
    assert f"KAFKA_BOOTSTRAP_SERVERS={kafka_bootstrap}" in again.stdout.splitlines()
    assert status.returncode == 0, status.stderr
    assert f"bootstrap {kafka_bootstrap}" in status.stdout


def test_status_is_non_zero_when_no_broker_runs(private_env: dict[str, str]) -> None:
    status = run("status", private_env)

    assert status.returncode != 0
    assert "not running" in status.stdout


def test_start_refuses_a_port_another_process_listens_on(private_env: dict[str, str]) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind(("127.0.0.1", int(private_env["KAFKA_LOCAL_PORT"])))
        squatter.listen()

        started = run("start", private_env)

    assert started.returncode == 1
    assert "taken by another process" in started.stderr
    assert "KAFKA_LOCAL_PORT" in started.stderr
    assert not (Path(private_env["KAFKA_LOCAL_DATA"]) / "kafka.pid").exists()


def test_start_rejects_a_damaged_data_folder_and_reset_wipes_it(
    private_env: dict[str, str],
) -> None:
    data = Path(private_env["KAFKA_LOCAL_DATA"])
    (data / "data").mkdir(parents=True)
    (data / ".kafka-local").write_text("")
    (data / "data" / "meta.properties").write_text("\x00\x17 not properties\n")

    started = run("start", private_env)
    reset = run("reset", private_env)

    assert started.returncode == 1
    assert "meta.properties" in started.stderr
    assert "scripts/kafka-local reset" in started.stderr
    assert not (data / "kafka.pid").exists()
    assert reset.returncode == 0, reset.stderr
    assert not data.exists()


def test_reset_refuses_a_folder_kafka_local_did_not_create(
    private_env: dict[str, str],
) -> None:
    data = Path(private_env["KAFKA_LOCAL_DATA"])
    data.mkdir()
    (data / "precious.txt").write_text("keep me")

    reset = run("reset", private_env)

    assert reset.returncode == 1
    assert (data / "precious.txt").read_text() == "keep me"


def test_stop_leaves_alone_a_process_the_pid_file_names_that_is_not_our_broker(
    private_env: dict[str, str], stranger: subprocess.Popen[bytes]
) -> None:
    data = Path(private_env["KAFKA_LOCAL_DATA"])
    data.mkdir()
    (data / "kafka.pid").write_text(f"{stranger.pid}\n")

    stopped = run("stop", private_env)

    assert stopped.returncode == 0, stopped.stderr
    assert "not our broker" in stopped.stdout
    assert stranger.poll() is None, "kafka-local stop killed a process it did not start"
    assert not (data / "kafka.pid").exists()
