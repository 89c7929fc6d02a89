"""`pii-pipeline report`: an HTML page of released vs suppressed cells and what k costs."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.cli import main
from tests.cli.test_aggregate_command import _record


def _reports(tmp_path: Path) -> Path:
    records = [_record(v, "/pricing", v % 50) for v in range(12)]  # 12 visitors
    records += [_record(100 + v, "/careers", v) for v in range(6)]  # 6 visitors
    records += [_record(200 + v, "/jobs", v) for v in range(25)]  # 25 visitors
    source = tmp_path / "sanitized.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    reports = tmp_path / "reports.jsonl"
    argv = ["aggregate", "analytics.web_traffic", "--input", str(source), "--k", "5"]
    assert main([*argv, "--reports", str(reports)]) == 0
    return reports


def test_reports_carry_what_each_k_would_withhold(tmp_path: Path) -> None:
    (report,) = [json.loads(line) for line in _reports(tmp_path).read_text().splitlines()]
    assert (report["cells"], report["released"], report["events"]) == (3, 3, 43)
    costs = {c["k"]: (c["cells_suppressed"], c["events_suppressed"]) for c in report["k_costs"]}
    # k=10: /careers (6) is under k; the margin of its block is its own cell, so nothing else
    assert costs[5] == (0, 0)
    assert costs[10] == (1, 6)
    assert costs[20] == (2, 18)
    assert costs[50] == (3, 43)


def test_report_page_is_self_contained_and_shows_releases_and_k_costs(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    assert main(["report", "--input", str(_reports(tmp_path)), "--output", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>")
    assert "<svg" in text
    assert "analytics.web_traffic" in text
    assert "k = 20" in text
    assert "cells lost: 2 of 3" in text
    assert "counts lost: 18 of 43" in text
    assert "http" not in text.replace("http-equiv", "")  # nothing fetched from anywhere
    assert "tok_" not in text


def test_report_refuses_a_file_that_is_not_report_records(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    assert main(["report", "--input", str(bad), "--output", str(tmp_path / "x.html")]) == 1
