"""Surnames the name lexicon leaves out, for judging keys: Faker's gendered and romanized lists.

The lexicon reads each Faker locale's `last_names`. Some locales keep their surnames elsewhere:
Polish and Czech in `last_names_male`/`_female` (`kowalski`, `nowak`), Icelandic patronymics,
Japanese and Chinese in `last_romanized_names` (`nakamura`, `tsai`). A key like `kowalski_a` or
`a.nakamura` is a user name as much as `smith_j`; only words that are no English word count
(`bills`, `halls` are plurals first).
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from pipeline.detection.lexicon import NameLexicon, fold

_MIN_LENGTH = 3


def _is_surname_list(attr: str) -> bool:
    if attr.startswith("_") or attr == "last_names":  # the lexicon has `last_names`
        return False
    return ("last" in attr and "name" in attr) or attr.endswith("romanized_names")


@lru_cache(maxsize=4)
def extra_surnames(lexicon: NameLexicon) -> frozenset[str]:
    """Folded ASCII surnames of Faker's other lists, not in `lexicon` and no English word."""
    import faker.providers.person as person

    found: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"faker.providers.person.{module.name}").Provider
        for attr in dir(provider):
            names = getattr(provider, attr, None) if _is_surname_list(attr) else None
            if not isinstance(names, dict | list | tuple | set):
                continue
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
