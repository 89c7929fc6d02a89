"""Windowed, k-anonymous aggregation of sanitized records (pure: no broker).

aggregate_window(records, metric, k)   one window at once → Release
Aggregator(metric, k=, lateness=)      record by record; releases each window once, on close
"""

from pipeline.aggregation.aggregator import Aggregator, Consent, aggregate_window
from pipeline.aggregation.metrics import METRICS, MetricName, MetricSpec
from pipeline.aggregation.release import Release
from pipeline.aggregation.report import ReportRow, format_report, report_row
from pipeline.aggregation.validation import ReleaseValidator
from pipeline.aggregation.windows import Window, WindowSpec

__all__ = [
    "METRICS",
    "Aggregator",
    "Consent",
    "MetricName",
    "MetricSpec",
    "Release",
    "ReleaseValidator",
    "ReportRow",
    "Window",
    "WindowSpec",
    "aggregate_window",
    "format_report",
    "report_row",
]
