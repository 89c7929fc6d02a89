"""A postcode written alone, found by what its sentence is about: delivery, post, coverage.

A five-digit number alone ("Do you deliver to 48031?", "the courier has no 75011 on his
list") is a US ZIP or a German, French, Spanish or Italian postcode, and nothing in its shape
says so; a ZIP+4 or a Dutch "3511 LX" alone says little more ("2000 BC"); UK and Canadian
shapes are found by theirs. Here such a number is a postcode when its sentence speaks of delivering, shipping, the post or
a service's coverage, and the number is none of the other things such a sentence counts: an
order's, invoice's or parcel's number ("tracking number 48031"), an amount ("$48031",
"48031 dollars"), a quantity ("48031 parcels"), a part of a longer number ("48031-7",
"48,031").
"""

from __future__ import annotations

import re

from pipeline.detection.spans import Detection

# five digits, a ZIP+4 ("48031-2207"), a Dutch postcode ("3511 LX", not "2000 BC" or "1030 AM")
_FIVE = re.compile(
    r"(?<![\w.,:/$£€¥#+-])(?:\d{5}(?:-\d{4})?|[1-9]\d{3}\s?(?!AM|PM|BC|AD|CE)[A-Z]{2}(?![A-Za-z]))"
    r"(?![\w%/+-]|[.,:]\d)"
    # UK and Canadian shapes written without their space or in lower case ("SW1A2AA", "k1a 0b1"):
    # an ordinal's letters do not end one ("a1 2nd")
    r"|\b(?i:[a-z]{1,2}\d[a-z\d]?\s?\d(?!st|nd|rd|th)[a-z]{2}|[a-z]\d[a-z]\s?\d[a-z]\d)\b"
)
# what the sentence is about: an address's or a service area's words
POSTAL_WORDS = re.compile(
    r"\b(?i:couriers?|deliver(?:s|ed|ing|y|ies)?|ship(?:s|ped|ping|ment)?|parcels?|packages?|"
    r"post(?:al)?|post\s+office|mail(?:ed|ing)?|coverage|covered|service\s+area|postcodes?|"
    r"zip(?:\s*codes?)?|address(?:es)?|depot|dispatch(?:ed)?|pick-?ups?|drop-?offs?|move[ds]?|moving|"
    r"relocat(?:e|ed|ing))\b"
)
# a number of a thing, not of a place: "order 48031", "tracking number 48031", "ref. 48031"
_IDENTIFIER_BEFORE = re.compile(
    r"\b(?i:orders?|invoices?|refs?|reference|account|acct|ticket|case|tracking|track|"
    r"id|number|no|nr|num|customer|member|policy|claim|serial|pin|code|item|sku|part|"
    r"model|flight|room|suite|unit|apt|box|route|version|v|waybill|consignment|shipment|"
    r"parcel|package)\.?\s*(?:[:#=]|\s(?i:is|was|reads))?\s*$"
)
# "no" that counts ("no 48031 on his list") is no number abbreviation: only "No." and "No"
_NEGATION = re.compile(r"\bno\s+$")
# what counts or prices the number: a plural noun, a unit, a currency
_QUANTITY_AFTER = re.compile(
    r"\s*(?:[a-z]{2,}[a-rt-z]s\b|(?i:usd|eur|gbp|dollars?|euros?|pounds?|kg|km|miles?|"
    r"items?|units?|pieces?|pcs|times|people|copies)\b)"
)
SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?](?!\d)|\n|$)")


def find_bare_postcodes(text: str) -> list[Detection]:
    """Five-digit postcodes alone in sentences about delivery, the post or coverage."""
    found: list[Detection] = []
    for sentence in SENTENCE.finditer(text):
        start, end = sentence.span()
        if start == end or POSTAL_WORDS.search(text, start, end) is None:
            continue
        for match in _FIVE.finditer(text, start, end):
            if _a_things_number(text, match.start(), match.end()):
                continue
            found.append(
                Detection(
                    match.start(), match.end(), "STREET_ADDRESS", 0.5, "address:bare_postcode"
                )
            )
    return found


def _a_things_number(text: str, at: int, to: int) -> bool:
    before = text[max(0, at - 32) : at]
    negation = _NEGATION.search(before)
    if negation is not None:  # "there is no 48031", not "order no 48031"
        before = before[: negation.start()]
    if _IDENTIFIER_BEFORE.search(before):
        return True
    return _QUANTITY_AFTER.match(text, to) is not None
