"""Phone numbers: in tagged fields (parse and generalise) and in free text (find and validate).

Presidio's PhoneRecognizer runs libphonenumber's matcher once per region over every text and
is the slowest default recognizer (Presidio #1094). Here a cheap regex finds digit runs that
could be numbers, and libphonenumber decides only for those. URL-encoded numbers
(`%2B14155550100`, stock Presidio misses them) are decoded first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal
from urllib.parse import unquote

import phonenumbers
import regex  # partial matching: "could a valid number begin with these digits?"
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberType
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE, _number_type_helper

from pipeline.detection.numbers import phone_digits, phone_extension, phone_parse
from pipeline.detection.numbers.phone_regions import PLAIN_NATIONAL, needs_parse
from pipeline.detection.numbers.tables import MONTH, table_shaped
from pipeline.detection.numbers.unix_times import labelled_unix_time
from pipeline.detection.spans import Detection

_CANDIDATE = re.compile(
    r"(?<![\w.%-])(?:(?:\+|%2[bB]|00)\s?)?(?:\(?\d[\d\s().\-/]{5,22}\d)"
    r"(?:(?![\w%-])|(?=(?i:x|ext)\.?\d))"  # "2015550123x12": an extension may follow at once
)
# "201\u2013555\u20130123": dashes of other kinds, read as "-" (one character for one: offsets hold)
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63", "-"))
# "is415-555-0132", "at+44 20 7946 0958": a short word glued to the number
_GLUED = re.compile(
    r"(?i)(?:(?<=\s)|^)(?:is|at|on|to|tel|ph|no|nr|call|mob|cell|fax)"
    r"(?P<number>\+?\(?\d[\d\s().\-/]{5,22}\d)(?![\w%-])"
)
# "callme4155550132", "mobile07400123456": any word glued to nine digits or more
_GLUED_LONG = re.compile(
    r"(?<![\w])[A-Za-z]{2,20}(?P<number>\+?\(?\d(?:[\d().\-]|\s(?=\d)){7,22}\d)(?![\w%-])"
)
_GLUED_LONG_DIGITS = 9
_EXTENSION = re.compile(r"(?i)\s*,?\s*(?:x|ext\.?|extn\.?|extension|#)\s*\d{1,6}\b")
_TIME_AFTER = re.compile(r":\d\d\b")
_MONTH_BEFORE = re.compile(MONTH + r",?\s*$")
_DATE_LIKE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$")
# the run goes on past the candidate's 24 characters: "01 23 45 67 89 / 06 12 34 56 78"
_CONTINUED = re.compile(r"(?:[ \t().\-/]{1,3}\d{1,12}){1,8}(?![\w%-])")
# a slash between two numbers of six digits or more each: "(02) 1234 5678 / 0412 345 678"
_SLASH = re.compile(r"\s*/\s*")
# "3.7504 / 06", "2,343.00 / 43.50", "1.4871 ( 1.4935 )": quotes and prices with decimals
_DECIMALS = re.compile(
    r"(?<![\d.])\d+\.\d+(?![\d.])\s*/|(?<![\d.])\d+\.\d+\s*\(\s*\d+\.\d+(?![\d.])"
)
_SIP = re.compile(r"^(?:sips?|tel):(?P<user>[^@;]+)(?:@(?P<host>[^;>]+))?", re.IGNORECASE)
phone_digits.install()  # libphonenumber's digit normalisation, fast for ASCII text
phone_extension.install()  # and its extension search, skipped on a plain number
phone_parse.install()  # and its number extraction and type matches, with fewer searches

_LINE_TYPES = {
    PhoneNumberType.FIXED_LINE: "fixed_line",
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.PREMIUM_RATE: "premium_rate",
    PhoneNumberType.SHARED_COST: "shared_cost",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.PERSONAL_NUMBER: "personal",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.UAN: "uan",
    PhoneNumberType.VOICEMAIL: "voicemail",
}


CountrySource = Literal["number", "calling_code"]
_NON_GEOGRAPHIC = "001"  # libphonenumber's region of non-geographic calling codes
NANP = "NANP"  # +1 whose area code names no single region of the North American Numbering Plan
_TYPE_DESCS = (
    "fixed_line",
    "mobile",
    "toll_free",
    "premium_rate",
    "shared_cost",
    "personal_number",
    "voip",
    "pager",
    "uan",
    "voicemail",
)


@dataclass(frozen=True)
class ParsedPhone:
    """A phone number from a tagged field, generalised."""

    e164: str | None  # None when the value is not a parseable number (e.g. a SIP user name)
    country: str | None
    line_type: str
    valid: bool
    normalized: str  # what the subject token is computed from
    # number: the number is valid for `country`; calling_code: only its calling code (and,
    # for +1, its area code) names the country
    country_source: CountrySource | None = None


@lru_cache(maxsize=4096)
def _starts_like(region: str, leading: str) -> bool:
    """Whether some valid number of `region` begins with the national digits `leading`."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if meta is None:
        return False
    for name in _TYPE_DESCS:
        desc = getattr(meta, name, None)
        pattern = getattr(desc, "national_number_pattern", None)
        if pattern and regex.fullmatch(pattern, leading, partial=True):
            return True
    return False


