"""Text in scripts without capital letters: fail closed where no detector can find names.

Every name path here needs a capital letter, so names in Arabic, Hebrew, CJK, Thai, Devanagari
(and other caseless scripts) are never found. Without a model for a script, its runs are
redacted as `SCRIPT_TEXT` (the value kept in the vault like any finding), or the whole text is
withheld, as the policy says.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.config.scripts import SCRIPT_RANGES
from pipeline.detection.spans import Detection

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
