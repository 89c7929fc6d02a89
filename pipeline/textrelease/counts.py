"""Distinct data subjects per template, up to k; then the template is common.

The state is a grow-only set of subject digests per template, capped at k, so merging two
views (two workers, a worker and the shared topic) is a union and is order-free. A view only
ever holds subjects that were really observed, so whatever a worker has not yet heard of can
only make its releases later, never earlier. Erasure removes a subject below k (a common
template stays common) and keeps it out of later merges.

Memory is bounded: a template not seen for `expire_after` seconds is forgotten, and beyond
`max_templates` the least recently seen are; forgetting only makes releases later.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

_DIGEST = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True)
class TemplateState:
    """What is known of one template: common, or the digests of the subjects seen (fewer than k)."""

    common: bool
    subjects: frozenset[str]
    seen: float  # last time (epoch seconds) the template was observed

    def to_json(self) -> dict[str, object]:
        """The value of the template's record on the counts topic or in a state file."""
        if self.common:
            return {"common": True, "seen": self.seen}
        return {"common": False, "subjects": sorted(self.subjects), "seen": self.seen}

    @classmethod
    def from_json(cls, data: object) -> TemplateState:
        """Parse a record written by `to_json`; ValueError if it is not one."""
        if not isinstance(data, dict) or not isinstance(data.get("common"), bool):
            raise ValueError("not a template state")
        seen = data.get("seen")
        if not isinstance(seen, int | float) or isinstance(seen, bool):
            raise ValueError("template state without a time")
        subjects = data.get("subjects", [])
        if not isinstance(subjects, list) or not all(
            isinstance(s, str) and _DIGEST.fullmatch(s) for s in subjects
        ):
            raise ValueError("template subjects must be a list of 16-hex-digit digests")
        return cls(data["common"], frozenset(subjects), float(seen))


class _Entry:
    """One template: the 8-byte subject digests side by side (compact), or None once common."""

    __slots__ = ("seen", "subjects")

    def __init__(self, subjects: bytes | None, seen: float) -> None:
        self.subjects = subjects
        self.seen = seen


def _digests(packed: bytes) -> set[str]:
    return {packed[i : i + 8].hex() for i in range(0, len(packed), 8)}


def _has(packed: bytes, digest: bytes) -> bool:
    return any(packed[i : i + 8] == digest for i in range(0, len(packed), 8))


