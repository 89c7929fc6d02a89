"""One engine per test session: loading spaCy is the slow part."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest

from pipeline.config.loader import load_config, with_free_text
from pipeline.engine import Engine
from pipeline.outcome import Outcome, Sanitized
from pipeline.secrets import Secrets
from pipeline.vault.keys import MemoryKeyStore

# Fixed keys that pass the strength check (a repeated byte would be refused from the environment).
SECRETS = Secrets(
    token_key=hashlib.sha256(b"test token key").digest(),
    master_key=hashlib.sha256(b"test master key").digest(),
)


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The engine in `redacted` free-text mode: these tests check what detection redacts.

    The k-anonymous release (the default) is tested on its own, with `k_engine`.
    """
    return Engine(with_free_text(load_config(), "redacted"), SECRETS, MemoryKeyStore())


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
