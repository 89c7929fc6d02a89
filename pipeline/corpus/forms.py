"""Fragments of PII as they are written into an event, with the forms that count as leaks."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote_plus

from pipeline.corpus.labels import EntityType, Planted
from pipeline.corpus.vocabulary import is_ordinary_word

_NAME_PART_SEPARATORS = re.compile(r"[-'’]")
MIN_DIGITS = 7


def unique(forms: Iterable[str]) -> tuple[str, ...]:
    """Non-empty forms in first-seen order."""
    return tuple(dict.fromkeys(form for form in forms if form))


def digits(text: str) -> str:
    """The digits of `text`, in order."""
    return "".join(char for char in text if char.isdigit())


@dataclass(frozen=True)
class Fragment:
    """One PII value as written (`text`) and its other leak forms."""

    entity_type: EntityType
    text: str
    forms: tuple[str, ...] = ()

    def mapped(self, encode: Callable[[str], str]) -> Fragment:
        """The fragment after a character-level encoding (URL, XML, lower case)."""
        encoded = encode(self.text)
        if encoded == self.text:
            return self
        return Fragment(self.entity_type, encoded, unique((self.text, *self.forms)))

    def planted(self, path: str) -> Planted:
        """The label of this fragment at `path`."""
        return Planted(self.entity_type, self.text, path, unique((self.text, *self.forms)))


@lru_cache(maxsize=8192)
def name_tokens(name: str) -> tuple[str, ...]:
    """Tokens of a name that identify on their own: ≥3 letters and not an ordinary word.

    A hyphenated or apostrophised word counts whole and by its parts ("Jean-Luc", "Jean", "Luc").
    """
    tokens: list[str] = []
    for word in name.split():
        word = word.strip('.,;:!?()<>"')
        for part in (word, *_NAME_PART_SEPARATORS.split(word)):
            if sum(char.isalpha() for char in part) >= 3 and not is_ordinary_word(part):
                tokens.append(part)
    return unique(tokens)


def name_fragment(text: str, full_name: str) -> Fragment:
    """A name as written (full, one part, upper or lower case) of the person `full_name`."""
    mentioned = full_name if text.casefold() == full_name.casefold() else text
    return Fragment("PERSON", text, unique((mentioned, *name_tokens(mentioned))))


def phone_fragment(text: str, e164: str, national_significant: str) -> Fragment:
    """A phone number: E.164 and national significant digits besides the written form."""
    nsn = national_significant if len(national_significant) >= MIN_DIGITS else ""
    return Fragment("PHONE_NUMBER", text, unique((e164, nsn)))


def email_fragment(text: str) -> Fragment:
    """An e-mail address: decoded, lower-cased and %40-encoded forms."""
    decoded = unquote_plus(text)
    return Fragment(
        "EMAIL_ADDRESS", text, unique((decoded, decoded.lower(), quote(decoded, safe="")))
    )


def digits_fragment(entity_type: EntityType, text: str) -> Fragment:
    """A card or social security number: the digits alone are a leak too."""
    return Fragment(entity_type, text, unique((digits(text),)))


def iban_fragment(text: str) -> Fragment:
    """An IBAN, grouped or not: the compact upper-case form is a leak too."""
    return Fragment("IBAN_CODE", text, unique((text.replace(" ", "").upper(),)))


def dob_fragment(text: str, iso: str) -> Fragment:
    """A date of birth in any format: ISO form, and its digits when written with separators."""
    only_digits = digits(text)
    extra = only_digits if len(only_digits) >= MIN_DIGITS and only_digits != text else ""
    return Fragment("DATE_OF_BIRTH", text, unique((iso, extra)))


def address_fragment(text: str, street_line: str) -> Fragment:
    """A street address: the street line alone ("221 Baker Street") is a leak."""
    return Fragment("STREET_ADDRESS", text, unique((street_line,)))


def ip_fragment(text: str) -> Fragment:
    """An IP address; IPv6 also in compressed and exploded notation."""
    address = ipaddress.ip_address(text)
    if address.version == 6:
        return Fragment("IP_ADDRESS", text, unique((address.compressed, address.exploded)))
    return Fragment("IP_ADDRESS", text)


def plain_fragment(entity_type: EntityType, text: str, *parts: str) -> Fragment:
    """An identifier or secret that leaks only as itself (or as one of `parts`)."""
    return Fragment(entity_type, text, unique(parts))
