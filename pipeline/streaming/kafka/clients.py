"""The one place that constructs Kafka clients: consumers, producers and admin clients."""

from __future__ import annotations

# Room for record overhead above the largest record the topics accept.
REQUEST_OVERHEAD_BYTES = 64 * 1024
