"""stream-bench's count of Kafka requests: a child's requests by API, per second and per event."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pipeline.streaming.bench import requests

CHILD = """
import asyncio, sys, time
from pipeline.streaming.bench import requests
from pipeline.streaming.kafka import clients
from pipeline.streaming.settings import StreamSettings

requests.install(sys.argv[1])

async def main() -> None:
    admin = clients.admin(StreamSettings(bootstrap_servers=sys.argv[2]), client_id="t")
    await admin.start()
    for _ in range(3):
        await admin.list_topics()
    await admin.close()

asyncio.run(main())
time.sleep(3 * requests.WRITE_EVERY_S)
"""


def test_a_child_writes_its_requests_by_api(tmp_path: Path, kafka_bootstrap: str) -> None:
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path), kafka_bootstrap],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == 0, child.stderr
    (written,) = tmp_path.glob("*.json")
    counts = json.loads(written.read_text())
    assert counts["Metadata"] >= 3  # list_topics is a metadata request each time
    assert requests.snapshot(str(tmp_path), [int(written.stem)]) == counts


def test_rates_per_second_and_per_event() -> None:
    before = {"Fetch": 10, "EndTxn": 2}
    after = {"Fetch": 30, "EndTxn": 6, "Produce": 4}
    after["bench Fetch"] = 50  # the bench's own: reported, not in the processors' per event
    rates = requests.per_second(before, after, seconds=2.0, events=100)
    assert rates == {
        "EndTxn": 2.0,
        "Fetch": 10.0,
        "Produce": 2.0,
        "bench Fetch": 25.0,
        "all_per_event": 0.28,
    }
    assert requests.per_second(before, after, seconds=0.0, events=100) == {}
    assert requests.snapshot(None, [1]) == {}
