"""The hostile-input harness plants what it says, and its checker sees it in every disguise."""

from __future__ import annotations

import pytest

from pipeline.hostile.leaks import leaked, strings
from pipeline.hostile.measure import CLASSES, generate


@pytest.mark.parametrize("cls", sorted(CLASSES))
def test_every_generated_raw_event_reveals_its_plant(cls: str) -> None:
    # the raw event, unprocessed, must count as a leak: otherwise the checker is blind
    for case in generate(cls, 70, seed=3):
        texts = list(strings(case.event))
        for plant in case.plants:
            assert any(leaked(plant, t) for t in texts), (case.rule, plant.kind)


@pytest.mark.parametrize("cls", sorted(CLASSES))
def test_generation_is_deterministic_and_varied(cls: str) -> None:
    first = generate(cls, 30, seed=5)
    assert first == generate(cls, 30, seed=5)
    assert len({str(c.event) for c in first}) == 30
    assert len({c.rule for c in first}) > 1


def test_placeholders_and_tokens_are_not_leaks() -> None:
    from pipeline.hostile.case import Plant

    plant = Plant("phone", "4155550100")
    assert not leaked(plant, "call <PHONE_NUMBER> at tok_0123456789abcdef0123456789abcdef")
    assert leaked(plant, "call four one five five five five oh one oh oh")
    assert leaked(Plant("email", "ann.lee42@example.com"), "ann.lee42 (at) example (dot) com")
