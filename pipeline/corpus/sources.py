"""Everything random an event draws from, built from one seed (no global random state)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from faker import Faker

from pipeline.corpus.financial import FinancialFactory
from pipeline.corpus.forms import Fragment
from pipeline.corpus.identifiers import IdentifierFactory
from pipeline.corpus.people import Person, PersonFactory
from pipeline.corpus.phones import TEXT_STYLES, PhoneFactory
from pipeline.corpus.text import Piece, Text, fill

DEFAULT_LOCALES = (
    "en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR", "en_IN",
)  # fmt: skip
# Lists Faker builds from a set, so their order (and what a seeded draw returns) changes with the
# process's string hash seed: it_IT's cities are `list({...})`. Sorted here, a seed gives the same
# corpus in every process (a bench or quality figure is reproducible, two runs compare record by
# record).
_SET_ORDERED: dict[str, tuple[tuple[str, str], ...]] = {
    "it_IT": (("faker.providers.address", "cities"),),
}
_EPOCH = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
_SPAN_SECONDS = 180 * 24 * 3600
_TITLES = ("Mr.", "Ms.", "Mrs.", "Dr.")


def _stable_order(fake: Faker, locale: str) -> None:
    """Sort the lists Faker built from a set in this locale (see `_SET_ORDERED`)."""
    for provider_name, attribute in _SET_ORDERED.get(locale, ()):
        provider = fake.provider(provider_name)
        if provider is not None:
            setattr(provider, attribute, sorted(getattr(provider, attribute)))


@dataclass(frozen=True)
class Sources:
    """The seeded factories behind one generated corpus."""

    rng: random.Random
    ids: IdentifierFactory
    phones: PhoneFactory
    people: PersonFactory
    money: FinancialFactory

    @classmethod
    def seeded(cls, seed: int | str, locales: Sequence[str] = DEFAULT_LOCALES) -> Sources:
        """Factories whose every draw follows from `seed`."""
        rng = random.Random(f"pipeline.corpus:{seed}")
        fakers: dict[str, Faker] = {}
        for locale in locales:
            fake = Faker(locale)
            fake.seed_instance(rng.getrandbits(64))
            _stable_order(fake, locale)
            fakers[locale] = fake
        phones = PhoneFactory(rng)
        return cls(
            rng=rng,
            ids=IdentifierFactory(rng),
            phones=phones,
            people=PersonFactory(rng, fakers, phones),
            money=FinancialFactory(rng),
        )

    def chance(self, probability: float) -> bool:
        """True with the given probability."""
        return self.rng.random() < probability

    def timestamp(self) -> dt.datetime:
        """A moment in the first half of 2025, to the second, in UTC."""
        return _EPOCH + dt.timedelta(seconds=self.rng.randrange(_SPAN_SECONDS))

    def amount(self) -> str:
        """A benign money amount for sentences."""
        return str(self.rng.choice((self.rng.randint(2, 400), f"{self.rng.uniform(1, 500):.2f}")))

    def number_slots(self) -> dict[str, Callable[[], Piece]]:
        """Fillers for the benign slots: money amounts and small counts."""
        return {"amount": self.amount, "n": lambda: str(self.rng.randint(2, 30))}

    def slots(self, person: Person) -> dict[str, Callable[[], Piece]]:
        """Fillers for the template slots, all about `person` where they concern a person."""
        rng = self.rng

        def phone() -> Fragment:
            return person.phone.fragment(rng.choice(TEXT_STYLES))

        def second_phone() -> Fragment:
            return self.phones.make().fragment(rng.choice(TEXT_STYLES))

        return {
            "name": lambda: person.name("full"),
            "name_lc": lambda: person.name("lower"),
            "first": lambda: person.name("first"),
            "last": lambda: person.name("last"),
            "title": lambda: rng.choice(_TITLES),
            "address": lambda: person.address(rng.choice(("street", "street_city", "full"))),
            "phone": phone,
            "phone2": second_phone,
            "email": person.email_address,
            "dob": lambda: person.date_of_birth(self.people.dob_style()),
            "card": self.money.card,
            "iban": self.money.iban,
            "ssn": self.money.ssn,
            "ip": self.ids.ip,
            **self.number_slots(),
        }

    def sentence(self, templates: Sequence[str], person: Person) -> Text:
        """One template, chosen at random, filled for `person`."""
        return fill(self.rng.choice(templates), self.slots(person))

    def benign(self, templates: Sequence[str]) -> str:
        """A template without PII slots, filled with benign numbers."""
        return fill(self.rng.choice(templates), self.number_slots()).string
