"""Numbers of tables, scores and decimals: digit runs the phone finder must not take for numbers.

News and report text holds runs of small numbers that libphonenumber accepts as some region's
number once the separators are dropped: a league table row "Riverside 5 2 1 2 7 6 7", tennis
sets "6-3 6-4 5-7", cricket's fall of wickets "1-14 2-60 3-98", golf rounds "70 68 72 69", a
standings row "81 53 .605 12", prices "4.15 - 0.035". Phone numbers are not written that way:
their groups are of two digits or more after the first, they hold no decimals or fractions, a
score pair ("15-10") is no phone grouping, and a national number of two-digit groups starts
with its trunk prefix 0 in every region we serve that writes it so. A run of one of these shapes
is no phone unless the text says it is one (a phone word shortly before it) or it is written
internationally ("+44 …", "0044 …", "(212) …"), which no table row is. Card numbers are grouped
in fours (or 4-6-5), never so: the card check drops these shapes too (one in ten passes Luhn).
"""

from __future__ import annotations

import re

# a score or a fall-of-wicket pair: two numbers of 1-3 digits joined by a hyphen ("15-10", "3-125")
_PAIR = re.compile(r"\d{1,3}-\d{1,3}")
# the spaced hyphen of "6 - 2", "6- 4", "4- 7" (only between whole numbers, not "4.15 - 0.035")
_SPACED_HYPHEN = re.compile(r"(?<![\d.])(\d{1,3}) ?- ?(\d{1,3})(?![\d.])")
# a decimal (".474", "3.54", "12.341"), a range of them ("14.5-16.5"), a fraction ("1/2") or a
# date ("04/06/96"): no phone is written with one dot and a short fraction, or with slashes
_DECIMAL = re.compile(
    r"\.\d+|\d{1,5}\.\d{1,3}(?:-\d{1,5}\.\d{1,3})?|\d{1,2}/\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}"
)
# one decimal alone ("6400.000", "11747.200"): no leading 0, so no trunk-prefixed national number
_LONE_DECIMAL = re.compile(r"[1-9]\d{0,5}\.\d{1,3}")
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEARS = re.compile(r"(1[5-9]\d\d|20\d\d)-(1[5-9]\d\d|20\d\d)")
_PRICE_32NDS = re.compile(r"\d{1,3}-\d{1,2}/(?:32|64)")
_THOUSANDS_AFTER = re.compile(r",\d{3}(?![\d,])")  # "2010 105,000": an amount, no phone
_PHONE_WORDS = re.compile(
    r"(?i)(?<![a-z])(?:phone|tel|telephone|fax|call|calls|called|calling|ring|dial|mobile|mob"
    r"|cell|contact|reach|text|sms|whatsapp|number|no|nr|hotline|helpline)(?![a-z])"
)
_CONTEXT_CHARS = 40  # how far before the run a phone word is looked for


def _tokens(raw: str) -> list[str]:
    """The run's whitespace-parted numbers, parentheses and lone hyphens dropped."""
    joined = _SPACED_HYPHEN.sub(r"\1-\2", raw)
    return [t for t in (w.strip("(),") for w in joined.split()) if t and t != "-"]


def _lone_number(token: str) -> bool:
    """One number that no phone is written as: a decimal ("11747.200"), a bond price in 32nds
    ("104-18/32") or a span of years ("1611-1688", "1997-2001")."""
    if _LONE_DECIMAL.fullmatch(token) or _PRICE_32NDS.fullmatch(token):
        return True
    years = _YEARS.fullmatch(token)
    return years is not None and 0 < int(years[2]) - int(years[1]) <= 150


