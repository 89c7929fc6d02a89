"""Object keys and URL slugs that hold identifiers: judged by rules, replaced by placeholders.

A key of a free-form object can be the identifier itself (`{"emails": {"<address>": true}}`,
`{"maria_garcia": …}`, `{"@handle": …}`). Such a key is replaced by a placeholder in the
sanitized record *and in every path* (vault entries, rejections, explain), and its value kept in
the vault. Lowercase words are judged with the name lexicon (no capital letter to go by).
"""

from __future__ import annotations

import itertools
import re
from typing import Literal

from pipeline.detection.names.lexicon import NameLexicon, fold
from pipeline.processing.surnames import extra_surnames
from pipeline.processing.user_keys import Evidence, user_shaped

KeyVerdict = Literal["keep", "scan"] | str  # or the entity type the key is
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_SEPARATORS = re.compile(r"[._\-+ ]")
_LOWER_IDENTIFIER = re.compile(r"^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$")
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[_\-.][A-Za-z0-9]+)*$")
_LONG_DIGITS = re.compile(r"\d{6,}")
_EMAIL_KEY = re.compile(r"^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$")
_HANDLE = re.compile(r"^@[\w.\-]{2,40}$")
# A calendar date (or month) written with separators, maybe with a time: `2025-12-31`,
# `2025/12`, `2025-12-31T10:00:00Z`. Its digit groups read like a phone number once the
# separators are spaces; no phone is written 4-2-2 from a year. Compact `20251231` stays
# scanned: it is also a valid number in 8-digit plans (DK, NO, SG).
_ISO_DATE = re.compile(
    r"^(?:19|20)\d\d([-/.])(?:0[1-9]|1[0-2])(?:\1(?:0[1-9]|[12]\d|3[01])"
    r"(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:?\d\d)?)?)?$"
)
# JSON-LD keywords are keys, not handles.
_JSON_LD = frozenset(
    [
        "@context",
        "@type",
        "@id",
        "@value",
        "@language",
        "@list",
        "@set",
        "@graph",
        "@vocab",
        "@base",
        "@reverse",
        "@index",
        "@nest",
        "@version",
        "@direction",
        "@json",
        "@none",
        "@included",
        "@protected",
        "@import",
        "@propagate",
    ]
)
_MIN_PART = 3
_CACHE_LIMIT = 65_536
_JOINED = re.compile(r"^[A-Za-z][a-z]{5,29}$")  # one word: `mariagarcia`, `Mgarcia`
_LETTER_WORDS = frozenset("aiuo")  # words, not initials: `a_date`, `i_love`, `love_u`
_TRAILING_WORDS = frozenset("iu")  # after a word: `love_u`, `and_i`; `young_a` is an initial
_VOWELS = frozenset("aeiouy")
_AXES = frozenset("xyz")  # axes and sizes, not initials: `x_small`, `y_max`
# Two-letter words that end (or start) field names: `max_id`, `ip_max`. The lexicon leaves out
# two-letter surnames (Wu, Le, Li, Ng), so a given name before any other two-letter word that
# is not an everyday one is taken as a person (`kevin_wu`). Field vocabulary, no names.
_FIELD_PAIRS = frozenset(
    [
        "id",
        "ip",
        "ts",
        "at",
        "by",
        "no",
        "nr",
        "ok",
        "on",
        "in",
        "to",
        "of",
        "is",
        "up",
        "ui",
        "ux",
        "db",
        "os",
        "tz",
        "px",
        "ms",
        "kb",
        "mb",
        "gb",
        "hz",
        "dt",
        "qa",
        "pk",
        "fk",
        "js",
        "io",
        "ai",
        "ml",
        "vm",
        "ci",
        "cd",
        "pr",
        "bg",
        "fg",
        "lg",
        "sm",
        "md",
        "xl",
        "hd",
        "sd",
        "tv",
        "pc",
        "ii",
        "iv",
        "vi",
        "ix",
        "xi",
    ]
)


