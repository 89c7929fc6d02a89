"""A small word tokenizer for the rule-based detectors.

The lexicon and cue rules need words, offsets and the whitespace after each word, nothing
more. spaCy's tokenizer gives that too, but it adds every unseen string (each name, each id)
to the shared vocabulary, which grows for as long as a worker runs; this one keeps no state.
Splits follow spaCy where the rules depend on them: hyphens and the possessive "'s" are
tokens of their own, "O'Brien" stays whole.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r"(?i:mr|mrs|ms|dr|prof|mx|sr|sra|st|jr)\.(?=\s)"  # titles keep their period, as in spaCy
    r"|[A-Z]\.(?=\s)"  # initials
    r"|[^\W\d_]+(?:['’](?![sS]\b)[^\W\d_]+)*"  # words, with inner apostrophes
    r"|['’][sS]\b"  # possessive
    r"|\d+(?:[.,]\d+)*"
    r"|\S"
)
# where a camelCase key's words meet: `homeTel`, `createdTs`, `HTTPStatus`
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def part_camel(key: str) -> str:
    """`key` with its camelCase words parted by `_` (`homeTel` -> `home_Tel`)."""
    return _CAMEL.sub("_", key)


class Tok:
    """One token: text, character offset, index, and the whitespace that follows it."""

    __slots__ = ("i", "idx", "text", "whitespace_")

    def __init__(self, text: str, idx: int, i: int, whitespace_: str) -> None:
        self.text = text
        self.idx = idx
        self.i = i
        self.whitespace_ = whitespace_

    def __repr__(self) -> str:
        return f"Tok({self.text!r}@{self.idx})"

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
    spans = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    out: list[Tok] = []
    last = len(spans) - 1
    for i, (word, start, end) in enumerate(spans):
        nxt = spans[i + 1][1] if i < last else len(text)
        out.append(Tok(word, start, i, text[end:nxt] if nxt > end else ""))
    return out
