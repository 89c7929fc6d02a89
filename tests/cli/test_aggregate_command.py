"""`pii-pipeline aggregate`: released vs suppressed cells per window, no token in any output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main


def _record(visitor: int, path: str, minute: int) -> dict[str, object]:
    return {
        "event_id": f"e{visitor}-{path}-{minute}",
        "timestamp": f"2026-03-01T10:{minute:02d}:00Z",
        "event_type": "page_view",
        "anonymous_id": "tok_" + f"{visitor:032x}",
        "url": f"https://shop.example.com{path}",
        "referrer": "google.com",
        "user_agent": {
            "browser_family": "Chrome",
            "os_family": "Windows",
            "device_class": "desktop",
        },
    }


def test_aggregate_releases_big_cells_and_suppresses_small_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [_record(v, "/pricing", v % 50) for v in range(12)]  # 12 visitors: released
    records += [_record(100 + v, "/careers", v) for v in range(3)]  # 3 visitors: suppressed
    source = tmp_path / "sanitized.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in records) + "\nnot json\n")
    out = tmp_path / "released.jsonl"
    assert (
        main(["aggregate", "analytics.web_traffic", "--input", str(source), "--output", str(out)])
        == 0
    )
    captured = capsys.readouterr()
    assert "released vs suppressed" in captured.out
    released = [json.loads(line) for line in out.read_text().splitlines()]
    cells = [r for r in released if r.get("kind") == "cell"]
    assert any(c.get("path") == "/pricing" for c in cells)
    assert not any(c.get("path") == "/careers" for c in cells)
    assert "tok_" not in out.read_text()
    assert "1 lines were not JSON" in captured.err
