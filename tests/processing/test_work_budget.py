"""Work per record is linear in its size and bounded by its budget; over it: `too_expensive`.

Work is counted (characters scanned, propagation searches and occurrences), not timed: the
property holds on any machine. Paddings are generated from rules (runs of one character class
joined by one separator), the shapes that made propagation and Presidio's patterns quadratic.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.engine import Engine
from pipeline.outcome import Rejected, Sanitized
from pipeline.processing.processor import Processor

UNITS = ["1", "11", "a", "Ab", "A", "1.1", "x@y", "+1", "St", "Maria", "é"]
SEPARATORS = [" ", ".", "-", "", ", ", "\n"]
PADDINGS = [(u, s) for u in UNITS for s in SEPARATORS][::3]
SIZES = [2_000, 4_000, 8_000, 16_000]


def _padding(unit: str, sep: str, size: int) -> str:
    piece = unit + sep
    return (piece * (size // len(piece) + 1))[:size]


def _event(text: str, caller: str = "Maria Garcia") -> bytes:
    # a tagged name too, so propagation has parts to look for in the text
    body = f"From=%2B14155550123&CallerName={caller.replace(' ', '+')}&Direction=inbound"
    return json.dumps(
        {
            "event_id": "w1",
            "request": {"body": body},
            "response": {"body": f"<Response><Speak>{text}</Speak></Response>"},
        }
    ).encode()


def _work(processor: Processor, raw: bytes) -> tuple[int, Any]:
    [outcome] = processor.process("notification_logs", [raw])
    [budget] = processor.last_work.values()
    return budget.spent, outcome


@pytest.mark.parametrize(("unit", "sep"), PADDINGS)
def test_work_grows_linearly_with_the_size_of_the_text(engine: Engine, unit: str, sep: str) -> None:
    spent = []
    for size in SIZES:
        work, outcome = _work(engine.processor, _event(_padding(unit, sep, size)))
        assert isinstance(outcome, Sanitized), outcome
        spent.append(work)
    per_char = [w / n for w, n in zip(spent, SIZES, strict=True)]
    # linear: the work per character does not grow with the size (quadratic would double it)
    assert max(per_char[1:]) <= 1.25 * per_char[0] + 0.5, per_char
    assert max(per_char) < 12, per_char


def test_propagation_of_many_distinct_names_stays_linear(engine: Engine) -> None:
    names = [f"Zor{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}ski" for i in range(600)]
    spent = []
    for count in (150, 300, 600):
        text = " ".join(f"Dear {n} Kowalczyk," for n in names[:count])
        work, outcome = _work(engine.processor, _event(text, f"{names[0]} Kowalczyk"))
        assert isinstance(outcome, Sanitized), outcome
        spent.append(work / len(text))
    assert max(spent) <= 1.25 * spent[0] + 0.5, spent


@pytest.fixture(scope="module")
def small_budget(engine: Engine) -> Processor:
    limits = engine.config.policy.limits.model_copy(update={"max_work_units": 20_000})
    policy = engine.config.policy.model_copy(update={"limits": limits})
    config = dataclasses.replace(engine.config, policy=policy)
    return Processor(config, engine.detector, engine.tokens, engine.cipher)


@pytest.mark.parametrize(("unit", "sep"), PADDINGS[:6])
def test_a_record_over_its_budget_is_dead_lettered_as_too_expensive(
    small_budget: Processor, unit: str, sep: str
) -> None:
    work, outcome = _work(small_budget, _event(_padding(unit, sep, 30_000)))
    assert isinstance(outcome, Rejected)
    assert outcome.error_class == "too_expensive"
    assert work > 20_000
    small, ok = _work(small_budget, _event("Call me back tomorrow, Maria."))
    assert isinstance(ok, Sanitized) and small <= 20_000


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from([*UNITS, *SEPARATORS, "bob@example.org", "020 7183 8750"]), max_size=400
    )
)
def test_work_is_bounded_by_a_constant_per_character(engine: Engine, parts: list[str]) -> None:
    text = "".join(parts)
    work, outcome = _work(engine.processor, _event(text))
    assert outcome.ok or outcome.error_class in ("too_large", "too_expensive")
    assert work <= 12 * len(text) + 2_000
