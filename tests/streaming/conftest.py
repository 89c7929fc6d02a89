"""Fixtures of the streaming tests: settings whose topics are private and deleted afterwards."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from kafka.admin import KafkaAdminClient
from kafka.errors import UnknownTopicOrPartitionError

from pipeline.streaming.settings import StreamSettings
from tests.streaming.streaming_support import settings_for, topic_names

SettingsFactory = Callable[..., StreamSettings]


@pytest.fixture
def stream_settings(
    request: pytest.FixtureRequest, kafka_bootstrap: str, kafka_admin: KafkaAdminClient
) -> Iterator[SettingsFactory]:
    """Factory of settings with a private topic prefix and group; topics deleted after the test."""
    made: list[StreamSettings] = []
    name = re.sub(r"[^a-zA-Z0-9]+", "-", request.node.name)[:40]

    def make(**overrides: Any) -> StreamSettings:
        settings = settings_for(kafka_bootstrap, name, **overrides)
        made.append(settings)
        return settings

    yield make
    existing = set(kafka_admin.list_topics())
    for settings in made:
        names = [t for t in topic_names(settings) if t in existing]
        if names:
            with contextlib.suppress(UnknownTopicOrPartitionError):
                kafka_admin.delete_topics(names)
