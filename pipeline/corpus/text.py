"""Text assembled from plain pieces and PII fragments, so every fragment can be labelled."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from pipeline.corpus.forms import Fragment

Piece = str | Fragment

_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Text:
    """A string made of pieces; encodings apply piece by piece so fragments stay findable."""

    pieces: tuple[Piece, ...]

    @classmethod
    def of(cls, *pieces: Piece | Text) -> Text:
        """Concatenate strings, fragments and texts."""
        flat: list[Piece] = []
        for piece in pieces:
            flat.extend(piece.pieces if isinstance(piece, Text) else (piece,))
        return cls(tuple(flat))

    @property
    def string(self) -> str:
        """The rendered string."""
        return "".join(piece if isinstance(piece, str) else piece.text for piece in self.pieces)

    @property
    def fragments(self) -> tuple[Fragment, ...]:
        """The PII fragments, in order."""
        return tuple(piece for piece in self.pieces if isinstance(piece, Fragment))

    def mapped(self, encode: Callable[[str], str]) -> Text:
        """Apply a character-level encoding (URL, XML escaping, lower case) to every piece."""
        return Text(
            tuple(
                encode(piece) if isinstance(piece, str) else piece.mapped(encode)
                for piece in self.pieces
            )
        )


def fill(template: str, slots: Mapping[str, Callable[[], Piece]]) -> Text:
    """Fill `{slot}`s; each slot is produced once, so a repeated slot repeats the same value."""
    made: dict[str, Piece] = {}
    pieces: list[Piece] = []
    position = 0
    for match in _SLOT.finditer(template):
        pieces.append(template[position : match.start()])
        name = match.group(1)
        if name not in made:
            made[name] = slots[name]()
        pieces.append(made[name])
        position = match.end()
    pieces.append(template[position:])
    return Text(tuple(piece for piece in pieces if piece != ""))


def join(separator: str, texts: Iterable[Text | Piece]) -> Text:
    """Join texts with a plain separator."""
    joined: list[Piece | Text] = []
    for index, text in enumerate(texts):
        if index:
            joined.append(separator)
        joined.append(text)
    return Text.of(*joined)