def calling_code_country(number: PhoneNumber) -> str | None:
    """The country of a number that is not valid for any region, from its calling code.

    A calling code of one region names it. Of several, the regions whose valid numbers begin
    with the number's first national digits (for +1 the area code) are the candidates: one
    candidate is the country; for +1 otherwise `NANP` (never `US` by default); for other
    shared codes the code's main region. Non-geographic codes (+800, +882, ...) name none.
    """
    code = number.country_code or 0
    regions = [
        r
        for r in phonenumbers.region_codes_for_country_code(code)
        if r not in (phonenumbers.UNKNOWN_REGION, _NON_GEOGRAPHIC)
    ]
    if len(regions) <= 1:
        return regions[0] if regions else None
    national = str(number.national_number)
    leading = national[:3] if code == 1 else national[:4]
    candidates = [r for r in regions if _starts_like(r, leading)]
    if len(candidates) == 1:
        return candidates[0]
    if code == 1:
        return NANP
    main = phonenumbers.region_code_for_country_code(code)
    return main if main in regions else None


# (number, region it is valid for or None, its libphonenumber type when already known)
_Found = tuple[PhoneNumber, str | None, int | None]


def _parse(text: str, regions: Sequence[str]) -> _Found | None:
    """The number, the region it is valid for (None: only possible) and, when the validity check
    computed it, the number's type; or None.

    libphonenumber's validity checks walk the metadata of every region of a country code, so
    each is done once here: a valid number's region is kept instead of being looked up again.
    """
    stripped = text.strip()
    if stripped.startswith(("+", "00")):
        international = "+" + stripped[2:] if stripped.startswith("00") else stripped
        return _international(international)
    digits = "".join(ch for ch in stripped if ch.isdigit())
    if len(digits) >= 11 and digits[0] != "0":
        # a country code written without "+" (14155550100): one parse instead of one per region
        found = _international("+" + digits)
        if found is not None and found[1] is not None:
            return found
    best: _Found | None = None
    plain = digits if PLAIN_NATIONAL.fullmatch(stripped) else None
    for region in regions:
        if plain is not None and not needs_parse(plain, region, best is None):
            continue  # the parse would find neither a valid number nor a first possible one
        try:
            number = phonenumbers.parse(stripped, region)
        except NumberParseException:
            continue
        if phonenumbers.is_valid_number_for_region(number, region):
            # the type is of the region the number names, which need not be `region` (+1)
            return number, region, None
        if best is None and phonenumbers.is_possible_number(number):
            best = (number, None, None)
    return best


def _number_kind(number: PhoneNumber, region: str) -> int:
    """`is_valid_number_for_region` and `number_type` in one: the number's type for `region`
    (UNKNOWN: not valid there). Each of them computes the type again, and the type is the
    costly part of both (a pattern per kind of line), so it is computed once here."""
    code = number.country_code or 0
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(code, region)
    if metadata is None or (
        region != _NON_GEOGRAPHIC and code != phonenumbers.country_code_for_valid_region(region)
    ):
        return PhoneNumberType.UNKNOWN
    return _number_type_helper(phonenumbers.national_significant_number(number), metadata)


