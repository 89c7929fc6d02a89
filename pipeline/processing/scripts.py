"""Text in scripts without capital letters: fail closed where no detector can find names.

Every name path here needs a capital letter, so names in Arabic, Hebrew, CJK, Thai, Devanagari
(and other caseless scripts) are never found. Without a model for a script, its runs are
redacted as `SCRIPT_TEXT` (the value kept in the vault like any finding), or the whole text is
withheld, as the policy says.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.detection.spans import Detection

# Unicode blocks of each caseless script (letters and their marks).
SCRIPT_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    "Arabic": (
        (0x0600, 0x06FF),
        (0x0750, 0x077F),
        (0x08A0, 0x08FF),
        (0xFB50, 0xFDFF),
        (0xFE70, 0xFEFF),
    ),
    "Hebrew": ((0x0590, 0x05FF), (0xFB1D, 0xFB4F)),
    "Han": ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F)),
    "Hiragana": ((0x3040, 0x309F),),
    "Katakana": ((0x30A0, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F)),
    "Hangul": ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF)),
    "Thai": ((0x0E00, 0x0E7F),),
    "Lao": ((0x0E80, 0x0EFF),),
    "Khmer": ((0x1780, 0x17FF),),
    "Myanmar": ((0x1000, 0x109F),),
    "Devanagari": ((0x0900, 0x097F), (0xA8E0, 0xA8FF)),
    "Bengali": ((0x0980, 0x09FF),),
    "Gurmukhi": ((0x0A00, 0x0A7F),),
    "Gujarati": ((0x0A80, 0x0AFF),),
    "Tamil": ((0x0B80, 0x0BFF),),
    "Telugu": ((0x0C00, 0x0C7F),),
    "Kannada": ((0x0C80, 0x0CFF),),
    "Malayalam": ((0x0D00, 0x0D7F),),
    "Sinhala": ((0x0D80, 0x0DFF),),
    "Georgian": ((0x10A0, 0x10FF),),
    "Ethiopic": ((0x1200, 0x139F),),
}
ENTITY = "SCRIPT_TEXT"
# inside a run: spaces, joiners, the middle dots and marks names are written with
_JOINERS = r"\s\u200c\u200d'’·・ー-"


@lru_cache(maxsize=32)
def _run_pattern(scripts: tuple[str, ...]) -> re.Pattern[str] | None:
    ranges = [r for s in scripts for r in SCRIPT_RANGES[s]]
    if not ranges:
        return None
    cls = "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges)
    return re.compile(f"[{cls}]+(?:[{_JOINERS}]+[{cls}]+)*")


def script_runs(text: str, scripts: tuple[str, ...]) -> list[Detection]:
    """Runs of text in `scripts` (words joined by spaces form one run)."""
    if text.isascii():
        return []
    pattern = _run_pattern(scripts)
    if pattern is None:
        return []
    return [
        Detection(m.start(), m.end(), ENTITY, 1.0, "scripts:unsupported")
        for m in pattern.finditer(text)
    ]
