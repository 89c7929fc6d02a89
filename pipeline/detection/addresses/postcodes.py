"""Regions and postcodes: the last line of an address, in the formats of the countries we serve.

US states and territories, Canadian provinces (codes and names), Australian states, US ZIP and
ZIP+4, Canadian
"K2P 1L4", UK "SW1A 2AA", 5-digit (DE, FR, ES, IT), 4-digit (AT, CH, BE, DK) and Dutch
"1017 KG" postcodes, and the shape of a town's name. Expressions only: `address_lines` writes
the lines with them.
"""

from __future__ import annotations

import re
from functools import lru_cache

US = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|"
    "NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI"
)
CA = "AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT"
REGION_CODES = frozenset(f"{US}|{CA}".split("|"))
# state codes written in lower case that are also words: only upper case counts for them
_WORDLIKE = {"in", "or", "me", "hi", "oh", "ok", "de", "la", "pa", "ma", "al", "id", "co", "on"}
_WORDLIKE |= {"pr", "gu", "vi"}
LOWER_STATES = "|".join(c.lower() for c in f"{US}|{CA}".split("|") if c.lower() not in _WORDLIKE)
WORDLIKE_STATES = "|".join(sorted(_WORDLIKE))
# the codes that are no English word in capitals either ("OK", "IN", "ME" are)
PLAIN_CODES = "|".join(c for c in f"{US}|{CA}".split("|") if c.lower() not in _WORDLIKE)
_PROVINCES = (
    "Alberta|British Columbia|Manitoba|New Brunswick|Newfoundland and Labrador|Nova Scotia|"
    "Ontario|Prince Edward Island|Quebec|Québec|Saskatchewan|Yukon|Nunavut|Northwest Territories"
)
# Faker's states are the fifty: the district and the territories have ZIPs too
_TERRITORIES = "District of Columbia|Puerto Rico|Guam|U.S. Virgin Islands|Virgin Islands"
# the news agencies' abbreviations of the states, always with their full stop ("Okla.", "N.H."
# is matched by the two-letter shape)
AP_STATES = (
    r"(?:Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Kans|Ky|La|Md|Mass|Mich|Minn|"
    r"Miss|Mo|Mont|Neb|Nebr|Nev|Okla|Ore|Oreg|Pa|Penn|Tenn|Tex|Vt|Va|Wash|Wis|Wisc|Wyo)\."
)
# Australia's states and territories, as Australia Post writes them (and "Vic", "Qld", "Tas")
AU_STATES = r"(?:NSW|VIC|QLD|TAS|ACT|NT|SA|WA|Vic|Qld|Tas)"
# a postcode of three or four digits after a town (AU, NZ, ZA...): no year's, time's or
# decimal's digits go on from it
SHORT_POSTCODE = r"\d{3,4}(?![\w-]|[.,:/]\d|\s*\d)"
ZIP = r"(?:\d{5}(?:-?\d{4})?(?![\d-])|[A-Z]\d[A-Z]\s?\d[A-Z]\d\b)"
UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b"
# 5-digit (DE, FR, ES, IT), Dutch "1017 KG", 4-digit (AT, CH, BE, DK)
EU_POSTCODE = r"(?:\d{5}|\d{4}\s?[A-Z]{2}(?![A-Za-z])|\d{4})"
_CITY_WORD = r"[A-Z][\w'’-]*\.?"
# a town's name may hold a particle in lower case ("Town and Country", "Lake in the Hills")
_PARTICLE = r"(?:and|in|the|of|on|upon|de|la|du|des|le|les|sur|by)"
CITY = rf"{_CITY_WORD}(?:[ -](?:{_PARTICLE}\s+){{0,2}}{_CITY_WORD}){{0,3}}"


@lru_cache(maxsize=1)
def state_names() -> str:
    """US states and territories and Canadian provinces by name, as one alternation."""
    from faker.providers.address.en_US import Provider as Address

    names = {*Address.states, *_PROVINCES.split("|"), *_TERRITORIES.split("|")}
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


@lru_cache(maxsize=1)
def upper_state_names() -> str:
    """The same names in capitals ("CALIFORNIA", "NEW YORK")."""
    from faker.providers.address.en_US import Provider as Address

    names = {*Address.states, *_PROVINCES.split("|"), *_TERRITORIES.split("|")}
    return "|".join(re.escape(n.upper()) for n in sorted(names, key=len, reverse=True))
