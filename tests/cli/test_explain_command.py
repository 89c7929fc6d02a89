"""`pii-pipeline explain`: one row per field, PII masked, never shown in clear."""

from __future__ import annotations

import io
import json
import sys

import pytest

from pipeline.cli import main
from tests.processing.test_transformations import ANALYTICS, CALL


@pytest.mark.parametrize(
    ("stream", "event"), [("call_logs", CALL), ("analytics_events", ANALYTICS)]
)
def test_explain_lists_every_field_and_masks_pii(
    stream: str,
    event: dict[str, object],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps(event).encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setenv("COLUMNS", "250")
    assert main(["explain", stream]) == 0
    out = capsys.readouterr().out
    assert "vault" in out
    for secret in (
        "Maria Garcia",
        "Garcia",
        "+14155550123",
        "4111 1111",
        "203.0.113.77",
        "hunter2",
    ):
        assert secret not in out
    assert "M***(12)" in out or "M***(" in out  # the caller's or the property's name, masked
    assert "NORMAL_CLEARING" in out or "form_submit" in out  # safe values are shown as they are