def table_numbers(raw: str) -> bool:
    """Whether the digit run `raw` has the shape of table numbers, scores or decimals (alone,
    without looking at the words around it)."""
    tokens = _tokens(raw)
    if len(tokens) == 1:
        return _lone_number(tokens[0])
    if len(tokens) < 2:
        return False
    pairs = [t for t in tokens if _PAIR.fullmatch(t)]
    if len(pairs) == len(tokens):
        return True  # "6-3 6-4 5-7", "1-14 2-60 3-98"
    numbers = [t for t in tokens if t.isdigit()]
    decimals = [t for t in tokens if _DECIMAL.fullmatch(t)]
    if len(pairs) + len(numbers) + len(decimals) < len(tokens):
        return False  # a phone grouping ("020 7946-0958", "212-859-1620") or something else
    if decimals:
        return True  # a decimal, fraction or date among the numbers: "81 53 .605 12"
    if pairs:
        # a score beside short numbers ("310 310-340 415", "2-0 ( 12"): every group of 1-3 digits
        return all(len(g) <= 3 for t in tokens for g in t.split("-"))
    if any(len(t) == 1 for t in tokens[1:]):
        return True  # a one-digit group after the first: "5 2 1 2 7 6 7"
    if len(tokens) >= 3 and all(len(t) == 2 and t[0] != "0" for t in tokens):
        return True  # "70 68 72 69": two-digit groups without the trunk prefix 0
    return all(_YEAR.fullmatch(t) for t in tokens)  # "1997 1996"


def table_shaped(text: str, start: int, end: int) -> bool:
    """Whether the digit run text[start:end] is a row of table numbers, scores or decimals."""
    raw = text[start:end]
    if raw.startswith(("+", "00", "%")) or re.match(r"\(\d", raw):
        return False  # written as a phone number is: international, or an area code in brackets
    if not table_numbers(raw) and not _THOUSANDS_AFTER.match(text, end):
        return False
    return _PHONE_WORDS.search(text, max(0, start - _CONTEXT_CHARS), start) is None


# a result line: two teams and their scores ("Eastfield 2 Port Vale 0", "Lakeside 1 ( B ) 3")
_TEAM = r"[A-Z][\w'.-]*(?:\s+(?:[A-Z][\w'.-]*|\(\s*\w{1,3}\s*\)))*"
_RESULT_LINE = re.compile(rf"\s*{_TEAM}\s+\d{{1,3}}\s+{_TEAM}\s+\d{{1,3}}(?:\s+\(.*\))?\s*\.?\s*")
# the number counts something, it is no house number: "77 basis points", "420 billion lei"
_QUANTITY_AFTER = re.compile(
    r"\s+(?i:basis|bps|million|billion|trillion|thousand|hundred|mln|bln|percent|pct|per)\b"
)
# a month's name, full or short; phones use it too (a day after it is no phone digit)
MONTH = (
    r"(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTH_BEFORE = re.compile(MONTH + r"\s+$")
# whole numbers only: not the digits of a postcode ("AB25 2XL") or of a word
_NUMBER = re.compile(r"(?<![\w.])\d[\d./-]*(?![\w])")
_NUMBERS_AFTER = re.compile(r"(?:\s+[\d.][\d./-]*(?![\w]))+")
_UNIT_WORD = re.compile(r"(?i)\b(?:apt|apartment|suite|unit|flat|floor|room|box|no)\b")


def no_street_number(text: str, start: int, end: int) -> bool:
    """Whether the address candidate text[start:end] has, in place of a house number, a score
    or count: the first of a table row's numbers ("Port Vale 4 1 2 1 4 4 5"), a team's score in a
    result line ("Eastfield 2 Port Vale 0"), a quantity ("77 basis points") or a date's year
    ("CAPE TOWN 1996-08-31", "May 1995 article")."""
    span = text[start:end]
    numbers = list(_NUMBER.finditer(span))
    if not numbers or _UNIT_WORD.search(span):
        return False
    for number in numbers:
        at, to = start + number.start(), start + number.end()
        after = _NUMBERS_AFTER.match(text, to)
        if after and table_numbers(text[at : after.end()]):
            return True
        if re.match(r"-\d\d-\d\d\b", text[to:]) or re.fullmatch(
            r"(?:1[5-9]|20)\d\d-\d\d", number.group()
        ):
            return True  # an ISO date's year
        if _QUANTITY_AFTER.match(text, to):
            return True
        if _MONTH_BEFORE.search(text, max(0, at - 12), at) and re.fullmatch(
            r"\d{4}", number.group()
        ):
            return True
    return _RESULT_LINE.fullmatch(text) is not None
