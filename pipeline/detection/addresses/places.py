"""Countries and US states by name: places the small NER model misses at a sentence start.

"Israel grinds to a halt", "England" in brackets: a capitalised dictionary word at the start
of a sentence is not sent to NER, and country names are given names too ("Israel", "India"),
which the name rules no longer take alone. Faker's English lists of countries and states are
the vocabulary; the match is case-sensitive (capitalised or all caps).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.detection.spans import Detection


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    from faker.providers.address.en_US import Provider as Address

    names = {n for n in (*Address.countries, *Address.states) if "(" not in n and "," not in n}
    names |= {"England", "Scotland", "Wales", "Northern Ireland", "Great Britain", "Britain"}
    names |= {"Europe", "Africa", "Asia", "South America", "North America", "Middle East"}
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    upper = "|".join(re.escape(n.upper()) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w@#])(?:{alternation}|{upper})(?![\w])")


def find_places(text: str) -> list[Detection]:
    """Country and US state names in `text`."""
    return [
        Detection(m.start(), m.end(), "LOCATION", 0.65, "places") for m in _pattern().finditer(text)
    ]