class TemplateCounts:
    """Per template fingerprint: distinct subject digests up to k, then a common mark."""

    def __init__(
        self,
        k: int,
        *,
        expire_after: float = 30 * 86_400.0,
        max_templates: int = 250_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if k < 1:
            raise ValueError("k must be at least 1")
        self.k = k
        self.expire_after = expire_after
        self.max_templates = max_templates
        self._clock = clock
        self._entries: OrderedDict[str, _Entry] = OrderedDict()  # least recently seen first
        self._erased: set[str] = set()
        self._dirty: set[str] = set()

    def __len__(self) -> int:
        return len(self._entries)

    def distinct(self, fingerprint: str) -> int:
        """Distinct subjects known for the template (k once it is common)."""
        entry = self._entries.get(fingerprint)
        if entry is None:
            return 0
        return self.k if entry.subjects is None else len(entry.subjects) // 8

    def is_common(self, fingerprint: str) -> bool:
        """Whether k distinct subjects have been seen for the template."""
        entry = self._entries.get(fingerprint)
        return entry is not None and entry.subjects is None

    def with_subject(self, fingerprint: str, subject: str) -> int:
        """Distinct subjects the template would have once `subject` is counted (at most k)."""
        entry = self._entries.get(fingerprint)
        packed = b"" if entry is None else entry.subjects
        if packed is None:
            return self.k
        n = len(packed) // 8
        if subject in self._erased or _has(packed, bytes.fromhex(subject)):
            return n
        return min(self.k, n + 1)

    def observe(self, fingerprint: str, subject: str) -> None:
        """Count `subject` (a 16-hex-digit digest) for the template (idempotent)."""
        now = self._clock()
        entry = self._entries.get(fingerprint)
        if entry is None:
            entry = self._entries[fingerprint] = _Entry(b"", now)
        else:
            self._entries.move_to_end(fingerprint)
            entry.seen = max(entry.seen, now)
        self._dirty.add(fingerprint)
        if entry.subjects is not None and subject not in self._erased:
            digest = bytes.fromhex(subject)
            if not _has(entry.subjects, digest):
                entry.subjects += digest
                if len(entry.subjects) >= 8 * self.k:
                    entry.subjects = None
        self._forget(now)

    def merge(self, fingerprint: str, state: TemplateState | None) -> None:
        """Fold in another view of the template (from the shared topic); None is a deletion.

        A deletion is ignored: another worker forgetting a template must not undo this one's view.
        """
        if state is None:
            return
        entry = self._entries.get(fingerprint)
        if entry is None:
            # appended: a merged template older than its neighbours expires once it reaches
            # the front (`load` sorts by time first, so a restart keeps the order exact)
            entry = self._entries[fingerprint] = _Entry(b"", state.seen)
        elif state.seen > entry.seen:
            entry.seen = state.seen
            self._entries.move_to_end(fingerprint)
        if entry.subjects is None:
            return
        if state.common:
            entry.subjects = None
            return
        known = _digests(entry.subjects)
        union = known | (state.subjects - self._erased)
        if len(union) >= self.k:
            entry.subjects = None
        elif len(union) > len(known):
            entry.subjects = b"".join(bytes.fromhex(d) for d in sorted(union))

    def erase(self, subject: str) -> int:
        """Remove a subject from every template below k; the number of templates changed."""
        self._erased.add(subject)
        digest = bytes.fromhex(subject)
        changed = 0
        for fingerprint, entry in self._entries.items():
            if entry.subjects is not None and _has(entry.subjects, digest):
                kept = [entry.subjects[i : i + 8] for i in range(0, len(entry.subjects), 8)]
                entry.subjects = b"".join(d for d in kept if d != digest)
                self._dirty.add(fingerprint)
                changed += 1
        return changed

    def state(self, fingerprint: str) -> TemplateState | None:
        """The current view of one template."""
        entry = self._entries.get(fingerprint)
        if entry is None:
            return None
        if entry.subjects is None:
            return TemplateState(True, frozenset(), entry.seen)
        return TemplateState(False, frozenset(_digests(entry.subjects)), entry.seen)

    def drain(self) -> list[tuple[str, TemplateState | None]]:
        """Templates changed since the last drain, with their state (None: forgotten)."""
        out = [(fp, self.state(fp)) for fp in sorted(self._dirty)]
        self._dirty.clear()
        return out

    def items(self) -> Iterator[tuple[str, TemplateState]]:
        """Every template and its state, least recently seen first."""
        for fingerprint in list(self._entries):
            state = self.state(fingerprint)
            if state is not None:
                yield fingerprint, state

    def load(self, items: Iterable[tuple[str, TemplateState]], erased: Iterable[str] = ()) -> None:
        """Restore a saved view (a state file, the counts topic read from the start)."""
        self._erased.update(erased)
        for fingerprint, state in sorted(items, key=lambda item: item[1].seen):
            self.merge(fingerprint, state)
        self._forget(self._clock())

    @property
    def erased(self) -> frozenset[str]:
        """Digests of erased subjects (kept out of every later count)."""
        return frozenset(self._erased)

    def _forget(self, now: float) -> None:
        limit = now - self.expire_after
        while self._entries:
            fingerprint, entry = next(iter(self._entries.items()))
            if entry.seen >= limit and len(self._entries) <= self.max_templates:
                break
            del self._entries[fingerprint]
            self._dirty.add(fingerprint)
