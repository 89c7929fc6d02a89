"""A private secured broker for the ACL tests: `scripts/kafka-local start --secure` with its own
data folder and ports, the principals' client files, and clients built from those files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient

from tests.broker import KAFKA_LOCAL, START_TIMEOUT_S, free_ports

PREFIX = "sec."  # the topic prefix the ACLs are set for


def _run(
    command: list[str], env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(KAFKA_LOCAL), *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="session")
def secure_principals(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The folder of client files of a running secured broker (stopped after the session)."""
    port, controller_port = free_ports(2)
    env = {
        **os.environ,
        "KAFKA_LOCAL_DATA": str(tmp_path_factory.mktemp("kafka-secure")),
        "KAFKA_LOCAL_PORT": str(port),
        "KAFKA_LOCAL_CONTROLLER_PORT": str(controller_port),
        "KAFKA_LOCAL_TOPIC_PREFIX": PREFIX,
    }
    started = _run(["start", "--secure"], env, START_TIMEOUT_S)
    if started.returncode != 0:
        pytest.fail(f"secured broker did not start:\n{started.stdout}{started.stderr}", False)
    try:
        yield Path(env["KAFKA_LOCAL_DATA"]) / "principals"
    finally:
        _run(["stop"], env, 120)


def client_config(principals: Path, name: str) -> dict[str, Any]:
    """aiokafka connection options of one principal."""
    found = json.loads((principals / f"{name}.json").read_text())
    return {
        "bootstrap_servers": found["bootstrap"],
        "security_protocol": found["security_protocol"],
        "sasl_mechanism": found["sasl_mechanism"],
        "sasl_plain_username": found["username"],
        "sasl_plain_password": found["password"],
    }


def consumer(principals: Path, name: str, **options: Any) -> AIOKafkaConsumer:
    """A consumer authenticated as `name` (no group)."""
    return AIOKafkaConsumer(**client_config(principals, name), enable_auto_commit=False, **options)


def producer(principals: Path, name: str) -> AIOKafkaProducer:
    """A producer authenticated as `name`."""
    return AIOKafkaProducer(**client_config(principals, name))


def admin(principals: Path, name: str = "admin") -> AIOKafkaAdminClient:
    """An admin client authenticated as `name`."""
    return AIOKafkaAdminClient(**client_config(principals, name))
