"""Name and English-word resources used to find person names without (or before) NER."""

from __future__ import annotations

import importlib
import pkgutil
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from pipeline.detection.gazetteer import load_gazetteer
from pipeline.detection.names.vocabulary import CALENDAR, CHAT, DOMAIN

_WORDLIKE = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*")


# The same words come back all the time. Bounded at 65,536 (not 262,144): loading the lexicon
# folds ~154,000 words, most never seen again; 9,000 bench events find 98 % of theirs either way.
@lru_cache(maxsize=65_536)
def fold(word: str) -> str:
    """Case- and accent-insensitive form used for lookups."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def faker_person_lists(attrs: Callable[[str], bool]) -> Iterator[tuple[str, str, Collection[str]]]:
    """(locale, attribute, names) of each name list of Faker's person providers whose
    attribute `attrs` accepts, locale by locale (a dict's names are its keys)."""
    import faker.providers.person as person

    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"faker.providers.person.{module.name}").Provider
        for attr in dir(provider):
            if attr.startswith("_") or not attrs(attr):
                continue
            names = getattr(provider, attr, None)
            if isinstance(names, dict | list | tuple | set):
                yield module.name, attr, names


_LEXICON_LISTS = ("first_names", "first_names_male", "first_names_female", "last_names")


def _faker_names() -> tuple[set[str], set[str], set[str], set[str], set[str]]:
    """Given names, surnames, given names of 2+ and 5+ locales, surnames of 3+ locales."""
    first: set[str] = set()
    last: set[str] = set()
    here: dict[str, set[str]] = {}  # given names by locale
    surnames: dict[str, set[str]] = {}  # surnames by locale
    for locale, attr, names in faker_person_lists(_LEXICON_LISTS.__contains__):
        target = last if attr == "last_names" else first
        by_locale = (surnames if attr == "last_names" else here).setdefault(locale, set())
        for name in names:
            # multi-word entries ("De la Cruz") contribute each word-like part
            parts = [fold(p) for p in str(name).split() if _WORDLIKE.fullmatch(p)]
            target.update(parts)
            by_locale.update(parts)
    locales_of = Counter(name for names in here.values() for name in names)
    surname_locales = Counter(name for names in surnames.values() for name in names)
    widespread = {name for name, n in locales_of.items() if n >= 2}
    popular = {name for name, n in locales_of.items() if n >= 5}
    widespread_last = {name for name, n in surname_locales.items() if n >= 3}
    return first, last, widespread, popular, widespread_last


@dataclass(frozen=True)
class NameLexicon:
    """Folded first names and surnames, English dictionary words and everyday English words.

    `english` (WordNet plus stop words) is broad: it holds "john", "smith" and "maria".
    `common` is the few thousand everyday words ("will", "may", "page"); a known name that is
    not common is taken as a name even without other evidence.
    """

    first: frozenset[str]
    last: frozenset[str]
    english: frozenset[str]
    common: frozenset[str] = frozenset()
    # given names of two or more Faker locales: "David", not "Albion" or "Joke" (one locale each)
    widespread: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    # given names of five or more locales ("John", "Sam", "Joe"; not "Love" or "Hope")
    popular: frozenset[str] = frozenset()
    # function words ("the", "and", "my"): never the first or last word of a name
    stop: frozenset[str] = frozenset()
    # surnames of three or more Faker locales ("Smith", "Garcia", "Long"; not "Date" or "Love")
    widespread_last: frozenset[str] = frozenset()
    # English verbs and their inflected forms: "Love it", "Mark the date" are no names
    verbs: frozenset[str] = frozenset()
    # English adjectives and adverbs: "Young", "Long", "Brown" describe before they name
    modifiers: frozenset[str] = frozenset()

    def is_first(self, token: str) -> bool:
        """Whether `token` is a known given name."""
        return fold(token) in self.first

    def is_last(self, token: str) -> bool:
        """Whether `token` is a known surname."""
        return fold(token) in self.last

    def is_name(self, token: str) -> bool:
        """Whether `token` is any known name part."""
        key = fold(token)
        return key in self.first or key in self.last

    def is_widespread(self, token: str) -> bool:
        """Whether `token` is a given name in more than one locale."""
        return fold(token) in self.widespread

    def is_popular(self, token: str) -> bool:
        """Whether `token` is a given name in five or more locales."""
        return fold(token) in self.popular

    def is_widespread_last(self, token: str) -> bool:
        """Whether `token` is a surname in three or more locales."""
        return fold(token) in self.widespread_last

    def is_place(self, token: str) -> bool:
        """Whether `token` is (a word of) a country or US state name, or a one-word capital
        or big city that is no widespread name (the gazetteer; see `_places`)."""
        return fold(token) in self.places

    def is_common(self, token: str) -> bool:
        """Whether `token` is an everyday English word."""
        return fold(token) in self.common

    def is_stop(self, token: str) -> bool:
        """Whether `token` is a function word that no name starts or ends with."""
        return fold(token) in self.stop

    def is_verb(self, token: str) -> bool:
        """Whether `token` is an English verb or a verb's inflected form ("love", "drew")."""
        return fold(token) in self.verbs

    def is_noun_only(self, token: str) -> bool:
        """Whether `token` (or its singular) is no English verb, adjective or adverb.

        WordNet holds famous people as nouns ("jones", "spencer", "tyson"): such a word may be a
        name; "castle", "wake", "brown" are also verbs or adjectives, more often the word.
        """
        key = fold(token)
        words = (key, key[:-1]) if key.endswith("s") and len(key) > 3 else (key,)
        return not any(w in self.verbs or w in self.modifiers for w in words)

    def is_english(self, token: str) -> bool:
        """Whether `token` (or its stem: "charts", "reported") is an English dictionary word.

        Social text's forms count too: contractions and possessives ("I'm", "can't",
        "TEACHER'S") and stretched spellings ("loveee", "Niiiiice", "SORRRRY").
        """
        key = fold(token)
        if key in self.english:
            return True
        if "'" in key:
            return self._contraction(key)
        if _STRETCHED.search(key):
            return any(
                squeezed in self.english
                for squeezed in (_STRETCHED.sub(r"\1", key), _STRETCHED.sub(r"\1\1", key))
            )
        for suffix, repl in (
            ("ies", "y"),
            ("es", ""),
            ("s", ""),
            ("ed", ""),
            ("ed", "e"),
            ("ing", ""),
            ("ing", "e"),
        ):
            if (
                key.endswith(suffix)
                and len(key) - len(suffix) >= 3
                and key[: -len(suffix)] + repl in self.english
            ):
                return True
        return False

    def _contraction(self, key: str) -> bool:
        if key.endswith("n't"):
            base = key[:-3]
            return _NEGATED.get(base, base) in self.english
        base, _, tail = key.rpartition("'")
        return tail in _CLITICS and (base in self.english or base == "i")


