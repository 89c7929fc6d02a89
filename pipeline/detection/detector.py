"""Free-text detection: Presidio recognizers, our phone/address/name finders, and spaCy NER.

Cheap detectors run on every text; spaCy NER (batched with `nlp.pipe`) runs only on texts
that still hold a capitalised word nothing explains. A capitalised word that is neither
English nor explained even after NER is flagged as a name (fails closed), when configured.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from pipeline.config.policy import DetectionPolicy
from pipeline.detection.addresses import lines as address_lines
from pipeline.detection.addresses.house_numbers import numbered_names
from pipeline.detection.addresses.places import find_places
from pipeline.detection.addresses.streets import find_addresses
from pipeline.detection.names.context import refine_names
from pipeline.detection.names.finder import find_names, unexplained_capitals
from pipeline.detection.names.handles import find_user_names
from pipeline.detection.names.hyphens import HyphenRuns
from pipeline.detection.names.lexicon import NameLexicon, fold
from pipeline.detection.names.lineups import lineup_names
from pipeline.detection.names.ner_spans import trim_ner_span
from pipeline.detection.names.org_surnames import ORG_LABELS, EntityFrames
from pipeline.detection.numbers.iban import find_ibans
from pipeline.detection.numbers.phones import find_phones
from pipeline.detection.presidio.gates import MIN_DIGITS, Gate, gate, mentions_any
from pipeline.detection.presidio.linear import RecognizerFailed
from pipeline.detection.presidio.nlp import PackagedSpacyNlpEngine
from pipeline.detection.spans import Coverage, Detection
from pipeline.detection.words import Tok, tokenize

log = logging.getLogger(__name__)
_DIGITS = re.compile(r"\d")
# Our own placeholders (`<PERSON>`, `<PHONE_NUMBER:GB>`, `<ID>`) are never PII themselves;
# ignoring them keeps redaction idempotent.
_PLACEHOLDER = re.compile(r"<[A-Z][A-Z_]*(?::[A-Za-z_]+)?>")
_IBAN_HINT_ANY_CASE = re.compile(r"[A-Za-z]{2}[ -]?\d{2}")
_WORD_AT = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_CAPITAL = re.compile(r"[A-Z]")
# ignoring case costs 5x a plain search: ASCII text is lower-cased and searched plainly
_USER_LABELS = r"user ?name|login|user ?id|gamertag|handle"
_USER_LABEL = re.compile(_USER_LABELS)
_USER_LABEL_ANY_CASE = re.compile(_USER_LABELS, re.IGNORECASE)
_CONTEXT_WINDOW = 6
# First looks kept across batches (URL segments, header values, prompts recur in every batch):
# texts up to this many characters, this many of them (the cache is emptied when full).
LOOK_CACHE_CHARS = 1024
LOOK_CACHE_SIZE = 16_384
_CONTEXT_BOOST = 0.35
_CONTEXT_MIN = 0.4


def _digits(text: str) -> int:
    return len(_DIGITS.findall(text))


@dataclass(frozen=True)
class FirstLook:
    """The cheap detectors' view of one text."""

    raw: list[Detection]  # before thresholds
    pending: tuple[int, ...]  # offsets of capitalised words left for NER
    detections: list[Detection]  # final, when nothing is pending


@dataclass
class DetectorStats:
    """Counts for metrics and the benchmark: how much work each stage did."""

    texts: int = 0
    ner_texts: int = 0
    unknown_proper_nouns: int = 0
    by_recognizer: dict[str, int] = field(default_factory=dict)
    # texts withheld because a recognizer timed out or failed on them, by recognizer
    failures: dict[str, int] = field(default_factory=dict)


# The entity of a text no recognizer could finish: the whole text is withheld (fails closed).
UNSCANNED = "UNSCANNED"


def _gates_by_digits(gates: Sequence[Gate]) -> tuple[tuple[tuple[Gate, bool], ...], ...]:
    """For each count of digits (the last entry: that many or more), the gates that may open,
    in their order, each with whether it opens only by one of its conditions: a gate its count
    keeps shut and that has no condition is not looked at (most gates, on most texts)."""
    # a gate's count is 0, one of MIN_DIGITS or none at all (sys.maxsize)
    return tuple(
        tuple((g, digits < g.min_digits) for g in gates if digits >= g.min_digits or g.conditions)
        for digits in range(max(MIN_DIGITS.values()) + 1)
    )


def _has_user_label(text: str) -> bool:
    if text.isascii():  # where ignoring case is lower-casing
        return _USER_LABEL.search(text.lower()) is not None
    return _USER_LABEL_ANY_CASE.search(text) is not None


def _before_placeholder(placeholders: list[tuple[int, int]], start: int, end: int) -> int:
    """Where an NER span ends once cut before our own placeholders (`<PHONE_NUMBER>`: NER
    reads them), found by bisection in the sorted, disjoint `placeholders`; `start` when it
    starts inside one."""
    k = bisect_right(placeholders, (start, 2**62)) - 1
    if k >= 0 and start < placeholders[k][1]:
        return start
    if k + 1 < len(placeholders) and placeholders[k + 1][0] < end:
        return placeholders[k + 1][0]
    return end


