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
_ACCEPTED = {
    PhoneNumberType.MOBILE: (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE),
    PhoneNumberType.FIXED_LINE: (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE),
}
_MAX_TRIES = 200


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
    """Draws numbers by randomising the digits of each region's example number."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._examples = {
            (region, kind): example
            for region in REGIONS
            for kind in _TYPES
            if (example := phonenumbers.example_number_for_type(region, kind)) is not None
        }

    def make(self, region: str | None = None) -> Phone:
        """A random valid mobile or fixed-line number of `region` (random region if None)."""
        rng = self._rng
        region = region if region is not None else rng.choice(REGIONS)
        kind = rng.choice(_TYPES)
        example = self._examples[(region, kind)]
        template = phonenumbers.national_significant_number(example)
        for attempt in range(_MAX_TRIES):
            # Keeping a short prefix of the example makes most draws valid; keeping none
            # (early attempts) spreads numbers over more area codes.
            keep = rng.randint(0, 1) if attempt < 10 else min(3, len(template) - 4)
            candidate = template[:keep] + "".join(
                rng.choice("0123456789") for _ in range(len(template) - keep)
            )
            number = PhoneNumber(country_code=example.country_code, national_number=int(candidate))
            if region == "IT" and candidate.startswith("0"):
                number.italian_leading_zero = True
            if (
                phonenumbers.is_valid_number_for_region(number, region)
                and phonenumbers.number_type(number) in _ACCEPTED[kind]
            ):
                return Phone(
                    number,
                    region,
                    str(phonenumbers.format_number(number, PhoneNumberFormat.E164)),
                    str(phonenumbers.national_significant_number(number)),
                )
        return self.make(region)
