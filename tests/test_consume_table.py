"""`consume --table`: released aggregates and window reports as a table, not JSON lines."""

from __future__ import annotations

from pipeline.cli.streaming import render_table


def test_records_become_rows_with_a_column_per_field() -> None:
    records = [
        {"metric": "analytics.web_traffic", "cells": 12, "released": 9, "dropped": {"late": 2}},
        {"metric": "ads.audience", "cells": 4, "released": 0, "share": 0.0},
    ]
    text = render_table(records, title="aggregate.reports")
    lines = text.splitlines()
    assert "aggregate.reports (2 records)" in lines[0]
    header = next(line for line in lines if "metric" in line)
    for column in ("metric", "cells", "released", "dropped", "share"):
        assert column in header
    assert any("analytics.web_traffic" in line and "late=2" in line for line in lines)
    assert any("ads.audience" in line and "0.00" in line for line in lines)