def _placeholders(text: str) -> Coverage | None:
    if "<" not in text:
        return None
    return Coverage(m.span() for m in _PLACEHOLDER.finditer(text))


class FreeTextDetector:
    """Finds PII spans in free text, in batches."""

    def __init__(
        self,
        nlp_engine: PackagedSpacyNlpEngine,
        recognizers: Sequence[EntityRecognizer],
        lexicon: NameLexicon,
        settings: DetectionPolicy,
    ) -> None:
        self._engine = nlp_engine
        self._recognizers = list(recognizers)
        # a recognizer runs only when its gate opens (gates.py): digits, cheap conditions,
        # context words, one search for all its patterns
        required = frozenset(settings.context_required)
        self._gates = [gate(r, required, settings.regex_timeout_s) for r in self._recognizers]
        self._open_by_digits = _gates_by_digits(self._gates)
        self._lexicon = lexicon
        self._settings = settings
        self._context_required = required
        self._safe = frozenset(fold(w) for w in settings.safe_words)
        self._spacy = SpacyRecognizer(supported_language="en")
        self._batch = nlp_engine.settings.batch_size
        self.stats = DetectorStats()
        self._looks: dict[str, FirstLook] = {}

    @property
    def nlp_engine(self) -> PackagedSpacyNlpEngine:
        """The loaded spaCy engine (a reload with the same models/nlp.yaml keeps it)."""
        return self._engine

    @property
    def lexicon(self) -> NameLexicon:
        """The name lexicon (also used to judge object keys and URL slugs)."""
        return self._lexicon

    @property
    def entities(self) -> frozenset[str]:
        """Entity types this detector can report."""
        ents = {e for r in self._recognizers for e in r.supported_entities}
        return frozenset(
            ents | {"PERSON", "LOCATION", "PHONE_NUMBER", "STREET_ADDRESS", "IBAN_CODE", "USERNAME"}
        )

    def detect(self, text: str) -> list[Detection]:
        """Detections in one text (use `detect_many` for throughput)."""
        return self.detect_many([text])[0]

    def detect_many(self, texts: Sequence[str]) -> list[list[Detection]]:
        """Detections for each text, above the configured per-entity thresholds."""
        looks = {text: self.first_look(text) for text in dict.fromkeys(texts)}
        pending = {text: look for text, look in looks.items() if look.pending}
        completed = self.complete(pending)
        return [completed.get(t) or looks[t].detections for t in texts]

    def first_look(self, text: str) -> FirstLook:
        """Everything but NER; `pending` lists capitalised words only NER can judge.

        The cheap detectors depend on the text alone, so a look is kept and reused (not when a
        recognizer failed: that text is tried again, and counted again, next time).
        """
        look = self._looks.get(text)
        if look is not None:
            return look
        doc = tokenize(text)
        try:
            raw = self._cheap(text, doc)
        except RecognizerFailed as exc:
            return self._withheld(text, str(exc.args[0]) if exc.args else "unknown")
        look = self._look(text, doc, raw)
        if len(text) <= LOOK_CACHE_CHARS:
            if len(self._looks) >= LOOK_CACHE_SIZE:
                self._looks.clear()
            self._looks[text] = look
        return look

    def _look(self, text: str, doc: list[Tok], raw: list[Detection]) -> FirstLook:
        covered = [(d.start, d.end) for d in raw]
        unexplained = unexplained_capitals(doc, covered, self._lexicon, self._safe)
        self.stats.texts += 1
        pending = tuple(t.idx for t in unexplained)
        return FirstLook(raw, pending, [] if pending else self._finish(text, raw))

    def complete(self, looks: Mapping[str, FirstLook]) -> dict[str, list[Detection]]:
        """Final detections for texts whose first look left words for NER (one batched run)."""
        if not looks:
            return {}
        found = {text: list(look.raw) for text, look in looks.items()}
        self._ner({text: list(look.pending) for text, look in looks.items()}, found)
        return {text: self._finish(text, dets) for text, dets in found.items()}

    def _withheld(self, text: str, recognizer: str) -> FirstLook:
        """A text a recognizer could not finish: one detection over all of it (fails closed)."""
        failures = self.stats.failures
        failures[recognizer] = failures.get(recognizer, 0) + 1
        whole = [Detection(0, len(text), UNSCANNED, 1.0, f"failed:{recognizer}")]
        return FirstLook(whole, (), whole)

    def _finish(self, text: str, dets: list[Detection]) -> list[Detection]:
        threshold = self._settings.threshold
        if self._settings.names.lexicon != "none":
            dets = refine_names(text, lineup_names(text, dets, self._lexicon), self._lexicon)
        if self._settings.addresses and _DIGITS.search(text):  # "134 Grey Fox": after NER
            dets = [*dets, *address_lines.extend(text, numbered_names(text, dets))]
        placeholders = _placeholders(text)
        runs = HyphenRuns(text)
        kept = [
            runs.extend(d)
            for d in dets
            if d.score >= threshold(d.entity_type)
            and not (placeholders is not None and placeholders.covers(d.start, d.end))
        ]
        counts = self.stats.by_recognizer
        for d in kept:
            name = d.recognizer.split(":")[0]
            counts[name] = counts.get(name, 0) + 1
        return kept

    def _cheap(self, text: str, doc: list[Tok]) -> list[Detection]:
        dets: list[Detection] = []
        digits = _digits(text)
        low: str | None = None
        plan = self._open_by_digits
        # the gate, in the loop: it runs for every recognizer and text
        for g, by_condition in plan[min(digits, len(plan) - 1)]:
            if by_condition:
                # a plain loop: a generator for `any` cost more than most of the conditions
                for condition in g.conditions:
                    if condition(text, digits):
                        break
                else:
                    continue
            if g.shape is not None and g.shape.search(text) is None:
                continue
            if g.context is not None:
                low = text.lower() if low is None else low
                if not mentions_any(low, g.context):
                    continue
            if g.patterns is not None and not g.patterns.may_match(text):
                continue
            recognizer, name = g.recognizer, g.name
            try:
                results: list[RecognizerResult] = (
                    g.analysis.analyze(text)
                    if g.analysis is not None
                    else recognizer.analyze(text, g.entities, None)  # type: ignore[arg-type]
                )
            except RecognizerFailed:
                raise RecognizerFailed(name) from None
            except Exception as exc:  # a recognizer that errors fails the text closed too
                log.warning("recognizer %s failed: %s", name, type(exc).__name__)
                raise RecognizerFailed(name) from None
            for r in results:
                score, context = self._with_context(text, r, recognizer)
                if r.entity_type in self._context_required and not context:
                    continue
                dets.append(Detection(r.start, r.end, r.entity_type, score, name))
        dets.extend(find_phones(text, self._settings.phone_regions))
        if _IBAN_HINT_ANY_CASE.search(text):
            dets.extend(find_ibans(text))
        if _has_user_label(text):
            dets.extend(find_user_names(text))
        if self._settings.addresses:
            dets.extend(find_addresses(text))
        if _CAPITAL.search(text):
            dets.extend(find_places(text))
        if self._settings.names.lexicon != "none":
            dets.extend(find_names(doc, self._lexicon, self._safe))
        return dets

    def _with_context(
        self, text: str, result: RecognizerResult, rec: EntityRecognizer
    ) -> tuple[float, bool]:
        """Presidio's context rule, cheaply: a context word shortly before raises the score.

        Returns the score and whether a context word was seen.
        """
        context = getattr(rec, "context", None)
        score = float(result.score)
        if not context:
            return score, False
        before = text[: result.start].lower().split()[-_CONTEXT_WINDOW:]
        seen = any(w.strip(".,:;()#").startswith(c.lower()) for w in before for c in context)
        if seen and score < self._settings.threshold(result.entity_type):
            return float(max(score + _CONTEXT_BOOST, _CONTEXT_MIN)), True
        return score, seen

    def _ner(self, pending: dict[str, list[int]], found: dict[str, list[Detection]]) -> None:
        texts = list(pending)
        self.stats.ner_texts += len(texts)
        flag_unknown = self._settings.names.flag_unknown_proper_nouns
        self._engine.refresh_if_grown(self._engine.settings.vocab_growth_limit)
        batches: Any = self._engine.process_batch(texts, "en", batch_size=self._batch)
        for text, artifacts in batches:
            dets = found[text]
            placeholders = (
                [(m.start(), m.end()) for m in _PLACEHOLDER.finditer(text)] if "<" in text else []
            )
            for r in self._spacy.analyze(text, ["PERSON", "LOCATION"], artifacts):
                end = _before_placeholder(placeholders, r.start, r.end)
                span = (
                    trim_ner_span(text, r.start, end, self._lexicon, r.entity_type)
                    if end > r.start
                    else None
                )
                if span is not None:
                    dets.append(Detection(*span, r.entity_type, float(r.score), "spacy"))
            # The small model often labels foreign names as ORG, and a surname alone
            # ("Cooke will provide…") as ORG/NORP/PRODUCT: keep those that are a name.
            frames = EntityFrames(text, self._lexicon)
            for ent in artifacts.tokens.ents:
                if ent.label_ in ORG_LABELS and frames.person(
                    ent.label_, ent.start_char, [t.text for t in ent]
                ):
                    dets.append(
                        Detection(ent.start_char, ent.end_char, "PERSON", 0.5, "spacy:org_name")
                    )
            if not flag_unknown:
                continue
            # one lookup a pending word: a text of many names had pending x detections checks
            covered = Coverage((d.start, d.end) for d in dets)
            for start in pending[text]:
                if covered.covers(start, start + 1):
                    continue
                # the word as our tokenizer saw it: spaCy splits "Gonna" into "Gon" + "na"
                word = _WORD_AT.match(text, start)
                if word is None or self._lexicon.is_english(word.group()):
                    continue
                self.stats.unknown_proper_nouns += 1
                dets.append(
                    Detection(start, word.end(), "PERSON", 0.31, "names:unknown_proper_noun")
                )
