"""Per-event state while a record is walked: subject, vault entries, findings, detections."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.budget import WorkBudget
from pipeline.config.policy import Policy
from pipeline.detection.propagate import Ordinary, known_parts, new_occurrence, propagate
from pipeline.detection.spans import Detection
from pipeline.errors import LimitError
from pipeline.outcome import Finding, VaultEntry
from pipeline.processing.decoded import decoded_view
from pipeline.processing.keys import KeyRules
from pipeline.processing.scripts import script_runs
from pipeline.schemas import SCAN, FieldSpec
from pipeline.textrelease.gate import TextDecision, TextGate
from pipeline.transforms.tokens import Tokenizer
from pipeline.vault.cipher import VaultCipher


def mask(value: str) -> str:
    """What `explain` shows of a PII value: first character, stars, length."""
    if not value:
        return ""
    return f"{value[0]}***({len(value)})"


Lookup = Callable[[str], tuple[list[Detection], bool]]


@dataclass
class EventContext:
    """Everything the field handlers need for one event.

    `lookup` gives a text's detections and whether they are final (False: NER is still due).
    On the first pass `known_parts` is None: what the event's tagged fields hold is gathered as
    the walk goes, and `stable()` says afterwards whether the result would be the same with all
    of it known. On a second pass the complete `known_parts` are given.
    """

    policy: Policy
    tokens: Tokenizer
    cipher: VaultCipher
    lookup: Lookup
    event_id: str
    subject: str
    # who counts towards k for the event's free text: None when the event names no subject
    # (its id stands in as `subject` for the vault; it counts as no one, see TextGate.decide)
    text_subject: str | None = None
    params_spec: FieldSpec = SCAN  # how webhook body parameters are handled
    body_drop_reason: str | None = None  # set when bodies must not be kept at all
    explain: bool = False  # record a Finding per field (for `explain`; costs time)
    texts: TextGate | None = None  # the free-text release rule (None: redacted text as is)
    text_decisions: list[TextDecision] = field(default_factory=list)
    known_parts: frozenset[tuple[str, str]] | None = None
    key_rules: KeyRules = field(default_factory=lambda: KeyRules(None))
    # PII values of this event's tagged fields (entity, value): looked for in its free text.
    known: set[tuple[str, str]] = field(default_factory=set)
    scanned: list[tuple[str, list[Detection], frozenset[tuple[str, str]]]] = field(
        default_factory=list
    )
    needs_ner: bool = False
    vault: list[VaultEntry] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    fields_seen: int = 0
    # The record's work budget, shared by its passes (the processor makes one per record).
    budget: WorkBudget = field(default_factory=lambda: WorkBudget(2**62))
    # the propagation case guard (propagate.ordinary_words of the detector's lexicon): a
    # lower-case "rose" is no occurrence of a found "Rose Bond"; None: every case propagates
    ordinary: Ordinary = None
    _parts: frozenset[tuple[str, str]] = frozenset()
    # the parts of values kept from tagged fields, not found in the event's texts: the case
    # guard trusts them ("rose" is the caller "Rose Bond" in her own event's free text)
    _tagged: frozenset[tuple[str, str]] = frozenset()
    _found: set[tuple[str, str]] = field(default_factory=set)

    def count_field(self) -> None:
        """Bound the work one record can cause."""
        self.fields_seen += 1
        if self.fields_seen > self.policy.limits.max_fields:
            raise LimitError(f"more than {self.policy.limits.max_fields} fields")

    def scan(self, text: str) -> list[Detection]:
        """Detections for `text`, plus other occurrences of what the event is known to hold.

        Disguises (entities, percent-encoding, format characters, compatibility forms,
        confusables, `at`/`dot`, spelled-out digits) are undone first; the detections come back
        as spans of `text` itself.
        """
        # Detectors are linear: a scan costs its length (the cache of texts seen in the batch saves
        # time, not budget, so the outcome does not depend on the batch).
        self.budget.spend(len(text), "scan")
        view = decoded_view(text)
        seen = text if view is None else view.text
        dets, final = self.lookup(seen)
        if not final:
            self.needs_ner = True
        parts = self._parts if self.known_parts is None else self.known_parts
        self.scanned.append((seen, dets, parts))
        found = propagate(seen, dets, parts, self.budget, self.ordinary, self._tagged)
        if view is not None:
            found = view.original(found)
        if found and self.ordinary is not None:
            self._found.update((d.entity_type, text[d.start : d.end]) for d in found)
        if text.isascii():  # (what script_runs looks at first) most texts: no call
            return found
        scripts = self.policy.scripts
        runs = script_runs(text, scripts.unsupported)
        if runs and scripts.action == "withhold":
            runs = [Detection(0, len(text), runs[0].entity_type, 1.0, "scripts:withheld")]
        return found + runs if runs else found

    def complete_parts(self) -> frozenset[tuple[str, str]]:
        """Known parts of the whole event: tagged values and every name found in its texts."""
        names = {
            ("PERSON", text[d.start : d.end])
            for text, dets, _ in self.scanned
            for d in dets
            if d.entity_type == "PERSON"
        }
        return self._parts | known_parts(names)

    def stable(self, parts: frozenset[tuple[str, str]]) -> bool:
        """Whether every scanned text would come out the same with the complete parts."""
        missing: dict[int, frozenset[tuple[str, str]]] = {}
        for text, dets, used in self.scanned:
            new = missing.get(id(used))
            if new is None:
                new = missing[id(used)] = parts - used
            if new and new_occurrence(text, dets, new, self.budget, self.ordinary, self._tagged):
                return False
        return True

    def release_text(self, path: str, redacted: str) -> TextDecision:
        """Whether a redacted free text is written, withheld or dropped; counted if final."""
        if self.texts is None:
            return TextDecision("redacted", redacted)
        decision = self.texts.decide(path, redacted, self.text_subject)
        self.text_decisions.append(decision)
        return decision

    def keep(self, entity_type: str, path: str, value: str, subject: str | None = None) -> None:
        """Put `value` in the vault under `subject` (default: the event's subject)."""
        if not value:
            return
        if (entity_type, value) not in self.known:
            self.known.add((entity_type, value))
            parts = known_parts([(entity_type, value)])
            self._parts = self._parts | parts
            if self.ordinary is not None and (entity_type, value) not in self._found:
                self._tagged = self._tagged | parts
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
        source: str = "",
    ) -> None:
        """Record a decision for `explain`; `source` must already be masked if it is PII."""
        if not self.explain:
            return
        self.findings.append(
            Finding(path, classification, entities, recognizer, score, action, result, source)
        )
