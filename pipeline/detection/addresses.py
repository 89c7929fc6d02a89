"""Street addresses in free text, in the formats of the countries we serve.

Stock Presidio has no street-address recognizer for English text. The street-type vocabulary
(suffixes such as "Street"/"Mountains", prefixes such as "Calle"/"Via"/"rue") comes from Faker's
address providers for every locale plus common abbreviations; the shapes are: number first
("141 Hodges Mountains", "214, avenue Lesage", "14/17, Sodhi Chowk"), type first with the number
after ("Piazza Pellico, 59", "Calle Mayor 3"), and compound names ("Röhrdanzplatz 83/53").
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from pipeline.detection.number_tables import no_street_number
from pipeline.detection.spans import Detection

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
]
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
    "straße|strasse|str.|weg|platz|allee|ring|gasse|damm|ufer|hof|chaussee|steig|pfad|markt|"
    "straat|laan|plein|boulevard|gracht|kade|singel|dijk|pad|steeg|park|dreef|hoven|baan|plantsoen|"
    # Nordic and central European street words written as part of the name
    "gatan|gata|gate|vägen|väg|veien|vei|gränd|torget|stigen|vej|gade|vænget|stræde|allé|"
    "katu|tie|polku|kuja|tori|utca|ulica|ulice|třída|náměstí|sokak|sokağı|caddesi|bulvarı"
)
_UNIT_WORDS = (
    r"(?i:apt\.?|apartment|suite|ste\.?|unit|flat|floor|fl\.|room|puerta|piso|"
    r"appartamento|piano|interno|scala|apto\.?|bloco|casa|#)"
)
# "Suite 501", "Apt. 297", "#12"; Spanish floor and door "3º B" ("3o B" once NFKC-folded)
_UNIT = rf"(?:,?\s*{_UNIT_WORDS}\s*[\w-]{{1,6}}|,?\s*\d{{1,2}}\s?(?:[º°ª]|o\b)(?:\s?[A-Z]\b)?)?"
# a house number is no decimal's or thousands' tail ("7,432.18 points", "1,204 Points")
_HOUSE = r"(?<![\d][.,])"
_LEADING_UNIT = r"(?:(?i:apt\.?|apartment|suite|ste\.?|unit|flat)\s*#?\s*\w{1,6},?\s+)?"
_NUM = r"\d{1,6}[A-Za-z]?(?:\s?[/-]\s?\d{1,5}[A-Za-z]?)?"
_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’-]*"
_PARTICLE = r"(?:de|del|de la|la|las|los|da|do|das|dos|di|della|delle|du|des|van|von|der)"
# Postal codes: US ZIP(+4), DE/FR/ES/IT 5 digits, IN 6, UK, Canada ("M4C 1J5"), NL ("1016 DV").
_POSTCODE = (
    r"(?:\d{5,6}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d"
    r"|\d{4}\s?[A-Z]{2}(?![A-Za-z]))"
)
_TAIL = (
    # ", Springfield, IL 62704" / ", 50968 Köln" / "\nBerlin" style city lines with a postal code
    r"(?:(?:,\s*|\s*\n\s*)(?:" + _CAP + r"\s+){0,3}?(?:" + _CAP + r")?,?\s*"
    r"(?:[A-Z]{2}\s+)?" + _POSTCODE + r"(?:\s+" + _CAP + r"){0,2})?"
)
# US states and Canadian provinces, for city lines standing alone ("Anchorage, AK 99509").
_REGIONS = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|"
    "NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|AB|BC|MB|NB|NL|NS|NT|NU|ON|"
    "PE|QC|SK|YT"
)


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


def _alternation(words: Iterable[str]) -> str:
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
def _patterns() -> tuple[re.Pattern[str], ...]:
    suffixes, prefixes = _faker_vocabulary()
    suffixes.update(_EXTRA_TYPES)
    prefixes.update(_EXTRA_PREFIXES)
    # Latin-script words only: the vocabulary of other scripts is matched by NER instead.
    suffixes = {w for w in suffixes if re.fullmatch(r"[a-zà-ÿ'./ -]+", w)}
    prefixes = {w for w in prefixes if re.fullmatch(r"[a-zà-ÿ'./ -]+", w)}
    suffix = rf"(?i:{_alternation(suffixes | prefixes)})\.?"
    # Italian and Spanish "suffixes" in Faker are written first ("Borgo Biagio, 6"); short
    # abbreviations are not ("Dr. Richardson" is a doctor, not a drive).
    leading = {w for w in suffixes | prefixes if len(w) > 3 and "." not in w} | {
        "rue",
        "via",
        "rua",
    }
    prefix = rf"(?i:{_alternation(leading)})"
    number_first = (
        rf"{_LEADING_UNIT}(?:(?i:h\.?\s?no\.?|flat|apt\.?|unit|studio|suite)\s*)?\b(?<!\d[.,]){_NUM},?\s+(?:{_CAP}\s+){{0,4}}?"
        rf"{suffix}(?![\w])(?:\s+(?!{_UNIT_WORDS}\b)(?:{_PARTICLE}\s+)?{_CAP}){{0,3}}{_UNIT}{_TAIL}"
    )
    type_first = (
        rf"\b{prefix}\s+(?:(?:{_PARTICLE}|(?!{_UNIT_WORDS}\b){_CAP})(?:\s+|(?=,))){{1,5}},?\s*(?:n[º°o.]?\s*)?"
        rf"(?:{_NUM})?{_UNIT}{_TAIL}"
    )
    street_word = rf"(?i:{_alternation(_COMPOUND.split('|'))})"
    compound = (
        rf"\b(?:(?:{_CAP}|{_PARTICLE})[\s-]+){{0,3}}[^\W\d_][\w'-]*{street_word}\s+{_NUM}"
        rf"{_UNIT}{_TAIL}"
    )
    # the town before a UK postcode is part of the address line ("Leeds LS6 2QT")
    uk_postcode = rf"\b(?:{_CAP}\s+)?[A-Z]{{1,2}}\d[A-Z\d]?\s+\d[A-Z]{{2}}\b"
    city_line = (
        rf"\b{_CAP}(?:\s+{_CAP}){{0,2}},?\s+(?:{_REGIONS})\s+"
        r"(?:\d{5}(?:-\d{4})?|[A-Z]\d[A-Z]\s?\d[A-Z]\d)\b"
    )
    house_no = rf"\b(?i:h\.?\s?no\.?)\s*{_NUM}[,\s]+{_CAP}(?:\s+{_CAP})?(?:[,\s-]+{_CAP})?"
    po_box = r"\b(?i:p\.?\s?o\.?\s?box|post\s+office\s+box|postfach|apartado(?:\s+de\s+correos)?|casella\s+postale|boîte\s+postale|bp)\s*\d{1,6}\b"
    military = (
        r"\b(?:(?:Unit|PSC)\s+\d{3,5},?\s+Box\s+\d{3,5}|(?:USNS|USNV|USS|USCGC)\s+[A-Z][a-z]+)"
        r"(?:\s*,?\s*[AFD]PO\s+A[AEP]\s+\d{5})?"
    )
    # Speech transcripts: "the parcel should go to 5559 jennifer road suite 605" (lower case).
    # a street's words are no function words or units ("30 min run", "Way in stores Nov 2")
    word = rf"(?!{_NOT_STREET}\b)[^\W\d_][\w'’.-]*"
    spoken = (
        rf"\b(?<!\d[.,]){_HOUSE}\d{{1,6}}[a-z]?(?:/\d{{1,5}})?\s+(?:{word}\s+){{1,3}}?{suffix}(?!\w)"
        rf"(?:,?\s+(?i:apt|apartment|suite|unit|flat|appartamento|piso|puerta)\.?\s*\d+\w*)?"
        rf"|\b(?i:{_SPOKEN_TYPES})\.?\s+(?:{word}\s+){{0,2}}{word},?\s+\d{{1,5}}\b"
        rf"(?:,?\s+(?i:apt|apartment|suite|unit|flat|appartamento|piso|puerta)\.?\s*\d+\w*)?"
    )
    return tuple(
        re.compile(p)
        for p in (
            number_first,
            type_first,
            compound,
            uk_postcode,
            military,
            house_no,
            spoken,
            po_box,
            city_line,
        )
    )


@lru_cache(maxsize=1)
def _vocabulary_words() -> tuple[frozenset[str], frozenset[str]]:
    suffixes, prefixes = _faker_vocabulary()
    suffixes.update(_EXTRA_TYPES)
    prefixes.update(_EXTRA_PREFIXES)
    return _first_words(suffixes), _first_words(prefixes)


def _first_words(words: set[str]) -> frozenset[str]:
    return frozenset(w.split()[0].rstrip(".") for w in words)


_NOT_STREET = (
    r"(?i:in|on|at|of|to|for|as|out|the|a|an|is|are|was|and|or|from|by|with|up|off|into|than|"
    r"then|more|less|ago|times|k|km|mi|miles?|min|mins|minutes?|hours?|hrs?|days?|weeks?|"
    r"months?|years?|secs?|seconds?|per|cent|percent|kilometres?|kilometers?|metres?|meters?|"
    r"kms?|cm|mm|kg|tonnes?|points?|goals?|runs?|wickets?)"
)
# Without a house number, a type-first street needs a prefix that is no English word, written
# as a name ("Calle Mayor", "Via Roma"; not "Follow Friday", "via POPSUGAR", "Little Girl").
_NUMBERLESS_PREFIXES = frozenset(
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
_SPOKEN_TYPES = (
    "street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|court|ct|way|place|terrace|"
    "close|crescent|square|parkway|highway|circle|trail|strasse|straße|rue|calle|via"
)
_NAMES = (
    "number_first",
    "type_first",
    "compound",
    "uk_postcode",
    "military",
    "house_no",
    "spoken",
    "po_box",
    "city_line",
)
_SCORES = (0.9, 0.55, 0.9, 0.5, 0.9, 0.9, 0.6, 0.8, 0.6)
_SPOKEN_WORDS = frozenset(_SPOKEN_TYPES.split("|"))
_WORD = re.compile(r"[^\W\d_][\w'./]*")


def preload_addresses() -> None:
    """Build the patterns now (Faker's address providers of every locale are imported: ~1 s)."""
    _patterns()
    _vocabulary_words()


def find_addresses(text: str) -> list[Detection]:
    """Street addresses (and UK postcodes) in `text`."""
    has_digit = any(ch.isdigit() for ch in text)
    words = {w.rstrip(".").lower() for w in _WORD.findall(text)}
    suffixes, prefixes = _vocabulary_words()
    wanted = (
        has_digit and not (words.isdisjoint(suffixes) and words.isdisjoint(prefixes)),
        not (words.isdisjoint(suffixes) and words.isdisjoint(prefixes)),
        has_digit,
        has_digit,
        has_digit,
        has_digit,
        has_digit and not (words.isdisjoint(suffixes) and words.isdisjoint(prefixes)),
        has_digit,
        has_digit,
    )
    found: list[Detection] = []
    for name, score, pattern, want in zip(_NAMES, _SCORES, _patterns(), wanted, strict=True):
        if not want:
            continue
        for match in pattern.finditer(text):
            span = match.group(0).rstrip(" ,.\n")
            if not span or (name == "type_first" and not _type_first_street(span)):
                continue
            if name == "number_first" and not any(ch.isupper() for ch in span):
                continue  # "Nov 2, top spot": a number and a lower-case type word alone
            start = match.start()
            if no_street_number(text, start, start + len(span)):
                continue  # "Port Vale 4 1 2 1 4 4 5", "77 basis points": a score or a count
            found.append(
                Detection(start, start + len(span), "STREET_ADDRESS", score, f"address:{name}")
            )
    return found


def _type_first_street(span: str) -> bool:
    words = span.split()
    if len(words) < 2:
        return False
    if any(ch.isdigit() for ch in span):
        return True
    prefix = words[0]
    return prefix.lower() in _NUMBERLESS_PREFIXES and prefix[0].isupper() and not prefix.isupper()
