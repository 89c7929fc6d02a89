"""libphonenumber's digit normalisation, without its per-character loop for ASCII text.

`phonenumbers.parse` normalises a number's digits (`normalize_digits_only`) once or twice per
call, one `unicodedata.digit` call and one string concatenation per character: about a third of
the cost of a parse. Of ASCII characters exactly `0`-`9` have a digit value, so an ASCII text
normalises to its `0`-`9` characters (or, keeping non-digits, to itself); other text goes to the
library's own function. Same results (tests/detection/test_phone_digits.py), 4-5x faster.
"""

from __future__ import annotations

import re
from typing import Any

from phonenumbers import phonenumberutil

_NOT_ASCII_DIGITS = re.compile(r"[^0-9]+")
_LIBRARY = phonenumberutil.normalize_digits_only


def normalize_digits_only(number: Any, keep_non_digits: bool = False) -> str:
    """`phonenumberutil.normalize_digits_only`, the same for every input."""
    if type(number) is str and number.isascii():
        return number if keep_non_digits else _NOT_ASCII_DIGITS.sub("", number)
    result: str = _LIBRARY(number, keep_non_digits)
    return result


def install() -> None:
    """Make `phonenumbers.parse` (and the rest of phonenumberutil) use the fast version."""
    phonenumberutil.normalize_digits_only = normalize_digits_only
