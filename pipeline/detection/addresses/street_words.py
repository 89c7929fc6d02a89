"""Street words: the vocabulary the address shapes are written with.

Street types written after the name ("Street", "Mountains") or before it ("Calle", "Via", "rue")
come from Faker's address providers for every locale, plus common abbreviations; street words
written as part of a compound name ("Röhrdanzplatz", "Keizersgracht") are listed here. The
vocabulary is large (hundreds of words), so it is turned into a regex trie (`alternation`).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from pipeline.detection.addresses import typos

_EXTRA_TYPES = [
    "street",
    "st",
    "str",
    "road",
    "rd",
    "avenue",
    "ave",
    "av",
    "avda",
    "blvd",
    "boulevard",
    "lane",
    "ln",
    "drive",
    "dr",
    "court",
    "ct",
    "way",
    "place",
    "pl",
    "terrace",
    "ter",
    "close",
    "crescent",
    "cres",
    "square",
    "sq",
    "parkway",
    "pkwy",
    "highway",
    "hwy",
    "circle",
    "cir",
    "trail",
    "trl",
    "row",
    "walk",
    "gardens",
    "grove",
    "mews",
    "park",
    "plaza",
    "alley",
    "crossing",
    "marg",
    "chowk",
    "nagar",
    "ganj",
    "path",
    "zila",
    # US highway and centre words ("28874 W. Rte. 120", "8750 N CENTRAL EXPY", "3 POLLY DRUMMOND CTR")
    "rte",
    "expy",
    "expressway",
    "fwy",
    "freeway",
    "tpke",
    "turnpike",
    "byp",
    "bypass",
    "ctr",
    # USPS standard suffix abbreviations (Publication 28), those of three letters or more that
    # are no English word
    "xing",
    "cmns",
    "commons",
    "hts",
    "mnr",
    "mdw",
    "mdws",
    "vlg",
    "blf",
    "crk",
    "cyn",
    "frk",
    "gln",
    "hbr",
    "holw",
    "jct",
    "knl",
    "lndg",
    "mtn",
    "orch",
    "rdg",
    "shr",
    "smt",
    "spg",
    "trce",
    "tunl",
    "vly",
    "pky",
    "cswy",
    "brg",
    "brk",
    "crst",
    "ests",
    "flds",
    "frst",
    "grn",
    "grv",
    "hvn",
    "inlt",
    "ldg",
    "pnes",
    "rnch",
    "skwy",
    "strm",
    "trlr",
    "vdct",
    "xrd",
]
# The rest of Publication 28's standard abbreviations (appendix C1), but those that are words
# or read as something else in a message ("ext" a phone's extension, "pts", "cts", "plz", "mls",
# "cvs", "msn", "fry", "vis", "uns"), and its two-letter ones that are no state's code (Cove,
# Lake, Point, View): a street's type only after its name ("67 Fox Cv", "225 Rocky Bnd"; not
# "12 pt", "Day 51 HLs")
_AFTER_NAME = (
    "aly|anx|byu|bch|bnd|blfs|btm|brks|bgs|cpe|cirs|clfs|clb|cmn|cmns|cors|crse|curv|exts|"
    "fld|flts|frd|frds|frg|frgs|frks|gdn|gdns|gtwy|glns|grns|grvs|hbrs|hls|jcts|kys|knls|"
    "lks|lgt|lgts|lck|lcks|mnrs|mtwy|mtns|nck|opas|psge|prk|pkwys|pne|pln|plns|prt|prts|"
    "radl|rpd|rpds|rst|rdgs|riv|shl|shls|shrs|spgs|sqs|sta|stra|sts|trwy|trak|trfy|upas|"
    "vlys|vws|vlgs|wls|xrds|cv|lk|pt|vw"
)
AFTER_NAME_TYPES = tuple(_AFTER_NAME.split("|"))
_EXTRA_PREFIXES = [
    "calle",
    "c/",
    "avenida",
    "avda",
    "paseo",
    "plaza",
    "camino",
    "carrer",
    "ronda",
    "travesía",
    "via",
    "viale",
    "piazza",
    "corso",
    "largo",
    "vicolo",
    "strada",
    "rua",
    "travessa",
    "praça",
    "alameda",
    "estrada",
    "rodovia",
    "rue",
    "avenue",
    "boulevard",
    "chemin",
    "impasse",
    "allée",
    "place",
    "quai",
    "route",
    "cours",
    "passage",
    "square",
]
_COMPOUND = (  # street words written as part of the name, "|"-separated
    "straße|strasse|str.|str|weg|platz|allee|ring|gasse|damm|ufer|hof|chaussee|steig|pfad|markt|"
    "straat|laan|plein|boulevard|gracht|kade|singel|dijk|pad|steeg|park|dreef|hoven|baan|plantsoen|"
    # Nordic and central European street words written as part of the name
    "gatan|gata|gate|vägen|väg|veien|vei|gränd|torget|stigen|vej|gade|vænget|stræde|allé|"
    "katu|tie|polku|kuja|tori|utca|ulica|ulice|třída|náměstí|sokak|sokağı|caddesi|bulvarı"
)


@lru_cache(maxsize=1)
def street_vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """Street types written after the name, and before it: Faker's words plus ours."""
    suffixes, prefixes = _faker_vocabulary()
    suffixes.update(_EXTRA_TYPES)
    prefixes.update(_EXTRA_PREFIXES)
    # a locale's "Back Lane" made "60601 came back" a spoken street
    prefixes.discard("back")
    return frozenset(suffixes), frozenset(prefixes)


