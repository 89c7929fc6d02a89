"""The release decision for one free-text value, and what it costs per stream."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from pipeline.config.policy import FreeTextPolicy, TextRelease
from pipeline.textrelease.counts import TemplateCounts
from pipeline.textrelease.template import (
    TemplateKeys,
    normalise,
    released_form,
    withheld_marker,
)

Verdict = Literal["released", "withheld", "redacted", "dropped"]


@dataclass(frozen=True)
class TextDecision:
    """What becomes of one redacted text, and why (for `explain`)."""

    verdict: Verdict
    value: Any  # the text to write, the withheld marker, or None when dropped
    fingerprint: str | None = None
    subject: str | None = None  # digest of the event's subject, counted once the event is final
    distinct: int = 0  # distinct subjects of the template, this one included
    k: int = 0

    @property
    def why(self) -> str:
        """A short reason, without any of the text."""
        if self.verdict == "released":
            return f"released: template common ({self.distinct} of k={self.k} distinct subjects)"
        if self.verdict == "withheld":
            return f"withheld: rare text ({self.distinct} of k={self.k} distinct subjects so far)"
        if self.verdict == "redacted":
            return "released redacted (policy: redacted)"
        return "dropped (policy: drop)"


@dataclass
class ReleaseStats:
    """Texts per stream and verdict: what k costs in text utility."""

    counts: Counter[tuple[str, str]]

    def released_share(self, stream: str) -> float | None:
        """Texts released (common or redacted) over all texts of the stream."""
        total = sum(n for (s, _), n in self.counts.items() if s == stream)
        if not total:
            return None
        kept = self.counts[(stream, "released")] + self.counts[(stream, "redacted")]
        return kept / total

    def streams(self) -> list[str]:
        """Streams with at least one text."""
        return sorted({s for s, _ in self.counts})


class TextGate:
    """Decides per text under the policy; counts are updated only for outcomes that are final."""

    def __init__(
        self, policy: FreeTextPolicy, keys: TemplateKeys, counts: TemplateCounts | None = None
    ) -> None:
        self.policy = policy
        self.keys = keys
        if counts is None:
            counts = TemplateCounts(
                policy.k,
                expire_after=policy.expire_after_days * 86_400.0,
                max_templates=policy.max_templates,
            )
        self.counts = counts
        if self.counts.k != policy.k:
            raise ValueError(f"counts kept for k={self.counts.k}, policy says k={policy.k}")
        self.stats = ReleaseStats(Counter())

    def mode(self, path: str) -> TextRelease:
        """The release mode of the field at `path`."""
        return self.policy.release_for(path)

    def decide(self, path: str, redacted: str, subject: str | None) -> TextDecision:
        """Release, withhold, pass or drop `redacted` (already redacted) for the event's subject.

        The event's subject is counted as if it were already in, but only `commit` counts it:
        a walk that is done again (NER was due) must not count a text it will not write.
        An event with no subject (None) counts as no one: its text is released only when the
        template is common from subjects already seen, and it adds nobody to the count (ten
        events that name no one are not ten people, nor one: they could be anyone seen, or one).
        """
        mode = self.mode(path)
        if mode == "redacted":
            return TextDecision("redacted", redacted)
        if mode == "drop":
            return TextDecision("dropped", None)
        numbers = self.policy.normalise_numbers
        fingerprint = self.keys.fingerprint(normalise(redacted, numbers))
        if subject is None:
            digest, distinct = None, self.counts.distinct(fingerprint)
        else:
            digest = self.keys.subject(subject)
            distinct = self.counts.with_subject(fingerprint, digest)
        if distinct >= self.policy.k:
            value: Any = released_form(redacted, numbers)
            return TextDecision("released", value, fingerprint, digest, distinct, self.policy.k)
        marker = withheld_marker(fingerprint, redacted)
        return TextDecision("withheld", marker, fingerprint, digest, distinct, self.policy.k)

    def commit(self, stream: str, decisions: Iterable[TextDecision]) -> None:
        """Count the subjects of a final outcome's texts, and its verdicts."""
        for decision in decisions:
            self.stats.counts[(stream, decision.verdict)] += 1
            if decision.fingerprint is not None and decision.subject is not None:
                self.counts.observe(decision.fingerprint, decision.subject)
