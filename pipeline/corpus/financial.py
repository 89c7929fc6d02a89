"""Card numbers (Luhn-valid), IBANs (mod-97 valid) and US social security numbers."""

from __future__ import annotations

import random
import string

from pipeline.corpus.forms import Fragment, digits_fragment, iban_fragment
from pipeline.detection.numbers.cards import luhn_valid

# brand: (prefixes, length, digit groups when written grouped)
CARD_BRANDS: dict[str, tuple[tuple[str, ...], int, tuple[int, ...]]] = {
    "visa": (("4",), 16, (4, 4, 4, 4)),
    "mastercard": (("51", "52", "53", "54", "55", "2221", "2720"), 16, (4, 4, 4, 4)),
    "amex": (("34", "37"), 15, (4, 6, 5)),
    "discover": (("6011", "65"), 16, (4, 4, 4, 4)),
    "jcb": (("3528", "3589"), 16, (4, 4, 4, 4)),
    "diners": (("36", "38"), 14, (4, 6, 4)),
}

# country: BBAN layout, "n" a digit and "a" an upper-case letter
IBAN_LAYOUTS = {
    "DE": "n" * 18,
    "GB": "aaaa" + "n" * 14,
    "FR": "n" * 23,
    "ES": "n" * 20,
    "IT": "a" + "n" * 22,
    "NL": "aaaa" + "n" * 10,
    "BE": "n" * 12,
    "PT": "n" * 21,
}


def _luhn_complete(partial: str) -> str:
    for check in string.digits:
        if luhn_valid(partial + check):
            return partial + check
    raise AssertionError("unreachable: one of ten check digits always fits")


def iban_check_digits(country: str, bban: str) -> str:
    """The two ISO 13616 check digits of an IBAN."""
    rearranged = bban + country + "00"
    numeric = "".join(str(int(char, 36)) for char in rearranged)
    return f"{98 - int(numeric) % 97:02d}"


def iban_valid(iban: str) -> bool:
    """Whether an IBAN (with or without spaces) passes the mod-97 check."""
    compact = iban.replace(" ", "").upper()
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


class FinancialFactory:
    """Draws card numbers, IBANs and SSNs, written the ways people write them."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def _digits(self, count: int) -> str:
        return f"{self._rng.randrange(10**count):0{count}d}"

    def card_number(self) -> tuple[str, tuple[int, ...]]:
        """A Luhn-valid number of a random brand, with that brand's digit grouping."""
        prefixes, length, groups = CARD_BRANDS[self._rng.choice(tuple(CARD_BRANDS))]
        prefix = self._rng.choice(prefixes)
        return _luhn_complete(prefix + self._digits(length - len(prefix) - 1)), groups

    def card(self, separator: str | None = None) -> Fragment:
        """A card number: digits only, or grouped with spaces or dashes (random if None)."""
        number, groups = self.card_number()
        if separator is None:
            separator = self._rng.choice(("", " ", " ", "-"))
        parts, start = [], 0
        for size in groups:
            parts.append(number[start : start + size])
            start += size
        return digits_fragment("CREDIT_CARD", separator.join(parts))

    def iban(self) -> Fragment:
        """A mod-97-valid IBAN of a European country, compact or in groups of four."""
        rng = self._rng
        country = rng.choice(tuple(IBAN_LAYOUTS))
        bban = "".join(
            rng.choice(string.digits if kind == "n" else string.ascii_uppercase)
            for kind in IBAN_LAYOUTS[country]
        )
        compact = country + iban_check_digits(country, bban) + bban
        if rng.random() < 0.5:
            return iban_fragment(compact)
        return iban_fragment(" ".join(compact[i : i + 4] for i in range(0, len(compact), 4)))

    def ssn(self, separator: str | None = None) -> Fragment:
        """A US SSN in a valid format (area not 000, 666 or 9xx; group and serial not zero)."""
        rng = self._rng
        area = rng.randint(1, 898)
        area += area >= 666  # skips 666, keeps the draw uniform over the valid areas
        group, serial = rng.randint(1, 99), rng.randint(1, 9999)
        sep = rng.choice(("-", "-", " ", "")) if separator is None else separator
        return digits_fragment("US_SSN", f"{area:03d}{sep}{group:02d}{sep}{serial:04d}")
