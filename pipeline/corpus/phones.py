"""Random phone numbers that `phonenumbers` accepts as valid for their region, in many formats."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

import phonenumbers
from phonenumbers import PhoneNumber, PhoneNumberFormat, PhoneNumberType

from pipeline.corpus.forms import Fragment, digits, phone_fragment

PhoneStyle = Literal[
    "e164", "international", "national", "digits_cc", "digits_national", "dashed", "dotted"
]
TEXT_STYLES: tuple[PhoneStyle, ...] = ("national", "international", "e164", "dashed", "dotted")

# Regions of the locales the corpus writes in, plus a few more dialled ones.
REGIONS = ("US", "GB", "DE", "FR", "ES", "IT", "NL", "BR", "IN", "CA", "AU", "MX", "IE")
LOCALE_REGIONS = {
    "en_US": "US",
    "en_GB": "GB",
    "de_DE": "DE",
    "fr_FR": "FR",
    "es_ES": "ES",
    "it_IT": "IT",
    "nl_NL": "NL",
    "pt_BR": "BR",
    "en_IN": "IN",
}
_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE)
_MAX_TRIES = 500
_LEARNED = 8
_MAX_LEARNED = 400


@dataclass(frozen=True)
class Phone:
    """A valid number with its canonical forms."""

    number: PhoneNumber
    region: str
    e164: str
    national_significant: str

    def render(self, style: PhoneStyle) -> str:
        """The number written in `style`."""
        if style == "e164":
            return self.e164
        if style == "international":
            return str(phonenumbers.format_number(self.number, PhoneNumberFormat.INTERNATIONAL))
        national = str(phonenumbers.format_number(self.number, PhoneNumberFormat.NATIONAL))
        if style == "national":
            return national
        if style == "digits_cc":
            return self.e164[1:]
        if style == "digits_national":
            return digits(national)
        if style == "dashed":
            return "-".join(self.render("international").replace("-", " ").split())
        # dotted
        return ".".join(national.replace("(", "").replace(")", "").replace("-", " ").split())

    def fragment(self, style: PhoneStyle) -> Fragment:
        """The number written in `style`, labelled."""
        return phone_fragment(self.render(style), self.e164, self.national_significant)


class PhoneFactory:
    """Draws numbers by randomising the digits of each region's example numbers.

    Validating a candidate costs ~50 µs and blind draws are often invalid, so the factory
    remembers the leading digits of numbers it found valid and mostly varies only the last
    four digits of those; a quarter of the draws keep exploring new leading digits.
    """

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._templates = {
            region: [
                (country_code, phonenumbers.national_significant_number(example))
                for kind in _TYPES
                if (example := phonenumbers.example_number_for_type(region, kind)) is not None
                and (country_code := example.country_code) is not None
            ]
            for region in REGIONS
        }
        self._prefixes: dict[str, list[str]] = {region: [] for region in REGIONS}

    def _candidate(self, region: str, attempt: int) -> tuple[int, str]:
        rng = self._rng
        country_code, template = rng.choice(self._templates[region])
        known = self._prefixes[region]
        if len(known) >= _LEARNED and rng.random() < 0.75:
            return country_code, rng.choice(known) + f"{rng.randrange(10_000):04d}"
        # Keeping a short prefix of the example makes most draws valid; keeping none
        # (early attempts) spreads numbers over more area codes.
        keep = rng.randint(0, 1) if attempt < 10 else min(3, len(template) - 4)
        free = len(template) - keep
        return country_code, template[:keep] + f"{rng.randrange(10**free):0{free}d}"

    def make(self, region: str | None = None) -> Phone:
        """A random valid number of `region` (a random region if None)."""
        region = region if region is not None else self._rng.choice(REGIONS)
        for attempt in range(_MAX_TRIES):
            country_code, candidate = self._candidate(region, attempt)
            number = PhoneNumber(country_code=country_code, national_number=int(candidate))
            if region == "IT" and candidate.startswith("0"):
                number.italian_leading_zero = True
            if phonenumbers.is_valid_number_for_region(number, region):
                known = self._prefixes[region]
                if len(known) < _MAX_LEARNED:
                    known.append(candidate[:-4])
                nsn = str(phonenumbers.national_significant_number(number))
                return Phone(number, region, f"+{country_code}{nsn}", nsn)
        raise RuntimeError(f"no valid number for {region} in {_MAX_TRIES} draws")