class KeyRules:
    """Whether a key (or slug) is an identifier; memoized, the lexicon is the engine's."""

    def __init__(self, lexicon: NameLexicon | None) -> None:
        self._lexicon = lexicon
        self._verdicts: dict[str, KeyVerdict] = {}
        self._surnames = extra_surnames(lexicon) if lexicon is not None else frozenset()

    def verdict(self, key: str) -> KeyVerdict:
        """`keep`, `scan` (let the detectors look) or the entity type the key is."""
        cached = self._verdicts.get(key)
        if cached is None:
            if len(self._verdicts) > _CACHE_LIMIT:
                self._verdicts.clear()
            cached = self._verdicts[key] = self._judge(key)
        return cached

    def user_shaped(self, key: str, evidence: Evidence = None) -> bool:
        """Whether `key` is shaped like a user name for the structure's `evidence` (see
        `user_keys`): `beridze_n` always, `anna_petrosyan` beside user names, `jdoe` only
        under a key naming people."""
        return self._lexicon is not None and user_shaped(self._lexicon, key, evidence)

    def _judge(self, key: str) -> KeyVerdict:
        if key.startswith("@"):
            if key.lower() in _JSON_LD:
                return "keep"
            return "USERNAME" if _HANDLE.match(key) else "scan"
        if _ISO_DATE.match(key):
            return "keep"
        if _EMAIL_KEY.match(key):
            return "EMAIL_ADDRESS"  # whatever its domain: no schema names a key like that
        if "@" in key:
            return "scan"
        if self.has_name(key):
            return "PERSON"
        if self.is_handle(key) or self.user_shaped(key):
            return "USERNAME"
        if _LONG_DIGITS.search(key) or not _PLAIN.match(key):
            return "scan"  # e-mails, phone numbers, spaces, punctuation: the detectors look
        if _LOWER_IDENTIFIER.match(key):
            return "keep"
        lexicon = self._lexicon
        words = [w for w in _WORDS.findall(key) if not w.isdigit()]
        if lexicon is not None and all(lexicon.is_english(w) or len(w) < 3 for w in words):
            return "keep"  # `CallStatus`, `HangupCause`: schema vocabulary
        return "scan"

    def has_name(self, text: str, *, slug: bool = False) -> bool:
        """A first name followed by a surname, in any casing (`maria_garcia`, `John.Smith`); in
        a key or slug also an initial and a surname (`j.smith`, `smith_j`), a given name before
        a two-letter word (`kevin_wu`), or one joined word (`mariagarcia`, `mgarcia`)."""
        lexicon = self._lexicon
        if lexicon is None:
            return False
        cased = [w for w in _WORDS.findall(_SEPARATORS.sub(" ", text)) if w.isalpha()]
        words = [w.lower() for w in cased]
        for k, (first, last) in enumerate(itertools.pairwise(words)):
            # both name parts, at least one of them not an everyday word ("lauren_black")
            if (
                lexicon.is_first(first)
                and self._surname(last)
                and min(len(first), len(last)) >= _MIN_PART - 1
                and not (lexicon.is_common(first) and lexicon.is_common(last))
                and (lexicon.is_widespread_last(last) or not lexicon.is_common(last))
            ):
                return True
            if self._initial_and_surname(cased[k], last) or self._initial_and_surname(
                cased[k + 1], first
            ):
                return True
            # the lexicon leaves out two-letter surnames (Le, Li, Wu, Ng): a given name before a
            # two-letter word that is no field vocabulary (`max_id` is not a person). The other
            # order (`wu_kevin`) is not judged: measured on social text, `la_gala`, `ma_tea`.
            if self._short_surname(first, last):
                return True
        return any(_JOINED.match(w) and self._joined(w.lower()) for w in cased)

    def is_handle(self, key: str) -> bool:
        """A key shaped like a user name, short of a person: an initial beside a surname of
        several locales even when it is an everyday word (`d_long`, `TGreen`, `young_j`; after
        a word-letter, `a_smith` but not `a_little`), an initial beside a two-letter word that
        is no field vocabulary (`h_wu`: the lexicon keeps no two-letter surnames), or a given
        name run into such a surname (`abigaillong`)."""
        lexicon = self._lexicon
        if lexicon is None:
            return False
        # digits part words (`cb12ea519b39f` is hex, not `ea` beside `b`)
        words = _WORDS.findall(_SEPARATORS.sub(" ", key))
        for a, b in itertools.pairwise(words):
            if not (a.isalpha() and b.isalpha()):
                continue
            if len(a) == 1 and self._initial_handle(a, b.lower(), leading=True):
                return True
            if len(b) == 1 and self._initial_handle(b, a.lower(), leading=False):
                return True
        return any(_JOINED.match(w) and self._joined_handle(w.lower()) for w in words)

    def _initial_handle(self, initial: str, last: str, *, leading: bool) -> bool:
        """`initial` beside surname `last`: before it (`a_smith`) or after it (`young_a`).

        A lowercase a/i/o/u before a word is an article or a pronoun (`a_little` is a phrase);
        after a word only `i` and `u` read as words (`love_u`): `young_a`, `hicks_a` are a
        surname and an initial. x/y/z are axes and sizes on either side (`x_small`, `y_max`).
        A surname of several locales counts unless a word-letter stands beside an everyday
        word (`a_long`); a surname of one locale only when it is no English word, or a noun
        only (WordNet's famous people: `a.gregory`, `a_choi`, `a.mueller`), never a verb or an
        adjective (`a_date`, `i_love`, `p_low`, `k_best`)."""
        lexicon = self._lexicon
        assert lexicon is not None
        word_letter = (
            initial in (_LETTER_WORDS if leading else _TRAILING_WORDS) or initial.lower() in _AXES
        )
        if len(last) >= _MIN_PART:
            if lexicon.is_widespread_last(last):
                return not (word_letter and lexicon.is_common(last))
            return (
                self._surname(last)
                and not lexicon.is_common(last)
                and (not lexicon.is_english(last) or lexicon.is_noun_only(last))
            )
        return (
            len(last) == 2
            and not word_letter
            and last not in _FIELD_PAIRS
            and any(c in _VOWELS for c in last)
            and not lexicon.is_common(last)
        )

    def _joined_handle(self, word: str) -> bool:
        lexicon = self._lexicon
        assert lexicon is not None
        if lexicon.is_english(word) or lexicon.is_name(word):
            return False
        return any(
            lexicon.is_widespread(word[:i])
            and self._is_first(word[:i])
            and lexicon.is_widespread_last(word[i:])
            for i in range(_MIN_PART, len(word) - _MIN_PART + 1)
        )

    def _initial_and_surname(self, initial: str, last: str) -> bool:
        """`initial` as written: a capital `A` before a surname is an initial, `a` a word."""
        return (
            len(initial) == 1
            and (initial.isupper() or initial not in _LETTER_WORDS)
            and len(last) >= _MIN_PART
            and self._is_last(last)
        )

    def _short_surname(self, first: str, last: str) -> bool:
        lexicon = self._lexicon
        assert lexicon is not None
        return (
            len(last) == 2
            and len(first) >= _MIN_PART
            and last not in _FIELD_PAIRS
            and self._is_first(first)
            and not lexicon.is_common(last)
        )

    def _joined(self, word: str) -> bool:
        """One word that is a given name and a surname run together (`mariagarcia`,
        `johnsmith`), or an initial and a surname (`mgarcia`): neither part an everyday word,
        the given name one of more than one locale ("link" + "edin" is not), an initial's
        surname no dictionary word (`mgarcia`, not `jsmith`), the whole word no word or name."""
        lexicon = self._lexicon
        assert lexicon is not None
        if lexicon.is_english(word) or lexicon.is_name(word):
            return False
        if len(word) >= 6 and self._is_last(word[1:]) and not lexicon.is_english(word[1:]):
            return True
        return any(
            lexicon.is_widespread(word[:i])
            and self._is_first(word[:i])
            and (
                self._is_last(word[i:]) if len(word) - i > _MIN_PART else self._short_tail(word[i:])
            )
            for i in range(_MIN_PART, len(word) - 1)
        )

    def _short_tail(self, tail: str) -> bool:
        """A surname of two or three letters after a given name in one word (`jenniferlin`,
        `kimberlyli`): no field vocabulary, no everyday word, a noun if English (`lin`), and
        for two letters one with a vowel (the lexicon keeps no two-letter surnames)."""
        lexicon = self._lexicon
        assert lexicon is not None
        if lexicon.is_common(tail) or tail in _FIELD_PAIRS:
            return False
        if len(tail) == 2:
            return any(c in _VOWELS for c in tail)
        return self._surname(tail) and (not lexicon.is_english(tail) or lexicon.is_noun_only(tail))

    def _is_first(self, word: str) -> bool:
        lexicon = self._lexicon
        assert lexicon is not None
        return len(word) >= _MIN_PART - 1 and lexicon.is_first(word) and not lexicon.is_common(word)

    def _is_last(self, word: str) -> bool:
        lexicon = self._lexicon
        assert lexicon is not None
        return len(word) >= _MIN_PART - 1 and self._surname(word) and not lexicon.is_common(word)

    def _surname(self, word: str) -> bool:
        """A surname of the lexicon, or of Faker's lists it leaves out (`kowalski`, `nakamura`)."""
        lexicon = self._lexicon
        assert lexicon is not None
        return lexicon.is_last(word) or fold(word) in self._surnames
