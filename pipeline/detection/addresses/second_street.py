"""A second street word after a street: in the street's case, or prose.

lines.py grows a street over a second street word ("willow bend pkwy", "Orchard Rd, Harbor
Place"); after a street written with capitals, a lower-case word and a type written out are the
sentence going on ("82 Orchard Lane roomy flat", "big park"), an abbreviated type is still the
street's ("12 S St thomas av").
"""

from __future__ import annotations

import re

_UPPER = re.compile(r"[A-Z]")
_WRITTEN_OUT = re.compile(r"(?=\w*[aeiou])\w{4,}")  # a word, no abbreviation ("av", "blvd")


def prose_after(text: str, start: int, end: int, second: str) -> bool:
    """Whether `second`, a second street word after the street text[start:end], is prose."""
    if _UPPER.search(second):
        return False
    word = second.split()[-1]
    return _UPPER.search(text, start, end) is not None and _WRITTEN_OUT.fullmatch(word) is not None
