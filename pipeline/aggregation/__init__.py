"""Windowed, k-anonymous aggregation of sanitized records (pure: no broker).

The one engine: `WindowStore` (engine) applies typed messages (messages) made by `Observer`
(observer) from sanitized records to a key-value store, and releases each window once, on close
(release, cells, validation), with a `WindowReport` (report). `AggregationSettings` (settings)
says which metrics, windows, lateness and k. Drivers: `Aggregator` (in memory, record by
record: the file command) and the streaming aggregator (pipeline.streaming.aggregator).
`aggregate_window(records, metric, k)` computes one window at once: the tests' oracle.
"""

from pipeline.aggregation.aggregator import Aggregator, Consent, aggregate_window
from pipeline.aggregation.consent import ConsentView
from pipeline.aggregation.engine import Pending, WindowStore
from pipeline.aggregation.metrics import METRICS, MetricName, MetricSpec
from pipeline.aggregation.release import Release
from pipeline.aggregation.report import WindowReport, format_report, window_report
from pipeline.aggregation.settings import AggregationSettings
from pipeline.aggregation.validation import ReleaseValidator
from pipeline.aggregation.windows import Window, WindowSpec

__all__ = [
    "METRICS",
    "AggregationSettings",
    "Aggregator",
    "Consent",
    "ConsentView",
    "MetricName",
    "MetricSpec",
    "Pending",
    "Release",
    "ReleaseValidator",
    "Window",
    "WindowReport",
    "WindowSpec",
    "WindowStore",
    "aggregate_window",
    "format_report",
    "window_report",
]
