"""Real-Kafka fixtures: one broker per test session, and throwaway topics.

`kafka_bootstrap` uses the broker named by KAFKA_BOOTSTRAP_SERVERS when that is set; otherwise it
starts a private broker with `scripts/kafka-local` on free ports and its own data folder, so it never
touches a developer's broker on 9092, and stops it when the session ends. A test that needs Kafka
never skips for want of one: if the broker cannot be started, the test errors with the reason.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import uuid
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

with warnings.catch_warnings():
    # kafka-python 3.0 reads its protocol schemas with importlib.resources.read_text/open_text,
    # deprecated since Python 3.11, while it is imported; with warnings as errors the import fails.
    # Importing it here, once, keeps that out of every test module that imports it later.
    warnings.filterwarnings("ignore", r"(read|open)_text is deprecated", DeprecationWarning)
    from kafka.admin import KafkaAdminClient

BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS"
REPO = Path(__file__).resolve().parent.parent
KAFKA_LOCAL = REPO / "scripts" / "kafka-local"
# Cold start downloads ~45 MiB of jars once; after that a start takes ~5 s.
START_TIMEOUT_S = 300

TopicFactory = Callable[..., str]


def free_ports(count: int) -> list[int]:
    """Ports the kernel just handed out on 127.0.0.1 (free now; a race is reported by the script)."""
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _kafka_local(
    command: str, env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(KAFKA_LOCAL), command],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="session")
def kafka_local_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment that points `scripts/kafka-local` at this session's private broker."""
    port, controller_port = free_ports(2)
    return {
        **os.environ,
        "KAFKA_LOCAL_DATA": str(tmp_path_factory.mktemp("kafka")),
        "KAFKA_LOCAL_PORT": str(port),
        "KAFKA_LOCAL_CONTROLLER_PORT": str(controller_port),
    }


@pytest.fixture(scope="session")
def kafka_bootstrap(request: pytest.FixtureRequest) -> Iterator[str]:
    """Bootstrap address of a real Kafka broker for the whole session."""
    external = os.environ.get(BOOTSTRAP_ENV)
    if external:
        yield external
        return
    env: dict[str, str] = request.getfixturevalue("kafka_local_env")
    started = _kafka_local("start", env, START_TIMEOUT_S)
    if started.returncode != 0:
        pytest.fail(
            f"could not start the test broker with scripts/kafka-local:\n"
            f"{started.stdout}{started.stderr}",
            pytrace=False,
        )
    try:
        yield f"127.0.0.1:{env['KAFKA_LOCAL_PORT']}"
    finally:
        stopped = _kafka_local("stop", env, 120)
        if stopped.returncode != 0:
            sys.stderr.write(f"stopping the test broker failed:\n{stopped.stdout}{stopped.stderr}")


@pytest.fixture
def kafka_admin(kafka_bootstrap: str) -> Iterator[KafkaAdminClient]:
    """A kafka-python admin client, closed after the test."""
    admin = KafkaAdminClient(bootstrap_servers=kafka_bootstrap, client_id="pytest-admin")
    try:
        yield admin
    finally:
        admin.close()


@pytest.fixture
def unique_topic(
    request: pytest.FixtureRequest, kafka_admin: KafkaAdminClient
) -> Iterator[TopicFactory]:
    """Factory: `unique_topic(partitions=3, **topic_configs)` creates a new topic, returns its name.

    Names carry the test's name (readable in broker logs) and a random suffix (reruns and parallel
    sessions on a shared broker do not collide). The call returns once every partition has a
    leader, so the first produce does not meet NOT_LEADER_OR_FOLLOWER. Topics are deleted after the
    test, which matters on a shared broker given by KAFKA_BOOTSTRAP_SERVERS.
    """
    created: list[str] = []
    test_name = re.sub(r"[^a-zA-Z0-9._-]+", "-", request.node.name)[:80]

    def make(partitions: int = 1, prefix: str = "test", **configs: str) -> str:
        name = f"{prefix}.{test_name}.{uuid.uuid4().hex[:8]}"
        spec = {"num_partitions": partitions, "replication_factor": 1, "configs": configs}
        kafka_admin.create_topics({name: spec}, wait_for_metadata=True)
        created.append(name)
        return name

    yield make
    if created:
        kafka_admin.delete_topics(created)
