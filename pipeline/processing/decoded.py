"""A text with its disguises undone, and the way back to the original offsets.

Producers (and people) hide identifiers from pattern matching: HTML entities (`ann&#64;x.org`),
percent-encoding inside JSON bodies, format characters inside numbers (zero-width space, soft
hyphen, word joiner), full-width and compatibility forms, look-alike letters of other scripts
in e-mail addresses, `name at domain dot com`, and numbers spelled out in transcripts. The
detectors run on the decoded view; each finding is mapped back to the span of the original text
it came from, so redaction replaces the disguised original.

Every stage is a cheap pre-filtered pass, linear in the text: most texts skip them all.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from pipeline.detection.spans import Detection
from pipeline.processing.spoken import at_dot_emails, spelled_numbers

Replacement = tuple[int, int, str]  # [start, end) of the current text → new text
Stage = Callable[[str], list[Replacement]]

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
# Cyrillic and Greek letters drawn like Latin ones (the ones NFKC leaves alone).
_CONFUSABLES = str.maketrans(
    "аеорсхуіјѕԁһӏɡαορτνυκχѵАВЕКМНОРСТХУІЈЅΑΒΕΗΙΚΜΝΟΡΤΧΥΖ",
    "aeopcxyijsdhlgaoptvukxvABEKMHOPCTXYIJSABEHIKMNOPTXYZ",
)
_CONFUSABLE_CHARS = frozenset("аеорсхуіјѕԁһӏɡαορτνυκχѵАВЕКМНОРСТХУІЈЅΑΒΕΗΙΚΜΝΟΡΤΧΥΖ")
_TOKEN = re.compile(r"\S+")


def _entities(text: str) -> list[Replacement]:
    if "&" not in text:
        return []
    out = []
    for m in _ENTITY.finditer(text):
        new = html.unescape(m.group(0))
        if new != m.group(0):
            out.append((m.start(), m.end(), new))
    return out


def _percent(text: str) -> list[Replacement]:
    if "%" not in text:
        return []
    return [(m.start(), m.end(), unquote(m.group(0))) for m in _PERCENT.finditer(text)]


def _format_and_compatibility(text: str) -> list[Replacement]:
    """Format characters removed; NFKC per character (full-width digits, narrow spaces…)."""
    if text.isascii():
        return []
    out: list[Replacement] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            continue
        if unicodedata.category(ch) == "Cf":
            out.append((i, i + 1, ""))
            continue
        folded = unicodedata.normalize("NFKC", ch)
        if folded != ch:
            out.append((i, i + 1, folded))
    return out


def _confusables(text: str) -> list[Replacement]:
    """Look-alike letters inside e-mail addresses and words that mix them with Latin letters."""
    if text.isascii() or not _CONFUSABLE_CHARS.intersection(text):
        return []
    out: list[Replacement] = []
    for m in _TOKEN.finditer(text):
        token = m.group(0)
        if not _CONFUSABLE_CHARS.intersection(token):
            continue
        if "@" in token or any("a" <= c.lower() <= "z" for c in token):
            for k, ch in enumerate(token):
                if ch in _CONFUSABLE_CHARS:
                    out.append((m.start() + k, m.start() + k + 1, ch.translate(_CONFUSABLES)))
    return out


STAGES: tuple[Stage, ...] = (
    _entities,
    _percent,
    _format_and_compatibility,
    _confusables,
    at_dot_emails,
    spelled_numbers,
)


@dataclass(frozen=True)
class DecodedView:
    """`text` is what the detectors see; `starts`/`ends` give each of its characters' origin."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original(self, detections: Iterable[Detection]) -> list[Detection]:
        """Detections on the view as spans of the original text."""
        out = []
        for d in detections:
            if d.end <= d.start or d.end > len(self.text):
                continue
            out.append(
                Detection(
                    self.starts[d.start], self.ends[d.end - 1], d.entity_type, d.score, d.recognizer
                )
            )
        return out


def _apply(
    text: str, starts: list[int], ends: list[int], replacements: list[Replacement]
) -> tuple[str, list[int], list[int]]:
    pieces: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    pos = 0
    for a, b, new in replacements:
        if a < pos:  # overlapping replacement: keep the first
            continue
        pieces.append(text[pos:a])
        new_starts.extend(starts[pos:a])
        new_ends.extend(ends[pos:a])
        pieces.append(new)
        new_starts.extend([starts[a]] * len(new))
        new_ends.extend([ends[b - 1]] * len(new))
        pos = b
    pieces.append(text[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return "".join(pieces), new_starts, new_ends


@lru_cache(maxsize=16_384)
def decoded_view(text: str) -> DecodedView | None:
    """The decoded view of `text`, or None when nothing in it is disguised (the usual case)."""
    current = text
    starts: list[int] | None = None
    ends: list[int] | None = None
    for stage in STAGES:
        replacements = stage(current)
        if not replacements:
            continue
        if starts is None or ends is None:
            starts = list(range(len(text)))
            ends = [i + 1 for i in range(len(text))]
        current, starts, ends = _apply(current, starts, ends, replacements)
    if starts is None or ends is None or current == text:
        return None
    return DecodedView(current, tuple(starts), tuple(ends))