def _international(text: str) -> _Found | None:
    try:
        number = phonenumbers.parse(text, None)
    except NumberParseException:
        return None
    region, kind = _region_and_kind(number)
    if region is not None and kind != PhoneNumberType.UNKNOWN:
        return number, region, kind
    return (number, None, None) if phonenumbers.is_possible_number(number) else None


def _region_and_kind(number: PhoneNumber) -> tuple[str | None, int]:
    """`region_code_for_number` and then `_number_kind` for that region, in one: for a calling
    code of several regions (+1, +44) the region is found by computing the number's type for
    each until one is valid, and that type is the one `_number_kind` would compute again."""
    code = number.country_code or 0
    regions = COUNTRY_CODE_TO_REGION_CODE.get(code)
    if regions is None:
        return None, PhoneNumberType.UNKNOWN
    if len(regions) == 1:
        return regions[0], _number_kind(number, regions[0])
    national = phonenumbers.national_significant_number(number)
    for region in regions:  # the order and tests of _region_code_for_number_from_list
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
        if metadata is None:
            continue
        if metadata.leading_digits is not None:
            if re.match(metadata.leading_digits, national):
                return region, _number_kind(number, region)
            continue
        kind = _number_type_helper(national, metadata)
        if kind != PhoneNumberType.UNKNOWN:
            return region, kind
    return None, PhoneNumberType.UNKNOWN


def preload_phones() -> None:
    """Load every region's metadata and compile its patterns now, kept for good: libphonenumber
    loads and compiles them on first use (mid-batch), and `re`'s own cache holds only 512."""
    phonenumbers.enable_pattern_cache()
    for region in phonenumbers.SUPPORTED_REGIONS:
        example = phonenumbers.example_number(region)
        if example is not None:
            phonenumbers.number_type(example)
    for code in phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS:
        phonenumbers.PhoneMetadata.metadata_for_nongeo_region(code)


def parse_phone_field(value: str, regions: Sequence[str]) -> ParsedPhone:
    """Parse a from/to field: E.164, national digits, `sip:`/`tel:` URIs or URL-encoded forms."""
    return _parse_field(value, tuple(regions))


# libphonenumber is the costliest step; numbers repeat a lot (within an event: its subject and
# its field; across events: a caller). ~340 bytes an entry: 16,384 keep 5.6 MB at most.
@lru_cache(maxsize=16_384)
def _parse_field(value: str, regions: tuple[str, ...]) -> ParsedPhone:
    text = unquote(value).strip()
    sip = _SIP.match(text)
    if sip:
        text = sip.group("user")
    digits = re.sub(r"[^\d+]", "", text)
    found = _parse(text, regions) if len(digits) >= 5 else None
    if found is None:
        # not a number (a SIP user name, a short code): still an identifier of the subject
        return ParsedPhone(None, None, "unknown", False, text.lower())
    number, region, kind = found
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if region is None:
        country = calling_code_country(number)
        source: CountrySource | None = "calling_code" if country else None
        return ParsedPhone(e164, country, "unknown", False, e164, source)
    if kind is None:
        kind = phonenumbers.number_type(number)
    line_type = _LINE_TYPES.get(kind, "unknown")
    if region == _NON_GEOGRAPHIC:  # +800, +882, ...: valid, but of no country
        return ParsedPhone(e164, None, line_type, True, e164, None)
    return ParsedPhone(e164, region, line_type, True, e164, "number")


@lru_cache(maxsize=16_384)
def _judge(text: str, regions: tuple[str, ...]) -> bool | None:
    """None: not a number; True: a valid number; False: only a possible one."""
    found = _parse(text, regions)
    return None if found is None else found[1] is not None


