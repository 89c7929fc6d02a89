"""`quality` reports what k costs in text utility: texts released / total per stream, and the
share of templated `<Speak>` prompts released once their template is common (issue 10: ≥ 95 %).

No test checked these figures before: the scoring of hand-built outcomes, then the command's
JSON at two values of k on the same corpus.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

from pipeline.cli import main
from pipeline.outcome import Sanitized
from pipeline.quality.text_release import speak_figures

PROMPT = "Thank you for calling. Please hold."  # a benign <Speak> template of the corpus
MARKER = json.dumps({"withheld": "rare_text", "template": "tpl_" + "0" * 32, "chars": 35})


def _pair(subject: str, released: bool, text: str = PROMPT) -> tuple[dict[str, Any], Sanitized]:
    def body(speak: str) -> dict[str, Any]:
        return {"status": 200, "body": f"<Response><Speak>{escape(speak)}</Speak></Response>"}

    raw = {"event_id": subject, "response": body(text)}
    out = {"event_id": subject, "response": body(text if released else MARKER)}
    return raw, Sanitized(subject, "notification_logs", out, subject=subject)


def test_speak_texts_are_scored_from_the_kth_distinct_subject_on() -> None:
    pairs = [
        _pair("s1", False),
        _pair("s2", False),
        _pair("s1", False),  # a repeat: still two subjects
        _pair("s3", True),  # the third subject: common from here
        _pair("s4", True),
        _pair("s2", False),  # common, yet withheld: counted against the release
        _pair("s5", True, "Your account is overdrawn, Maria."),  # no corpus template
    ]
    figures = speak_figures(3, pairs)
    assert (figures.texts, figures.common, figures.released) == (6, 3, 2)
    assert figures.share == pytest.approx(2 / 3)
    assert speak_figures(10, pairs).share is None  # no template became common


def _utility(tmp_path: Path, k: int) -> dict[str, Any]:
    out = tmp_path / f"k{k}.json"
    args = ["quality", "--events", "300", "--seed", "5", "--text-k", str(k), "--json", str(out)]
    assert main(args) == 0
    figures: dict[str, Any] = json.loads(out.read_text())["free_text"]
    assert figures["release"] == "k_anonymous" and figures["k"] == k
    return figures


def test_the_command_reports_the_cost_of_k_per_stream(tmp_path: Path) -> None:
    low, high = _utility(tmp_path, 2), _utility(tmp_path, 10)
    assert set(low["streams"]) == set(high["streams"]) == {"analytics_events", "notification_logs"}
    for stream, at_low in low["streams"].items():
        at_high = high["streams"][stream]
        total = at_low["released"] + at_low["withheld"]
        assert total == at_high["released"] + at_high["withheld"] > 0  # same texts, other k
        for figures in (at_low, at_high):
            share = figures["released"] / (figures["released"] + figures["withheld"])
            assert figures["released_share"] == round(share, 4)
        assert at_high["released"] < at_low["released"]  # a larger k releases less
    for speak in (low["templated_speak"], high["templated_speak"]):
        assert speak["released"] <= speak["common"] <= speak["texts"]
    assert low["templated_speak"]["common"] > high["templated_speak"]["common"]
    # the target, at a k this small corpus can reach
    assert low["templated_speak"]["released"] >= 0.95 * low["templated_speak"]["common"] > 0