# "I'm", "we've", "they're", "TEACHER'S"; negations "can't", "won't", "shan't"
_CLITICS = frozenset(["m", "ve", "ll", "d", "re", "s"])
_NEGATED = {"ca": "can", "wo": "will", "sha": "shall"}
_STRETCHED = re.compile(r"([^\W\d_])\1{2,}")  # a letter three or more times in a row


def _common_words(stop_words: frozenset[str]) -> frozenset[str]:
    from faker.providers.lorem.en_US import Provider as Lorem

    return frozenset(fold(w) for w in Lorem.word_list) | stop_words | CHAT | CALENDAR | DOMAIN


def _places(
    stop_words: frozenset[str], names: frozenset[str], rare: frozenset[str]
) -> frozenset[str]:
    """Words of country and US state names ("india", "georgia"): given names too, but alone
    more often the place. Then the gazetteer's one-word countries and capitals ("paris",
    "kiev") unless `names` holds them ("Victoria", "Hamilton": a given name of five locales or
    a surname of three, as often the person as the place), and its big cities ("sheffield",
    "houston") unless `rare` does too ("Lincoln", "Austin": a given name of two locales)."""
    from faker.providers.address.en_US import Provider as Address

    words = {fold(w) for place in (*Address.countries, *Address.states) for w in place.split()}
    gazetteer = load_gazetteer()
    words |= gazetteer.single_words(cities=False) - names
    words |= gazetteer.single_words() - names - rare
    return frozenset(words - stop_words)


@lru_cache(maxsize=4)
def load_lexicon(
    source: str,
    extra: tuple[str, ...],
    english: frozenset[str],
    stop_words: frozenset[str],
    verbs: frozenset[str] = frozenset(),
    modifiers: frozenset[str] = frozenset(),
) -> NameLexicon:
    """Build the lexicon once per process."""
    first: set[str] = set()
    last: set[str] = set()
    widespread: set[str] = set()
    popular: set[str] = set()
    widespread_last: set[str] = set()
    if source == "faker":
        first, last, widespread, popular, widespread_last = _faker_names()
    for name in extra:
        parts = [fold(p) for p in name.split()]
        first.update(parts[:1])
        last.update(parts[1:] or parts)
        widespread.update(parts[:1])
        popular.update(parts[:1])
        widespread_last.update(parts[1:] or parts)
    # one- and two-letter "names" are mostly initials or noise
    first = {n for n in first if len(n) > 2}
    last = {n for n in last if len(n) > 2}
    return NameLexicon(
        frozenset(first),
        frozenset(last),
        english | CHAT | CALENDAR | DOMAIN,
        _common_words(stop_words),
        frozenset(widespread),
        _places(stop_words, frozenset(popular | widespread_last), frozenset(widespread)),
        frozenset(popular),
        stop_words,
        frozenset(n for n in widespread_last if len(n) > 2),
        verbs,
        modifiers,
    )


def english_words(tables: Iterable[Iterable[str]]) -> frozenset[str]:
    """Folded English words from lemmatizer word lists."""
    return frozenset(fold(w) for table in tables for w in table if "_" not in w)