def _faker_vocabulary() -> tuple[set[str], set[str]]:
    import faker.providers.address as address

    suffixes: set[str] = set()
    prefixes: set[str] = set()
    for module in pkgutil.iter_modules(address.__path__):
        try:
            provider = importlib.import_module(f"faker.providers.address.{module.name}").Provider
        except ImportError:  # pragma: no cover - a locale module that needs extras
            continue
        for attr, target in (("street_suffixes", suffixes), ("street_prefixes", prefixes)):
            values = getattr(provider, attr, None)
            if isinstance(values, list | tuple | set):
                for value in values:
                    word = str(value).strip().strip("-").lower()
                    if word and len(word) > 1 and not any(ch.isdigit() for ch in word):
                        target.add(word)
    return suffixes, prefixes


def alternation(words: Iterable[str]) -> str:
    """A regex for any of `words`, the longest first, written as a trie: `ave(?:n(?:ida|ue))?`.

    It matches what `avenida|avenue|ave` matches, in the same order (words that can match at
    one position are prefixes of each other, and the trie tries the longer first), but the
    engine reads one branch per letter instead of trying every word at every position (the
    "type first" pattern, hundreds of street words, cost 12x more as a flat alternation).
    """
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _branches(tree)


def _branches(node: dict[str, Any]) -> str:
    branches = [re.escape(ch) + _branches(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    return "(?:" + "|".join(branches) + (")?" if "" in node else ")")


@lru_cache(maxsize=1)
def vocabulary_words() -> tuple[frozenset[str], frozenset[str]]:
    """First words of the street types (after, before), lower case: a cheap test of a text."""
    suffixes, prefixes = street_vocabulary()
    # "cr", a crescent after a long name (patterns.py), is in no list
    after = _first_words(suffixes) | frozenset(AFTER_NAME_TYPES) | typos.mistyped_types() | {"cr"}
    return after, _first_words(prefixes)


def _first_words(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w.split()[0].rstrip(".") for w in words)


# Without a house number, a type-first street needs a prefix that is no English word, written
# as a name ("Calle Mayor", "Via Roma"; not "Follow Friday", "via POPSUGAR", "Little Girl").
NUMBERLESS_PREFIXES = frozenset(
    [
        "calle",
        "avenida",
        "avda",
        "paseo",
        "camino",
        "carrer",
        "ronda",
        "travesía",
        "via",
        "viale",
        "piazza",
        "corso",
        "largo",
        "vicolo",
        "strada",
        "rua",
        "travessa",
        "praça",
        "alameda",
        "estrada",
        "rodovia",
        "rue",
        "chemin",
        "impasse",
        "allée",
        "quai",
        "plaza",
    ]
)
SPOKEN_TYPES = (
    "street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|court|ct|way|place|terrace|"
    "close|crescent|square|parkway|highway|circle|trail|strasse|straße|rue|calle|via"
)
COMPOUND_WORDS = tuple(_COMPOUND.split("|"))
# the German and Dutch ones that stand as a word of their own after an adjective or a name
# ("Berliner Straße 5", "Alte Gasse 2", "Van Goghlaan" is a compound)
SEPARATE_WORDS = (
    "Straße|Strasse|Str\\.|Gasse|Allee|Platz|Weg|Ring|Damm|Ufer|Straat|Laan|Plein|Gracht|Steeg|Kade"
)

# The house numbers a line writes out ("One Kestrel Plaza", "Two Harbor Drive").
SPELLED_NUMBERS = (
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
)
