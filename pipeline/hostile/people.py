"""Identifiers to plant: names, e-mails, phone numbers and secrets, drawn by a seeded Faker."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

import phonenumbers
from faker import Faker

# Locales whose names are written in a caseless script (no capital letter to find).
CASELESS_LOCALES: dict[str, str] = {
    "arabic": "ar_AA",
    "hebrew": "he_IL",
    "chinese": "zh_CN",
    "japanese": "ja_JP",
    "thai": "th_TH",
    "devanagari": "hi_IN",
}
_REGIONS = ("US", "GB", "DE", "FR")


@dataclass(frozen=True)
class Phone:
    e164: str
    national: str  # as written in the country, with its spaces
    digits: str  # national significant number


class People:
    """Seeded source of plausible identifiers (never the evaluation corpus's)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self._fake = Faker("en_US")
        self._fake.seed_instance(seed)
        self._caseless = {script: Faker(loc) for script, loc in CASELESS_LOCALES.items()}
        for i, fake in enumerate(self._caseless.values()):
            fake.seed_instance(seed + i + 1)

    def name(self) -> tuple[str, str]:
        """(first, last)."""
        return self._fake.first_name(), self._fake.last_name()

    def email(self) -> str:
        first, last = self.name()
        sep = self.rng.choice([".", "_", ""])
        local = f"{first}{sep}{last}{self.rng.randint(1, 99)}".lower()
        domain = self.rng.choice(
            ["example.com", "mail.example.org", "example.net", "corp.example.co.uk"]
        )
        return f"{local}@{domain}"

    def phone(self) -> Phone:
        region = self.rng.choice(_REGIONS)
        example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        assert example is not None
        nsn = str(example.national_number)
        # vary the subscriber digits, keep the prefix that makes it a valid mobile number
        for _ in range(50):
            tail = "".join(self.rng.choice(string.digits) for _ in range(4))
            candidate = phonenumbers.parse(f"+{example.country_code}{nsn[:-4]}{tail}")
            if phonenumbers.is_valid_number(candidate):
                break
        else:
            candidate = example
        fmt = phonenumbers.PhoneNumberFormat
        return Phone(
            phonenumbers.format_number(candidate, fmt.E164),
            phonenumbers.format_number(candidate, fmt.NATIONAL),
            str(candidate.national_number),
        )

    def caseless_name(self, script: str) -> str:
        fake = self._caseless[script]
        return str(fake.name())

    def secret(self, length: int = 32, alphabet: str = string.ascii_letters + string.digits) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(length))

    def uuid(self) -> str:
        return str(self._fake.uuid4())
