"""Differential privacy mode: OpenDP's noise at the configured ε, thresholded partition
selection, and the per-day budget (refusal, replays that spend nothing twice)."""

from __future__ import annotations

import json
import statistics
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.aggregation.budget import Ledger, load_ledger_file
from pipeline.aggregation.cells import CellTable, Contribution
from pipeline.aggregation.dp import DpSettings, DpUnavailable, dp_window
from pipeline.aggregation.metrics import METRICS
from pipeline.aggregation.validation import ReleaseValidator
from pipeline.aggregation.windows import Window
from pipeline.cli import main
from tests.cli.test_aggregate_command import _record

WINDOW = Window(datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, 1, tzinfo=UTC))
VALIDATOR = ReleaseValidator.from_directory()


def _subject(i: int) -> str:
    return f"tok_{i:032x}"


def _one_big_cell(subjects: int) -> CellTable:
    table = CellTable()
    for i in range(subjects):
        table.add(("DE", "Chrome", "google.com"), _subject(i), Contribution())
    return table


@pytest.mark.parametrize("epsilon", [1.0, 0.25])
def test_noise_is_the_librarys_laplace_at_the_configured_epsilon(epsilon: float) -> None:
    # OpenDP draws from its own CSPRNG (it cannot be seeded): the check is statistical.
    # Laplace(b) has variance 2 b^2; one subject changes one count by 1, so b = 1 / ε.
    table = _one_big_cell(300)
    spec = METRICS["ads.audience"]
    values = [
        dp_window(spec, WINDOW, table, DpSettings(epsilon=epsilon), VALIDATOR).records[0][
            "distinct_visitors"
        ]
        for _ in range(400)
    ]
    expected = 2 / epsilon**2
    assert abs(statistics.mean(values) - 300) < 6 * (expected / 400) ** 0.5 + 0.5
    assert 0.6 * expected < statistics.pvariance(values) < 1.5 * expected


def test_partition_selection_never_publishes_a_cell_of_one_subject() -> None:
    # A one-subject cell is published only when its noise clears the threshold, with
    # probability at most about δ per cell: at δ = 1e-9, 3,000 tries fail with odds ~3e-6.
    table = CellTable()
    for i in range(60):  # 60 cells of one subject each, with many records
        for _ in range(20):
            table.add(("DE", f"b{i}", "none"), _subject(i), Contribution())
    spec = METRICS["ads.audience"]
    settings = DpSettings(epsilon=1.0, delta=1e-9)
    for _ in range(50):
        release = dp_window(spec, WINDOW, table, settings, VALIDATOR)
        assert release.released == 0
        assert release.threshold > 5


def test_each_subject_counts_in_at_most_max_cells_cells() -> None:
    table = CellTable()
    for cell in range(5):  # 40 subjects, each in the same five cells
        for i in range(40):
            table.add(("DE", f"browser{cell}", "none"), _subject(i), Contribution())
    release = dp_window(
        METRICS["ads.audience"], WINDOW, table, DpSettings(epsilon=50.0, max_cells=1), VALIDATOR
    )
    assert release.bounded_out == 40 * 4
    assert sum(r["distinct_visitors"] for r in release.records) <= 40 + 5


def test_latency_percentiles_have_no_dp_form() -> None:
    with pytest.raises(DpUnavailable):
        dp_window(
            METRICS["analytics.webhook_health"],
            WINDOW,
            CellTable(),
            DpSettings(epsilon=1.0),
            VALIDATOR,
        )


def test_ledger_refuses_the_window_that_would_overspend_the_day() -> None:
    ledger = Ledger({}, budget=1.5)
    first = ledger.check("ads.audience", WINDOW, 1.0)
    assert first.allowed and not first.replay
    ledger.record("ads.audience", WINDOW, 1.0, ())
    later = Window(datetime(2026, 1, 1, 5, tzinfo=UTC), datetime(2026, 1, 1, 6, tzinfo=UTC))
    refused = ledger.check("ads.audience", later, 1.0)
    assert not refused.allowed
    assert "1 of 1.5 already spent" in refused.reason
    next_day = Window(datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 1, 2, 1, tzinfo=UTC))
    assert ledger.check("ads.audience", next_day, 1.0).allowed
    assert ledger.check("analytics.web_traffic", later, 1.0).allowed  # per metric


def _sanitized(tmp_path: Path) -> Path:
    records = [_record(v, "/pricing", 5) for v in range(80)]  # 10:00 window
    records += [
        _record(100 + v, "/pricing", 5) | {"timestamp": "2026-03-01T11:05:00Z"} for v in range(80)
    ]
    source = tmp_path / "sanitized.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    return source


def _dp(tmp_path: Path, source: Path, out: str, budget: str) -> int:
    return main(
        [
            "aggregate",
            "analytics.web_traffic",
            "--input",
            str(source),
            "--mechanism",
            "dp",
            "--epsilon",
            "1",
            "--budget",
            budget,
            "--budget-file",
            str(tmp_path / "budget.json"),
            "--output",
            str(tmp_path / out),
            "--reports",
            str(tmp_path / (out + ".reports")),
        ]
    )


def test_file_command_refuses_overspending_with_exit_3_and_says_why(tmp_path: Path) -> None:
    source = _sanitized(tmp_path)
    assert _dp(tmp_path, source, "a.jsonl", "1.5") == 3
    reports = [json.loads(x) for x in (tmp_path / "a.jsonl.reports").read_text().splitlines()]
    assert [r["window_start"][11:16] for r in reports] == ["10:00", "11:00"]
    assert reports[0]["released"] >= 1 and "refused" not in reports[0]
    assert reports[1]["released"] == 0 and "budget" in reports[1]["refused"]
    assert (reports[0]["epsilon_spent"], reports[0]["epsilon_left"]) == (1.0, 0.5)
    released = (tmp_path / "a.jsonl").read_text()
    assert '"window_start": "2026-03-01T11:00:00Z"' not in released and "tok_" not in released


def test_a_rerun_spends_nothing_twice_and_publishes_the_same_noise(tmp_path: Path) -> None:
    source = _sanitized(tmp_path)
    assert _dp(tmp_path, source, "a.jsonl", "2") == 0
    ledger = load_ledger_file(tmp_path / "budget.json")
    # a restart (or a replay of the same input) finds both windows in the ledger
    assert _dp(tmp_path, source, "b.jsonl", "2") == 0
    assert load_ledger_file(tmp_path / "budget.json") == ledger
    assert (tmp_path / "a.jsonl").read_text() == (tmp_path / "b.jsonl").read_text()
    reports = [json.loads(x) for x in (tmp_path / "b.jsonl.reports").read_text().splitlines()]
    assert all(r.get("replayed") for r in reports)
    assert [r["epsilon_spent"] for r in reports] == [2.0, 2.0]
