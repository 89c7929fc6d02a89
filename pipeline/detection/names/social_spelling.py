"""Spellings of social text that no dictionary holds and that name no one.

WordNet knows "shh", "haha" and "chilling", not "Shhhhhhh", "Mwahaha" or "CHILLIN"; a
capitalised word that is in no dictionary is taken for an unknown name. Three shapes of word
are social spellings of English instead:

- stretched: a letter three or more times in a row ("Wheeee", "WAHHH", "Blerghhhhh"), when
  the word squeezed back is no known name ("JUSTINNNN" stays a name);
- laughter: "Hahaha", "Mwahaha", "Ahaha", "Hehehe";
- a dropped g: "Sittin", "CHILLIN", "chasin" for sitting, chilling, chasing: an English -ing
  form of a verb, of six letters or more, the word no known name ("Martin", "Robin",
  "Bernardin" stay; "Matin" is French).

English words run together ("Goodluck", "LIVINGROOM") are not among them: measured on news
text, county and club names are made the same way ("Warwickshire", "Scarborough").
"""

from __future__ import annotations

import re

from pipeline.detection.names.lexicon import NameLexicon, fold

_STRETCHED = re.compile(r"([^\W\d_])\1{2,}")
_LAUGHTER = re.compile(
    r"(?:[bm]w|[bma])?(?:a?h+[aeiou]+){2,}h*|(?:he){2,}h?|l+o+l+[sz]?", re.IGNORECASE
)


def chat_spelling(word: str, lexicon: NameLexicon) -> bool:
    """Whether `word` is one of the social spellings of the module's doc."""
    if not word.isalpha() or lexicon.is_name(word):
        return False
    return stretched(word, lexicon) or laughter(word) or dropped_g(word, lexicon)


def laughter(word: str) -> bool:
    """ "Hahaha", "Mwahaha", "hehe", "lolz"."""
    return _LAUGHTER.fullmatch(word) is not None


def stretched(word: str, lexicon: NameLexicon) -> bool:
    """A letter three times or more, and no name when squeezed to one or two of it."""
    key = fold(word)
    if _STRETCHED.search(key) is None:
        return False
    return not any(lexicon.is_name(_STRETCHED.sub(r"\1" * n, key)) for n in (1, 2))


def dropped_g(word: str, lexicon: NameLexicon) -> bool:
    """An -ing form of a verb written -in ("Sittin", "CHILLIN"), the word no known name."""
    key = fold(word)
    if len(key) < 6 or not key.endswith("in") or lexicon.is_name(key) or lexicon.is_english(key):
        return False
    stem = key[:-2]
    # sit-tin, chas-in, rock-in: the verb is the stem, the stem + e, or the stem undoubled
    verbs = (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else "")
    return any(v and lexicon.is_verb(v) for v in verbs)
