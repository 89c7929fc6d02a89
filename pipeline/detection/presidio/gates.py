"""Which recognizers run on a text: cheap necessary conditions, worked out once per recognizer.

Most recognizers find nothing in most texts. Each gets a gate: the digits a match needs (most
identifiers are mostly digits, and a text's digits are counted once), other cheap conditions
of its entities, a stretch every match holds (`SHAPES`, a plain search for a few costly
patterns), the context words its entities cannot do without, and one search for all its
patterns (`precheck`). A recognizer runs on a text only when its gate opens: a gate that stays
shut means the recognizer would have returned nothing (or only results dropped for want of
context).

The conditions used to be one function per entity, called for every recognizer on every text;
a digit threshold is now a number compared with the text's count (no call), which is what
most of them were.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import regex
from presidio_analyzer import EntityRecognizer

from pipeline.detection.presidio.analysis import PatternAnalysis, pattern_analysis
from pipeline.detection.presidio.precheck import Precheck, precheck

Condition = Callable[[str, int], bool]  # (text, its number of digits) -> may it match?

# How every match of Presidio's IBAN pattern starts (its flags: no IGNORECASE): two capitals
# after no capital or digit, two digits, then two groups of four; an account id's "ZUM947" is
# none ("MAK4OKHZUM947ATZ7AGK")
_IBAN_HINT = re.compile(r"(?<![A-Z0-9])[A-Z]{2}[0-9]{2}(?:[ -]?[A-Z0-9]{4}){2}")
# Every credential pattern holds one of these (SecretFormatRecognizer in models/): a word in
# any case, or a prefix as written. A case-insensitive search costs 5x a plain one, so ASCII
# text (where ignoring case is lower-casing) is lower-cased and searched plainly.
_SECRET_WORDS = r"bearer|basic|digest|token|secret|passw|passphrase|pwd|api.?key|auth"
_SECRET_WORD = re.compile(_SECRET_WORDS)
_SECRET_WORD_ANY_CASE = re.compile(_SECRET_WORDS, re.IGNORECASE)
_SECRET_PREFIX = re.compile(
    r"sk_|rk_|pk_|whsec_|AKIA|ASIA|ABIA|ACCA|gh[pousr]_|github_pat_|xox|AIza|eyJ|-----BEGIN"
)


def _secret_hint(text: str) -> bool:
    if _SECRET_PREFIX.search(text) is not None:
        return True
    if text.isascii():
        return _SECRET_WORD.search(text.lower()) is not None
    return _SECRET_WORD_ANY_CASE.search(text) is not None


# Digits a match of the entity holds at least.
MIN_DIGITS: dict[str, int] = {
    "CREDIT_CARD": 12,
    "US_SSN": 9,
    "DATE_OF_BIRTH": 4,
    "UK_NINO": 6,
    "UK_NHS": 10,
    "ES_NIF": 7,
    "ES_NIE": 7,
    "IN_PAN": 4,
    "IN_AADHAAR": 12,
    "AU_TFN": 8,
    "AU_ABN": 11,
    "SG_NRIC_FIN": 7,
    "US_DRIVER_LICENSE": 4,
    "US_ITIN": 9,
    "US_PASSPORT": 8,
}
# Other cheap necessary conditions of an entity's matches.
CONDITIONS: dict[str, Condition] = {
    "EMAIL_ADDRESS": lambda t, d: "@" in t or "%40" in t,
    "IBAN_CODE": lambda t, d: _IBAN_HINT.search(t) is not None,
    "IP_ADDRESS": lambda t, d: (t.count(".") >= 3 and d >= 4) or t.count(":") >= 2,
    "CRYPTO": lambda t, d: len(t) >= 26,
    "ACCOUNT_ID": lambda t, d: "A" in t and len(t) >= 20,
    "USERNAME": lambda t, d: "@" in t or "=" in t or ":" in t or " is " in t,
    "IT_FISCAL_CODE": lambda t, d: d >= 7 and len(t) >= 16,
    "MAC_ADDRESS": lambda t, d: t.count(":") >= 5 or t.count("-") >= 5 or t.count(".") >= 2,
    "SECRET": lambda t, d: _secret_hint(t),
}


class Shape(Protocol):
    """A compiled `re` or `regex` pattern: only its search is used."""

    def search(self, string: str, /) -> Any: ...


# A stretch every match of the entity holds, searched once the counts let a recognizer through
# (its patterns, searched by `regex`, cost 5-30 us a text; these plain ones 1-4 us):
SHAPES: dict[str, Shape] = {
    # every alternative is 16 one-character classes of letters and digits in a row
    "IT_FISCAL_CODE": re.compile(r"[^\W_]{16}"),
    # `[0-9]{7}` in every pattern
    "ES_NIF": re.compile(r"[0-9]{7}"),
    "ES_NIE": re.compile(r"[0-9]{7}"),
    "SG_NRIC_FIN": re.compile(r"[0-9]{7}"),
    # letter, three pairs of digits (each maybe after a space), a letter A-D (the pattern
    # without its boundaries and its excluded prefixes)
    "UK_NINO": re.compile(r"[A-Za-z][ .-]?[0-9]{2}[ .-]?[0-9]{2}[ .-]?[0-9]{2}[ .-]?[A-Da-d]"),
    # `[0-9]{4}` in every pattern (the weakest in its lookahead)
    "IN_PAN": re.compile(r"[0-9]{4}"),
    # two hex pairs and their separators (`:`/`-` form), or two groups of 4 and their dots
    "MAC_ADDRESS": re.compile(
        r"[0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}[:-]|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\."
    ),
    # `(bc1|[13])` and 25 more of the class: 26 characters of it in a row
    "CRYPTO": re.compile(r"[a-zA-HJ-NP-Z0-9]{26}"),
    # every pattern's digits: 3, 2 and 4 in a row, a separator perhaps after the 3 and the 5
    # ("123-45-6789", "12345-6789", "123-456789", "123456789")
    "US_SSN": re.compile(r"[0-9]{3}[- .]?[0-9]{2}[- .]?[0-9]{4}"),
    # a 9 and 2 digits, 2 and 4 more, a separator perhaps between ("912-70-1234", "912701234");
    # `regex`'s `\d`, as the patterns'
    "US_ITIN": regex.compile(r"9\d{2}[- ]?\d{2}[- ]?\d{4}"),
    # 13 digits with at most one separator between two (a space, "-" or the dotted groups'
    # "."): what every card pattern holds, the Luhn runs' and Presidio's grouped ones
    "CREDIT_CARD": regex.compile(r"\d(?:[ .-]?\d){12}"),
    # the handle pattern's "@" and first character
    "USERNAME": re.compile(r"@[A-Za-z0-9_]"),
    # numeric dates hold a digit, a separator and a digit; written ones end with a space and
    # 19xx/20xx. Searched with `regex`, as the patterns are: its `\d` knows newer digit scripts.
    "DATE_OF_BIRTH": regex.compile(r"\d[-/.]\d|\s(?:19|20)\d\d"),
}
# No digit count reaches it: the gate is the other conditions alone.
_NO_DIGIT_GATE = sys.maxsize


@dataclass(frozen=True, slots=True)
class Gate:
    """One recognizer and when it has to run (the detector's `_cheap` checks these in order)."""

    recognizer: EntityRecognizer
    name: str
    entities: list[str]
    min_digits: int  # the gate opens with at least this many digits in the text...
    conditions: tuple[Condition, ...]  # ...or when one of these holds
    shape: Shape | None  # and then only if this is found (one entity only)
    context: tuple[str, ...] | None  # lower-cased; one must be in the text (None: no need)
    patterns: Precheck | None  # one search for all the patterns (None: none possible)
    analysis: PatternAnalysis | None  # `analyze` without Presidio's bookkeeping (None: its own)


def mentions_any(low: str, words: Sequence[str]) -> bool:
    """Whether the lower-cased text holds one of `words`."""
    return any(w in low for w in words)


def gate(recognizer: EntityRecognizer, context_required: Iterable[str], timeout_s: float) -> Gate:
    """The gate of `recognizer`; an entity without any known condition keeps it always open."""
    entities = list(recognizer.supported_entities)
    unknown = not entities or any(e not in MIN_DIGITS and e not in CONDITIONS for e in entities)
    thresholds = [MIN_DIGITS[e] for e in entities if e in MIN_DIGITS]
    min_digits = 0 if unknown else min(thresholds, default=_NO_DIGIT_GATE)
    conditions = () if unknown else tuple(CONDITIONS[e] for e in entities if e in CONDITIONS)
    required = frozenset(context_required)
    context = None
    # a recognizer whose entities all need context runs only if one of its words is there
    if entities and all(e in required for e in entities):
        context = tuple(c.lower() for c in getattr(recognizer, "context", None) or ())
    name = str(getattr(recognizer, "name", type(recognizer).__name__))
    shape = SHAPES.get(entities[0]) if len(entities) == 1 else None
    return Gate(
        recognizer,
        name,
        entities,
        min_digits,
        conditions,
        shape,
        context,
        precheck(recognizer, timeout_s),
        pattern_analysis(recognizer),
    )