def _split_run(run: str, offset: int, regions: Sequence[str]) -> list[Detection]:
    """Numbers inside a long digit run: windows of up to five digit groups, longest first."""
    groups = [(m.start(), m.end()) for m in re.finditer(r"\+?\(?\d[\d().-]*", run)]
    found: list[Detection] = []
    i = 0
    key = tuple(regions)
    while i < len(groups):
        for j in range(min(len(groups), i + 5), i, -1):
            start, end = groups[i][0], groups[j - 1][1]
            window = run[start:end]
            digits = sum(ch.isdigit() for ch in window)
            if 7 <= digits <= 15 and _judge(window, key) is not None:
                found.append(
                    Detection(offset + start, offset + end, "PHONE_NUMBER", 0.5, "phone:run")
                )
                i = j - 1
                break
        i += 1
    if found and len(groups) > 1 and found[0].start == offset + groups[1][0]:
        lead = run[groups[0][0] : groups[0][1]]
        if lead.startswith("+") and len(lead) <= 4:
            # "+371 721 5240": the number found after a calling code takes the code too
            found[0] = replace(found[0], start=offset + groups[0][0])
    return found


def find_phones(text: str, regions: Sequence[str]) -> list[Detection]:
    """Phone numbers in free text (also URL-encoded), validated with libphonenumber."""
    if sum(map(str.isdigit, text)) < 6:
        return []
    found: list[Detection] = []
    text = text.translate(_DASHES)
    pos = 0
    while (m := _CANDIDATE.search(text, pos)) is not None:
        end = m.end()
        continued = _CONTINUED.match(text, end)
        if continued:
            end = continued.end()
        dets = _candidate(text, m.start(), end, regions)
        found.extend(dets)
        pos = end
        if dets and dets[-1].recognizer == "phone:run" and dets[-1].end < pos:
            # a run cut at the candidate's length ("020 7946 0018 / 07700 900461" ends at
            # "07700"): what is left of it is looked at again with what follows
            pos = dets[-1].end
    for m in _GLUED.finditer(text):
        found.extend(_candidate(text, *m.span("number"), regions))
    starts = {d.start for d in found}
    for m in _GLUED_LONG.finditer(text):
        number = m.group("number")
        if m.start("number") not in starts and sum(map(str.isdigit, number)) >= _GLUED_LONG_DIGITS:
            found.extend(_candidate(text, *m.span("number"), regions))
    return found


def _candidate(text: str, start: int, end: int, regions: Sequence[str]) -> list[Detection]:
    """The numbers in text[start:end], a candidate digit run."""
    raw = text[start:end]
    # the month is looked for just before the candidate: searching the whole prefix for
    # every candidate made 32 KB of "1 1 1 …" take a minute
    if _TIME_AFTER.match(text, end) or _MONTH_BEFORE.search(text, max(0, start - 64), start):
        return []  # "Feb 1 2015 11:11": a date and a time
    if table_shaped(text, start, end):
        return []  # "6-3 6-4 5-7", "Riverside 5 2 1 2 7 6 7": numbers of a table, no phone
    if _DECIMALS.search(raw):
        return []  # a decimal before a slash or beside another in brackets: a quote, no phone
    if labelled_unix_time(text, start, end):
        return []  # '"auth_time": 1700000000', "iat=1700000000": a Unix time
    for slash in _SLASH.finditer(raw):
        left, right = raw[: slash.start()], raw[slash.end() :]
        if sum(map(str.isdigit, left)) >= 6 and sum(map(str.isdigit, right)) >= 6:
            # two numbers: each judged on its own ("030/1234567" is one number: 3 digits left)
            return [
                *_candidate(text, start, start + slash.start(), regions),
                *_candidate(text, start + slash.end(), end, regions),
            ]
    decoded = unquote(raw) if "%" in raw else raw
    digits = sum(map(str.isdigit, decoded))
    if digits > 15 and "%" not in raw:
        # Several numbers in one run ("+44 20 7183 8750 4111 1111 ..."): let libphonenumber's
        # matcher split it, for every region we serve.
        return _split_run(raw, start, regions)
    if digits < 7 or digits > 15 or _DATE_LIKE.match(decoded.strip()):
        return []
    verdict = _judge(decoded, tuple(regions))
    if verdict is None:
        # the run may hold a number followed by other digits ("… 8750 221 Baker Street")
        return _split_run(decoded, start, regions) if "%" not in raw else []
    score = 0.75 if verdict else 0.4
    extension = _EXTENSION.match(text, end)
    if extension:  # "(212) 555-0187 x4587": the extension reaches the same person
        end = extension.end()
    return [Detection(start, end, "PHONE_NUMBER", score, "phone")]
