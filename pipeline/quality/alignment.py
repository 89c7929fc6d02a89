"""Which characters of an original text are still in clear in its redacted form.

Redaction replaces spans by placeholders (`<PERSON>`, `<PHONE_NUMBER:GB>`) and keeps the rest
verbatim, so the redacted text is literal pieces of the original between placeholders. The
pieces are located with one anchored regular expression (backtracking finds a consistent
placement); when the text was changed otherwise, a character diff decides instead.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_PLACEHOLDER = re.compile(r"<[A-Z][A-Z_]*(?::[A-Za-z_]+)?>")


def kept_mask(original: str, redacted: str) -> list[bool]:
    """For each character of `original`, whether it appears in clear in `redacted`."""
    if original == redacted:
        return [True] * len(original)
    pieces = _PLACEHOLDER.split(redacted)
    if len(pieces) > 1 and len(original) <= 4000:
        pattern = "(.+?)".join(f"({re.escape(p)})" for p in pieces)
        match = re.fullmatch(pattern, original, re.DOTALL)
        if match is not None:
            mask = [False] * len(original)
            for k in range(len(pieces)):
                group = 1 + 2 * k
                for i in range(match.start(group), match.end(group)):
                    mask[i] = True
            return mask
    mask = [False] * len(original)
    matcher = SequenceMatcher(None, original, redacted, autojunk=False)
    for block in matcher.get_matching_blocks():
        for i in range(block.a, block.a + block.size):
            mask[i] = True
    return mask


def word_survives(text: str, mask: list[bool], start: int, end: int) -> bool:
    """A word is in clear when at least 60% of its letters and digits were kept."""
    alnum = [i for i in range(start, end) if text[i].isalnum()]
    if not alnum:
        return False
    return sum(mask[i] for i in alnum) >= 0.6 * len(alnum)


def word_touched(text: str, mask: list[bool], start: int, end: int) -> bool:
    """Whether any letter or digit of the word was replaced."""
    return any(not mask[i] for i in range(start, end) if text[i].isalnum())
