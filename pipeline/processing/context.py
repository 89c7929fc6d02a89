"""Per-event state while a record is walked: subject, vault entries, findings, detections."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from pipeline.config.policy import Policy
from pipeline.detection.propagate import propagate
from pipeline.detection.spans import Detection
from pipeline.errors import LimitError
from pipeline.outcome import Finding, VaultEntry
from pipeline.schemas import SCAN, FieldSpec
from pipeline.transforms.tokens import Tokenizer
from pipeline.vault.cipher import VaultCipher

Scan = Callable[[str], list[Detection]]


def mask(value: str) -> str:
    """What `explain` shows of a PII value: first character, stars, length."""
    if not value:
        return ""
    return f"{value[0]}***({len(value)})"


@dataclass
class EventContext:
    """Everything the field handlers need for one event."""

    policy: Policy
    tokens: Tokenizer
    cipher: VaultCipher | None  # None while only collecting texts (first pass)
    scan_results: Mapping[str, list[Detection]] | None
    collected: set[str]
    event_id: str
    subject: str
    params_spec: FieldSpec = SCAN  # how webhook body parameters are handled
    body_drop_reason: str | None = None  # set when bodies must not be kept at all
    explain: bool = False  # record a Finding per field (for `explain`; costs time)
    # PII values of this event's tagged fields, gathered on the first pass (entity, value) and
    # searched for in its free text on the second.
    known: set[tuple[str, str]] = field(default_factory=set)
    known_parts: frozenset[tuple[str, str]] = frozenset()
    vault: list[VaultEntry] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    fields_seen: int = 0

    @property
    def collecting(self) -> bool:
        """True on the first pass, which only gathers texts for batched detection."""
        return self.scan_results is None

    def count_field(self) -> None:
        """Bound the work one record can cause."""
        self.fields_seen += 1
        if self.fields_seen > self.policy.limits.max_fields:
            raise LimitError(f"more than {self.policy.limits.max_fields} fields")

    def scan(self, text: str) -> list[Detection]:
        """Detections for `text` (empty on the collecting pass, which records the text)."""
        if self.scan_results is None:
            self.collected.add(text)
            return []
        return propagate(text, self.scan_results.get(text, []), self.known_parts)

    def keep(self, entity_type: str, path: str, value: str, subject: str | None = None) -> None:
        """Put `value` in the vault under `subject` (default: the event's subject)."""
        if self.scan_results is None and value:
            self.known.add((entity_type, value))
        if self.cipher is None or not value:
            return
        entry = self.cipher.seal(subject or self.subject, entity_type, path, self.event_id, value)
        self.vault.append(entry)

    def note(
        self,
        path: str,
        classification: str,
        action: str,
        result: str,
        entities: tuple[str, ...] = (),
        recognizer: str = "schema",
        score: float | None = None,
    ) -> None:
        """Record a decision for `explain` (second pass only)."""
        if not self.explain or self.scan_results is None:
            return
        self.findings.append(
            Finding(path, classification, entities, recognizer, score, action, result)
        )
