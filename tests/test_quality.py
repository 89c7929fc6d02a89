"""On the project's labelled corpus, no planted value survives and no safe value is destroyed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.corpus import generate_mixed
from pipeline.engine import Engine
from pipeline.quality.report import evaluate


@pytest.mark.parametrize("seed", [11, 12])
def test_no_planted_value_survives_on_the_corpus(engine: Engine, seed: int) -> None:
    report = evaluate(engine, generate_mixed(600, seed))
    assert report.total_planted > 3000
    assert report.total_survived == 0, report.to_json()["entities"]
    assert sum(report.safe_lost.values()) == 0, report.safe_lost
    assert report.rejected == 0


def test_quality_command_prints_table_and_writes_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "q.json"
    assert main(["quality", "--events", "60", "--seed", "3", "--json", str(out)]) == 0
    assert "Detection quality" in capsys.readouterr().out
    figures = json.loads(out.read_text())
    assert figures["events"] == 60
    assert set(figures["entities"]) >= {"PERSON", "PHONE_NUMBER"}
