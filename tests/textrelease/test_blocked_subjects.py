"""Under-13 and erasure both take the subject out of every template still below k.

Issue 10: "Erasure/under-13 remove the subject from counts below k". The worker hands the
consent blocklist's changes (subject token, reason) to the engine with each batch, and
`update_texts` applies them to the engine's template counts; the broker test
(test_text_templates) covers erasure only, so here both reasons, on the engine's own counts.
"""

from __future__ import annotations

import hashlib
from types import SimpleNamespace

import pytest

from pipeline.config.policy import FreeTextPolicy
from pipeline.streaming.consent.blocklist import Blocklist
from pipeline.streaming.worker.runner import update_texts
from pipeline.textrelease import TemplateKeys, TextGate

K = 3
TOKENS = [f"tok_{hashlib.sha256(f'subject {i}'.encode()).hexdigest()[:32]}" for i in range(4)]


def _gate() -> TextGate:
    return TextGate(FreeTextPolicy(k=K), TemplateKeys(hashlib.sha256(b"blocked").digest()))


@pytest.mark.parametrize("reason", ["under_13", "erase"])
def test_a_blocked_subject_leaves_the_counts_below_k_and_stays_out(reason: str) -> None:
    gate = _gate()
    counts, keys = gate.counts, gate.keys
    for token in TOKENS[:2]:
        counts.observe("tpl_rare", keys.subject(token))
    for token in TOKENS[:3]:
        counts.observe("tpl_common", keys.subject(token))
    stale = counts.state("tpl_rare")  # another worker's view from before the block
    blocklist = Blocklist()
    blocklist.block(TOKENS[0], reason)
    blocks, _ = blocklist.changes_since(0)
    update_texts(SimpleNamespace(texts=gate), [], blocks)  # type: ignore[arg-type]
    assert counts.distinct("tpl_rare") == 1
    assert counts.is_common("tpl_common")  # a template already common stays common
    update_texts(SimpleNamespace(texts=gate), [("tpl_rare", stale)], [])  # type: ignore[arg-type]
    assert counts.distinct("tpl_rare") == 1  # the stale view does not bring the subject back
    counts.observe("tpl_rare", keys.subject(TOKENS[0]))
    assert counts.distinct("tpl_rare") == 1  # nor does a later event of the subject
    assert counts.with_subject("tpl_rare", keys.subject(TOKENS[3])) == 2  # k is further away
