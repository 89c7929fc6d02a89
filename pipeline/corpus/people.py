"""Data subjects: a name, address, birth date, e-mail and phone drawn from one Faker locale."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from faker import Faker

from pipeline.corpus import catalog
from pipeline.corpus.forms import (
    Fragment,
    address_fragment,
    dob_fragment,
    email_fragment,
    name_fragment,
    name_tokens,
)
from pipeline.corpus.phones import LOCALE_REGIONS, Phone, PhoneFactory

NameStyle = Literal["full", "lower", "cnam", "last_first", "first", "last"]
AddressStyle = Literal["street", "street_city", "full"]

# Names Faker rarely produces but real data has: apostrophes, hyphens, accents, particles.
HARD_FIRST_NAMES = (
    "Jean-Luc", "Marie-Claire", "Anne-Sophie", "Zoë", "Björn", "Éloïse", "José", "François",
    "Siân", "Seán", "Hans-Jürgen", "Łukasz",
)  # fmt: skip
HARD_LAST_NAMES = (
    "O'Brien", "O'Connor", "D'Angelo", "Müller", "García-López", "Núñez", "Dupont-Aignan",
    "de la Cruz", "van der Berg", "Schäfer", "N'Diaye", "Ó Súilleabháin",
)  # fmt: skip
_HARD_NAME_RATE = 0.12
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_DOB_FORMATS = ("iso", "us", "eu", "dotted", "long_us", "long_eu", "dashed_eu")
_OLDEST = dt.date(1938, 1, 1).toordinal()
_YOUNGEST = dt.date(2009, 12, 31).toordinal()


def _ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if char.isascii() and char.isalnum()).lower()


def format_date(day: dt.date, style: str) -> str:
    """A date in one of the written styles people use for birth dates."""
    month = _MONTHS[day.month - 1]
    return {
        "iso": day.isoformat(),
        "us": f"{day.month:02d}/{day.day:02d}/{day.year}",
        "eu": f"{day.day:02d}/{day.month:02d}/{day.year}",
        "dotted": f"{day.day:02d}.{day.month:02d}.{day.year}",
        "long_us": f"{month} {day.day}, {day.year}",
        "long_eu": f"{day.day} {month} {day.year}",
        "dashed_eu": f"{day.day:02d}-{day.month:02d}-{day.year}",
        "digits": f"{day.month:02d}{day.day:02d}{day.year}",
    }[style]


@dataclass(frozen=True)
class Person:
    """One synthetic data subject; the postal address is drawn only when first used."""

    first: str
    last: str
    locale: str
    birth: dt.date
    email: str
    phone: Phone
    fake: Faker = field(repr=False, compare=False)

    @cached_property
    def _place(self) -> tuple[str, str, str]:
        # Faker's addresses cost more than the rest of a person and most events need none.
        street = ", ".join(line.strip() for line in str(self.fake.street_address()).splitlines())
        return street, str(self.fake.city()), str(self.fake.postcode())

    @property
    def street(self) -> str:
        """Street line, e.g. "221 Baker Street"."""
        return self._place[0]

    @property
    def city(self) -> str:
        """City or town."""
        return self._place[1]

    @property
    def postcode(self) -> str:
        """Postal code."""
        return self._place[2]

    @property
    def full_name(self) -> str:
        """First and last name."""
        return f"{self.first} {self.last}"

    @property
    def splittable(self) -> bool:
        """Whether first and last name each identify on their own (else only together)."""
        return bool(name_tokens(self.first)) and bool(name_tokens(self.last))

    def name(self, style: NameStyle) -> Fragment:
        """The name written in `style`; a lone part that is an ordinary word becomes the full name."""
        if style == "first" and name_tokens(self.first):
            return name_fragment(self.first, self.full_name)
        if style == "last" and name_tokens(self.last):
            return name_fragment(self.last, self.full_name)
        text = {
            "lower": self.full_name.lower(),
            "cnam": f"{self.last} {self.first}".upper(),
            "last_first": f"{self.last}, {self.first}",
        }.get(style, self.full_name)
        return name_fragment(text, self.full_name)

    def address(self, style: AddressStyle) -> Fragment:
        """The postal address, from the street line alone to the full one-line form."""
        text = {
            "street": self.street,
            "street_city": f"{self.street}, {self.city}",
            "full": f"{self.street}, {self.postcode} {self.city}",
        }[style]
        return address_fragment(text, self.street)

    def date_of_birth(self, style: str) -> Fragment:
        """The birth date written in `style` (see `format_date`)."""
        return dob_fragment(format_date(self.birth, style), self.birth.isoformat())

    def email_address(self) -> Fragment:
        """The e-mail address as written."""
        return email_fragment(self.email)


class _Names:
    """Faker's name lists of one locale, drawn with Faker's weights and its seeded random.

    Faker recomputes the weight table of weighted lists (en_US, en_GB) on every call, which
    made names the slowest part of generation; the table is built once here instead.
    """

    def __init__(self, fake: Faker) -> None:
        provider = fake.provider("faker.providers.person")
        self._random: random.Random = fake.random
        self._first = self._table(provider.first_names)
        self._last = self._table(provider.last_names)

    @staticmethod
    def _table(
        names: Mapping[str, float] | Sequence[str],
    ) -> tuple[tuple[str, ...], tuple[float, ...] | None]:
        if isinstance(names, Mapping):
            return tuple(names), tuple(itertools.accumulate(names.values()))
        return tuple(names), None

    def _draw(self, table: tuple[tuple[str, ...], tuple[float, ...] | None]) -> str:
        names, cumulative = table
        if cumulative is None:
            return self._random.choice(names)
        return self._random.choices(names, cum_weights=cumulative)[0]

    def first(self) -> str:
        """A first name."""
        return self._draw(self._first)

    def last(self) -> str:
        """A last name."""
        return self._draw(self._last)


class PersonFactory:
    """Draws people from per-locale Faker instances seeded from one `random.Random`."""

    def __init__(
        self, rng: random.Random, fakers: Mapping[str, Faker], phones: PhoneFactory
    ) -> None:
        self._rng = rng
        self._fakers = fakers
        self._names = {locale: _Names(fake) for locale, fake in fakers.items()}
        self._locales = tuple(fakers)
        self._phones = phones

    def make(self) -> Person:
        """A new person of a random locale."""
        rng = self._rng
        locale = rng.choice(self._locales)
        names = self._names[locale]
        first, last = names.first(), names.last()
        if rng.random() < _HARD_NAME_RATE:
            first = rng.choice(HARD_FIRST_NAMES)
        if rng.random() < _HARD_NAME_RATE:
            last = rng.choice(HARD_LAST_NAMES)
        return Person(
            first=first,
            last=last,
            locale=locale,
            birth=dt.date.fromordinal(rng.randint(_OLDEST, _YOUNGEST)),
            email=self._email(first, last),
            phone=self._phones.make(LOCALE_REGIONS.get(locale)),
            fake=self._fakers[locale],
        )

    def dob_style(self) -> str:
        """A random written style for birth dates."""
        return self._rng.choice(_DOB_FORMATS)

    def _email(self, first: str, last: str) -> str:
        rng = self._rng
        given, family = _ascii_fold(first) or "info", _ascii_fold(last) or "mail"
        local = rng.choice(
            (
                f"{given}.{family}",
                f"{given[0]}{family}",
                f"{given}_{family}{rng.randint(1, 99)}",
                f"{family}.{given}",
                f"{given}{family}{rng.randint(1960, 2005)}",
                f"{given}.{family}+news",
            )
        )
        address = f"{local}@{rng.choice(catalog.EMAIL_DOMAINS)}"
        # Some people type their address capitalised; the lower-case form must still count.
        return address.title() if rng.random() < 0.1 else address
