"""The template state is bounded: bytes per template measured with tracemalloc, and the policy's
`max_templates` times that stays within a worker's memory budget.

Issue 10: "State is bounded (templates not seen for a configurable time expire; memory figure
in the note)". The figure: `pytest -s tests/textrelease/test_state_memory.py` prints it.
"""

from __future__ import annotations

import tracemalloc

import pytest

from pipeline.config.loader import load_config
from pipeline.textrelease import TemplateCounts

K = 10
TEMPLATES = 5_000
MAX_BYTES_PER_TEMPLATE = 400  # what the policy's comment and the README promise (250-350 B)
WORKER_BUDGET_MB = 100  # of a worker's 600 MB, for the template state at max_templates


def _bytes_per_template(subjects: int) -> float:
    tracemalloc.start()
    try:
        counts = TemplateCounts(K)
        before = tracemalloc.get_traced_memory()[0]
        for i in range(TEMPLATES):
            fingerprint = f"tpl_{i:032x}"  # the shape of a real fingerprint
            for s in range(subjects):
                counts.observe(fingerprint, f"{i * 16 + s:016x}")
        counts.drain()  # a worker drains what changed with every batch
        used = tracemalloc.get_traced_memory()[0] - before
        assert len(counts) == TEMPLATES
    finally:
        tracemalloc.stop()
    return used / TEMPLATES


@pytest.mark.parametrize(("subjects", "state"), [(K - 1, "k-1 subjects"), (K, "common")])
def test_a_template_costs_a_few_hundred_bytes(subjects: int, state: str) -> None:
    per_template = _bytes_per_template(subjects)
    max_templates = load_config().policy.free_text.max_templates
    total_mb = per_template * max_templates / 1e6
    print(f"\n{state}: {per_template:.0f} B per template, {total_mb:.1f} MB at {max_templates:,}")
    assert per_template <= MAX_BYTES_PER_TEMPLATE
    assert total_mb <= WORKER_BUDGET_MB
