"""One engine per test session: loading spaCy is the slow part."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from pipeline.engine import Engine
from pipeline.outcome import Outcome, Sanitized
from pipeline.secrets import Secrets

SECRETS = Secrets(token_key=b"t" * 32, master_key=b"m" * 32)


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.from_config(None, SECRETS)


@pytest.fixture(scope="session")
def detector(engine: Engine) -> Any:
    return engine.detector


@pytest.fixture
def sanitize(engine: Engine) -> Callable[[str, dict[str, Any]], Sanitized]:
    def run(stream: str, event: dict[str, Any]) -> Sanitized:
        [outcome] = engine.process(stream, [json.dumps(event).encode()])  # type: ignore[arg-type]
        assert outcome.ok, outcome
        assert isinstance(outcome, Sanitized)
        return outcome

    return run


@pytest.fixture
def process(engine: Engine) -> Callable[[str, list[bytes]], list[Outcome]]:
    def run(stream: str, records: list[bytes]) -> list[Outcome]:
        return engine.process(stream, records)  # type: ignore[arg-type]

    return run
