"""Surnames the name lexicon leaves out, for judging keys: Faker's gendered and romanized lists.

The lexicon reads each Faker locale's `last_names`. Some locales keep their surnames elsewhere:
Polish and Czech in `last_names_male`/`_female` (`kowalski`, `nowak`), Icelandic patronymics,
Japanese and Chinese in `last_romanized_names` (`nakamura`, `tsai`). A key like `kowalski_a` or
`a.nakamura` is a user name as much as `smith_j`; only words that are no English word count
(`bills`, `halls` are plurals first).
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.detection.names.lexicon import NameLexicon, faker_person_lists, fold

_MIN_LENGTH = 3


def _is_surname_list(attr: str) -> bool:
    if attr == "last_names":  # the lexicon has `last_names`
        return False
    return ("last" in attr and "name" in attr) or attr.endswith("romanized_names")


@lru_cache(maxsize=4)
def extra_surnames(lexicon: NameLexicon) -> frozenset[str]:
    """Folded ASCII surnames of Faker's other lists, not in `lexicon` and no English word."""
    found: set[str] = set()
    for _, _, names in faker_person_lists(_is_surname_list):
        for name in names:
            for part in str(name).split():
                word = fold(part)
                if word.isascii() and word.isalpha() and len(word) >= _MIN_LENGTH:
                    found.add(word)
    return frozenset(
        w
        for w in found
        if not lexicon.is_name(w) and not lexicon.is_english(w) and not lexicon.is_common(w)
    )
