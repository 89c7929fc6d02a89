"""Street words as people mistype them: "Orchard steet", "Orchard Bouelvard", "Kestrel bkvd".

A typed address line often holds its street word with one slip of the keys: a letter left out
("steet", "avenu"), two neighbours swapped ("avneue"), a letter struck twice ("streeet"). Only the long type words are taken (six letters or more: the short
ones' slips are words, "drive" -> "dive", "court" -> "curt", "lane" -> "line"), and only their
slips that are no English word ("avenue" -> "venue"). An abbreviation with no vowel ("blvd",
"pkwy") stays no word with any one consonant wrong ("bkvd", "pkwt"), so those slips are taken
too. The words are used as a type after a street's name only (patterns.py's number_first and
spoken shapes), never as a name's first word. A unit's vowelless designator with two neighbours
swapped ("pbm" for "pmb", "bldg" as "bdlg") is no word either: units.py takes those.
"""

from __future__ import annotations

from functools import lru_cache

# the type words whose slips are taken
_LONG_TYPES = (
    "street",
    "avenue",
    "boulevard",
    "parkway",
    "highway",
    "terrace",
    "circle",
    "crescent",
    "square",
)
# the slips of those that are English words or read as something else
_WORDS = frozenset({"venue", "quare", "circe"})
# the abbreviations with no vowel
_VOWELLESS = ("blvd", "pkwy")
_CONSONANTS = "bcdfghjklmnpqrstvwxz"
# the unit designators with no vowel, of three letters or more ("spc"'s "psc" is the military's)
_DESIGNATORS = ("pmb", "msc", "bldg", "trlr", "hngr", "flr")


def _swaps(word: str) -> set[str]:
    """The words with two neighbouring letters of `word` swapped."""
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}


def _slips(word: str) -> set[str]:
    """The words one slip away from `word`: a letter left out, neighbours swapped, one doubled."""
    slips = {word[:i] + word[i + 1 :] for i in range(len(word))}
    slips |= _swaps(word)
    slips |= {word[:i] + word[i] + word[i:] for i in range(len(word))}
    return slips


def _consonant_slips(word: str) -> set[str]:
    """The words with one consonant of `word` replaced by another."""
    return {word[:i] + ch + word[i + 1 :] for i in range(len(word)) for ch in _CONSONANTS}


@lru_cache(maxsize=1)
def mistyped_types() -> frozenset[str]:
    """The mistyped street words (lower case), less the slips that are words."""
    slips: set[str] = set()
    for word in _LONG_TYPES:
        slips |= _slips(word)
    for word in _VOWELLESS:
        slips |= _consonant_slips(word)
    return frozenset(slips - _WORDS - set(_LONG_TYPES) - set(_VOWELLESS))


def mistyped_designators() -> tuple[str, ...]:
    """The vowelless unit designators with two neighbours swapped ("pbm", "bdlg"), lower case."""
    swapped = set().union(*map(_swaps, _DESIGNATORS))
    return tuple(sorted(swapped - set(_DESIGNATORS)))
