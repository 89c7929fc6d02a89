"""Which regions a nationally written phone number needs a parse for.

`phones._parse` tries the regions we serve in order, keeping the first valid number (else the
first possible one), and each try is a whole `phonenumbers.parse`. From a region's metadata
alone, a few matches tell that a parse of given digits could give neither, and the region is
skipped: the result is the same as parsing every region (tests/detection/test_phone_regions.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import phonenumbers

# A number written with nothing but ASCII digits and these separators: libphonenumber reads
# it as its digits (no letters to convert, no extension, no '+', no other digit scripts).
PLAIN_NATIONAL = re.compile(r"[0-9 ().\-/]+")


@dataclass(frozen=True)
class _Shape:
    """What a number of one region looks like once parsed from plain national digits."""

    lengths: tuple[int, ...]  # possible lengths of a valid national significant number
    pattern: re.Pattern[str]  # the general pattern of a valid national significant number
    possible: frozenset[int]  # lengths `is_possible_number` accepts for the calling code
    prefixes: tuple[re.Pattern[str], ...]  # national prefixes (and carrier codes) parse cuts
    idd: re.Pattern[str] | None  # the region's international dialling prefix
    code: str  # the region's calling code


@cache
def _shape(region: str) -> _Shape | None:
    """The region's shape; None when the national prefix may be rewritten rather than cut
    (`national_prefix_transform_rule`, BR), for the region or for the main region of its calling
    code (whose metadata `parse` cuts the prefix with and `is_possible_number` measures by)."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if meta is None or meta.country_code is None:
        return None
    main = phonenumbers.PhoneMetadata.metadata_for_region(
        phonenumbers.region_code_for_country_code(meta.country_code)
    )
    if main is None or meta.national_prefix_transform_rule or main.national_prefix_transform_rule:
        return None
    desc, main_desc = meta.general_desc, main.general_desc
    if desc is None or main_desc is None or not desc.national_number_pattern:
        return None
    lengths = tuple(desc.possible_length or ())
    main_lengths = tuple(main_desc.possible_length or ())
    if not lengths or not main_lengths or min(lengths + main_lengths) < 1:
        return None
    prefixes = [m.national_prefix_for_parsing for m in (meta, main)]
    return _Shape(
        lengths,
        re.compile(desc.national_number_pattern),
        frozenset(main_lengths + tuple(main_desc.possible_length_local_only or ())),
        tuple(re.compile(p) for p in dict.fromkeys(p for p in prefixes if p)),
        re.compile(meta.international_prefix) if meta.international_prefix else None,
        str(meta.country_code),
    )


def needs_parse(digits: str, region: str, first_possible: bool) -> bool:
    """False only if `phonenumbers.parse` of a plain national text of these `digits` for
    `region` can give neither a number valid for it nor, when `first_possible` is wanted, a
    possible one; a few `match`es instead of a parse.

    `is_valid_number_for_region` wants the region's calling code and a national significant
    number of a possible length matching the general pattern; `is_possible_number` a length
    its calling code allows. That number is the digits with, cut from the front, perhaps the
    IDD and the calling code (then any calling code may follow: a possible number of another
    country, so the parse is needed when one is wanted) or the calling code alone, then perhaps
    a national prefix, twice at most (once with the region's metadata, once with its calling
    code's main region's). Every such cut is tried."""
    shape = _shape(region)
    if shape is None:
        return True
    code = shape.code
    cut = [digits]
    idd = shape.idd.match(digits) if shape.idd is not None else None
    if idd is not None:
        if first_possible:
            return True
        if digits.startswith(code, idd.end()):
            cut.append(digits[idd.end() + len(code) :])
    if digits.startswith(code):
        cut.append(digits[len(code) :])
    for _ in range(2):
        for number in list(cut):
            for prefix in shape.prefixes:
                found = prefix.match(number)
                if found is not None:
                    cut.append(number[found.end() :])
    if first_possible and any(len(n) in shape.possible for n in cut):
        return True
    lengths, pattern = shape.lengths, shape.pattern
    return any(len(n) in lengths and pattern.fullmatch(n) is not None for n in cut)
