"""What the k-anonymous text release costs: texts released per stream, and templated `<Speak>`.

The `<Speak>` figure answers "is a templated prompt released once its template is common?": each
`<Speak>` text of the corpus is matched to the sentence template it was generated from; once
that template has been seen from k distinct subjects (in input order, this event included),
the text should be released. What is not is a text the detectors redact inconsistently.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any
from xml.etree import ElementTree as ET

from pipeline.outcome import Sanitized
from pipeline.textrelease import ReleaseStats, is_withheld_text

_SLOT = re.compile(r"\\\{[a-z0-9]+\\\}")


@dataclass(frozen=True)
class SpeakFigures:
    """Templated `<Speak>` texts: seen, whose template was common, and of those released."""

    texts: int
    common: int
    released: int

    @property
    def share(self) -> float | None:
        """Released over common (None when no template became common)."""
        return self.released / self.common if self.common else None

    def to_json(self) -> dict[str, Any]:
        """Machine-readable figures."""
        return {"texts": self.texts, "common": self.common, "released": self.released}


@cache
def _templates() -> tuple[re.Pattern[str], ...]:
    from pipeline.corpus.speak_templates import BENIGN_SPEAK, PII_SPEAK

    return tuple(
        re.compile(_SLOT.sub("(.+?)", re.escape(t)), re.DOTALL) for t in (*PII_SPEAK, *BENIGN_SPEAK)
    )


def _source_template(text: str) -> int | None:
    for i, pattern in enumerate(_templates()):
        if pattern.fullmatch(text.strip()):
            return i
    return None


def _speak_texts(xml: Any) -> list[str] | None:
    if not isinstance(xml, str) or not xml.lstrip().startswith("<"):
        return None
    try:
        root = ET.fromstring(xml)  # noqa: S314 - the corpus's own documents
    except ET.ParseError:
        return None
    return [el.text or "" for el in root.iter("Speak")]


def speak_figures(k: int, pairs: Sequence[tuple[dict[str, Any], Any]]) -> SpeakFigures:
    """Score (raw notification event, outcome) pairs, in the order they were processed."""
    subjects: dict[int, set[str]] = defaultdict(set)
    texts = common = released = 0
    for raw, outcome in pairs:
        if not isinstance(outcome, Sanitized):
            continue
        response = raw.get("response")
        before = _speak_texts(response.get("body") if isinstance(response, dict) else None)
        after_response = outcome.record.get("response")
        after = _speak_texts(
            after_response.get("body") if isinstance(after_response, dict) else None
        )
        if not before or after is None or len(after) != len(before):
            continue
        for raw_text, out_text in zip(before, after, strict=True):
            template = _source_template(raw_text)
            if template is None:
                continue
            texts += 1
            seen = subjects[template]
            seen.add(outcome.subject or outcome.event_id)
            if len(seen) >= k:
                common += 1
                released += not is_withheld_text(out_text)
    return SpeakFigures(texts, common, released)


def release_json(stats: ReleaseStats) -> dict[str, Any]:
    """Texts per stream and verdict, with the released share."""
    out: dict[str, Any] = {}
    for stream in stats.streams():
        verdicts = {v: n for (s, v), n in stats.counts.items() if s == stream}
        share = stats.released_share(stream)
        out[stream] = {**verdicts, "released_share": None if share is None else round(share, 4)}
    return out


def render_release(stats: ReleaseStats, k: int, speak: SpeakFigures | None) -> Any:
    """A rich table: texts released / total per stream."""
    from rich.table import Table

    table = Table(title=f"Free text released under k = {k} (texts, in input order)")
    for column in ("stream", "released", "withheld", "redacted", "dropped", "released share"):
        table.add_column(column, justify="left" if column == "stream" else "right")
    for stream in stats.streams():
        share = stats.released_share(stream)
        table.add_row(
            stream,
            *(
                str(stats.counts[(stream, v)])
                for v in ("released", "withheld", "redacted", "dropped")
            ),
            "—" if share is None else f"{share:.1%}",
        )
    if speak is not None and speak.share is not None:
        table.caption = (
            f"templated <Speak> texts: {speak.released} of {speak.common} released once their "
            f"template was common ({speak.share:.1%}); {speak.texts} templated texts in all"
        )
    return table
