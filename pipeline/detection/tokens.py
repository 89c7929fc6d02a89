"""A small word tokenizer for the rule-based detectors.

The lexicon and cue rules need words, offsets and the whitespace after each word, nothing
more. spaCy's tokenizer gives that too, but it adds every unseen string (each name, each id)
to the shared vocabulary, which grows for as long as a worker runs; this one keeps no state.
Splits follow spaCy where the rules depend on them: hyphens and the possessive "'s" are
tokens of their own, "O'Brien" stays whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"(?i:mr|mrs|ms|dr|prof|mx|sr|sra|st|jr)\.(?=\s)"  # titles keep their period, as in spaCy
    r"|[A-Z]\.(?=\s)"  # initials
    r"|[^\W\d_]+(?:['’](?![sS]\b)[^\W\d_]+)*"  # words, with inner apostrophes
    r"|['’][sS]\b"  # possessive
    r"|\d+(?:[.,]\d+)*"
    r"|\S"
)


@dataclass(frozen=True, slots=True)
class Tok:
    """One token: text, character offset, index, and the whitespace that follows it."""

    text: str
    idx: int
    i: int
    whitespace_: str

    @property
    def lower_(self) -> str:
        """Lower-cased text."""
        return self.text.lower()

    @property
    def is_lower(self) -> bool:
        """Whether the text has cased letters, all lower case."""
        return self.text.islower()

    @property
    def is_space(self) -> bool:
        """Never: whitespace is not tokenized."""
        return False


def tokenize(text: str) -> list[Tok]:
    """Tokens of `text`."""
    matches = list(_TOKEN.finditer(text))
    out: list[Tok] = []
    for i, m in enumerate(matches):
        nxt = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        out.append(Tok(m.group(0), m.start(), i, text[m.end() : nxt]))
    return out
