"""A normal start logs nothing alarming: the Kafka client's routine group notices are INFO."""

from __future__ import annotations

import logging

import pytest
from aiokafka.errors import GroupCoordinatorNotAvailableError, KafkaConnectionError

from pipeline.observability.logs import GROUP_COORDINATOR_LOGGER, configure


def test_rebalances_and_a_loading_coordinator_are_info_other_client_errors_keep_their_level(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure("INFO", service=True)
    try:
        client = logging.getLogger(GROUP_COORDINATOR_LOGGER)
        # The client's own calls (aiokafka/consumer/group_coordinator.py).
        client.warning("Heartbeat failed for group %s because it is rebalancing", "g1")
        client.error("Group Coordinator Request failed: %s", GroupCoordinatorNotAvailableError())
        client.error("Group Coordinator Request failed: %s", KafkaConnectionError())
        client.warning("Marking the coordinator dead (node %s)for group %s.", 1, "g1")
        client.warning(
            "Heartbeat failed for group %s: coordinator (node %s) is either not started or not valid",
            "g1",
            1,
        )
        configure("INFO", service=True)  # configured twice: still one filter
        assert len(client.filters) == 1
    finally:
        configure()
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 5
    assert " INFO aiokafka.consumer.group_coordinator: Heartbeat failed" in lines[0]
    assert " INFO " in lines[1] and "GroupCoordinatorNotAvailableError" in lines[1]
    assert " ERROR " in lines[2] and "KafkaConnectionError" in lines[2]
    # A fresh cluster's JoinGroup answered "not available"; a real failure has its own line.
    assert " INFO " in lines[3] and "Marking the coordinator dead" in lines[3]
    assert " WARNING " in lines[4] and "is either not started or not valid" in lines[4]
