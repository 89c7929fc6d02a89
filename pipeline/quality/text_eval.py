"""Detection on real-world text: labelled sentences placed in free-text fields, run through the engine.

Each sentence is put, as `redact` would receive it, in `properties.message` of an analytics
event and in the `<Speak>` body of a notification log's XML response. The sanitized text is
aligned with the original to see which characters stayed in clear, then:
- a mention *survives* when one of its words (two or more letters or digits, not a function
  word) is still in clear (at least 60% of its letters and digits kept);
- over-redaction is the share of words outside every mention of which any letter or digit was
  replaced.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from xml.sax.saxutils import escape

from pipeline.engine import Engine
from pipeline.outcome import Sanitized, StreamName
from pipeline.quality.alignment import kept_mask, word_survives, word_touched
from pipeline.quality.labelled_text import Mention, Sentence
from pipeline.textrelease import is_withheld_text

Placement = Literal["message", "speak"]
PLACEMENTS: tuple[Placement, ...] = ("message", "speak")
_STREAM: dict[Placement, StreamName] = {"message": "analytics_events", "speak": "notification_logs"}
_SPEAK = re.compile(r"<Speak[^>]*>(.*?)</Speak>", re.DOTALL)
_WORD = re.compile(r"\S+")
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "a",
        "an",
        "in",
        "on",
        "at",
        "to",
        "for",
        "de",
        "la",
        "le",
        "el",
        "del",
        "da",
        "di",
        "van",
        "von",
        "der",
        "du",
        "des",
        "'s",
    ]
)
_PERSON_TYPES = frozenset({"person", "PERSON"})


def _event(placement: Placement, number: int, text: str) -> dict[str, Any]:
    event_id = f"text-eval-{number}"
    if placement == "message":
        return {
            "event_id": event_id,
            "timestamp": "2025-01-01T00:00:00Z",
            "event_type": "feedback",
            "properties": {"message": text},
        }
    return {
        "event_id": event_id,
        "timestamp": "2025-01-01T00:00:00Z",
        "response": {
            "status": 200,
            "headers": {"Content-Type": "application/xml"},
            "body": f"<Response><Speak>{escape(text)}</Speak></Response>",
        },
    }


def _released_text(placement: Placement, record: dict[str, Any]) -> str | None:
    """The sanitized text of the sentence, or None when the record carries none."""
    if placement == "message":
        value = (record.get("properties") or {}).get("message")
        return value if isinstance(value, str) else None
    body = (record.get("response") or {}).get("body")
    if not isinstance(body, str):
        return None
    found = _SPEAK.search(body)
    if not found:
        return None
    text = html.unescape(found.group(1))
    return None if is_withheld_text(text) else text  # a withheld text carries no text to score


def shape(sentence: Sentence, mention: Mention) -> str:
    """How a person mention is written: lower, caps, single (one word) or full."""
    value = sentence.text[mention.start : mention.end]
    letters = [c for c in value if c.isalpha()]
    if letters and all(c.islower() for c in letters):
        return "lower"
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return "caps"
    return "single" if len(_significant(sentence.text, mention)) == 1 else "full"


def _significant(text: str, mention: Mention) -> list[tuple[int, int]]:
    words = [
        (mention.start + m.start(), mention.start + m.end())
        for m in _WORD.finditer(text[mention.start : mention.end])
    ]
    strong = [
        (s, e)
        for s, e in words
        if sum(c.isalnum() for c in text[s:e]) >= 2
        and text[s:e].lower().strip(".,:;!?") not in _FUNCTION_WORDS
    ]
    return strong or words


@dataclass
class Miss:
    """A surviving mention or an over-redacted word, for `--misses` (development only)."""

    placement: str
    kind: str
    entity: str
    value: str
    sentence: str
    redacted: str


@dataclass
class TextReport:
    """Counts per (placement, kind, entity); words outside mentions and how many were replaced."""

    sentences: int = 0
    missing_text: int = 0
    mentions: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    survived: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    words: Counter[tuple[str, str]] = field(default_factory=Counter)
    replaced: Counter[tuple[str, str]] = field(default_factory=Counter)
    # the same, for lower-case words and numbers only (no label needed to call these wrong)
    lower_words: Counter[tuple[str, str]] = field(default_factory=Counter)
    lower_replaced: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)

    def survival(self, placement: str, kind: str, entity: str) -> float:
        """Share of mentions of which a word survived."""
        n = self.mentions[placement, kind, entity]
        return self.survived[placement, kind, entity] / n if n else 0.0

    def over_redaction(self, placement: str, kind: str) -> float:
        """Share of words outside every mention that were (partly) replaced."""
        n = self.words[placement, kind]
        return self.replaced[placement, kind] / n if n else 0.0

    def lower_over_redaction(self, placement: str, kind: str) -> float:
        """Share of lower-case words and numbers outside every mention that were replaced."""
        n = self.lower_words[placement, kind]
        return self.lower_replaced[placement, kind] / n if n else 0.0

    def to_json(self) -> dict[str, Any]:
        """All figures, machine-readable (no text)."""
        groups: dict[str, Any] = {}
        for placement, kind in sorted(self.words):
            entities = sorted(e for p, k, e in self.mentions if (p, k) == (placement, kind))
            groups[f"{placement}/{kind}"] = {
                "words_outside": self.words[placement, kind],
                "words_replaced": self.replaced[placement, kind],
                "over_redaction": round(self.over_redaction(placement, kind), 4),
                "lower_words_outside": self.lower_words[placement, kind],
                "lower_words_replaced": self.lower_replaced[placement, kind],
                "lower_over_redaction": round(self.lower_over_redaction(placement, kind), 4),
                "entities": {
                    e: {
                        "mentions": self.mentions[placement, kind, e],
                        "survived": self.survived[placement, kind, e],
                        "survival": round(self.survival(placement, kind, e), 4),
                    }
                    for e in entities
                },
            }
        return {
            "sentences": self.sentences,
            "missing_text": self.missing_text,
            "groups": groups,
        }


def evaluate_text(
    engine: Engine,
    sentences: Sequence[Sentence],
    placements: Iterable[Placement] = PLACEMENTS,
    batch_size: int = 256,
    keep_misses: bool = False,
) -> TextReport:
    """Run every sentence through the engine in each placement and score what stayed in clear."""
    report = TextReport(sentences=len(sentences))
    for placement in placements:
        stream = _STREAM[placement]
        for start in range(0, len(sentences), batch_size):
            chunk = sentences[start : start + batch_size]
            raws = [
                json.dumps(_event(placement, start + i, s.text)).encode()
                for i, s in enumerate(chunk)
            ]
            for sentence, outcome in zip(chunk, engine.process(stream, raws), strict=True):
                redacted = (
                    _released_text(placement, outcome.record)
                    if isinstance(outcome, Sanitized)
                    else None
                )
                if redacted is None:
                    report.missing_text += 1
                    redacted = ""
                _score(report, placement, sentence, redacted, keep_misses)
    return report


def _score(
    report: TextReport, placement: str, sentence: Sentence, redacted: str, keep_misses: bool
) -> None:
    text = sentence.text
    mask = kept_mask(text, redacted)
    kind = sentence.kind
    for mention in sentence.mentions:
        entities = [mention.entity]
        if mention.entity in _PERSON_TYPES:
            entities.append(f"{mention.entity}:{shape(sentence, mention)}")
        leaked = any(word_survives(text, mask, s, e) for s, e in _significant(text, mention))
        for entity in entities:
            report.mentions[placement, kind, entity] += 1
            report.survived[placement, kind, entity] += leaked
        if leaked and keep_misses:
            value = text[mention.start : mention.end]
            report.misses.append(Miss(placement, kind, mention.entity, value, text, redacted))
    for s, e in sentence.outside_words():
        if not any(c.isalnum() for c in text[s:e]):
            continue
        report.words[placement, kind] += 1
        lower = not any(c.isupper() for c in text[s:e])
        report.lower_words[placement, kind] += lower
        if word_touched(text, mask, s, e):
            report.replaced[placement, kind] += 1
            report.lower_replaced[placement, kind] += lower
            if keep_misses:
                report.misses.append(
                    Miss(placement, kind, "over-redacted", text[s:e], text, redacted)
                )


def render_text(report: TextReport) -> Any:
    """A rich table: survival per entity and over-redaction, per placement and kind of text."""
    from rich.table import Table

    table = Table(
        title=f"Detection on {report.sentences} labelled sentences "
        f"(survived = a word of the mention still in clear)"
    )
    for column in ("field / text", "entity", "mentions", "survived", "survival"):
        table.add_column(
            column, justify="left" if column in ("field / text", "entity") else "right"
        )
    for placement, kind in sorted(report.words):
        group = f"{placement} / {kind}"
        entities = sorted(e for p, k, e in report.mentions if (p, k) == (placement, kind))
        for entity in entities:
            key = (placement, kind, entity)
            table.add_row(
                group,
                entity,
                str(report.mentions[key]),
                str(report.survived[key]),
                f"{report.survival(*key):.1%}",
            )
            group = ""
        table.add_row(
            "",
            "[b]over-redaction[/b] (words outside entities replaced)",
            str(report.words[placement, kind]),
            str(report.replaced[placement, kind]),
            f"{report.over_redaction(placement, kind):.1%}",
        )
        table.add_row(
            "",
            "— lower-case words and numbers",
            str(report.lower_words[placement, kind]),
            str(report.lower_replaced[placement, kind]),
            f"{report.lower_over_redaction(placement, kind):.1%}",
            end_section=True,
        )
    return table
