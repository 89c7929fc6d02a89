"""Unit designators and P.O. boxes: the parts of an address line that name a door or a box.

A unit is a designator and an identifier ("Suite 501", "Apt. B", "# 2200", "Third Floor",
"Lot 42", "PMB 118"), written after the street or before it; a box is a postal box in any of
its spellings ("PO Box 7712", "P.O.B. 12", "Post Office Box 9", "Drawer 4", "PO 418" after a
street) or a rural route with its box ("RR 3 Box 41", "HC 61 Box 7A"). The identifier holds a
digit or is one letter, so "the box is here" and "4 units on Monday" are no units.
"""

from __future__ import annotations

from pipeline.detection.addresses.typos import mistyped_designators

UNIT_ID = r"(?:[\w-]*\d[\w-]*|[A-Za-z])\b"  # holds a digit, or is one letter ("Apt B")
# "PO 418", "P.O.B. 12", "Post Office Box 9": box spellings that hold no "box" word, or more
_BOX_WORDS = (
    r"p\.?\s?o\.?\s?b(?:ox|x)?\.?|p\.?\s?o\.?|post\s+office(?:\s+box)?|box|drawer|lockbox|bin"
)
UNIT = (
    r"(?:#\s*)?(?:(?i:apt|apartment|suite|ste|unit|flat|room|rm|bldg|building|bld|blg|dept|trlr|"
    # a mail code or mail stop in its spellings ("MC 41", "M/C 41", "Mail Stop 7")
    r"trailer|lot|lt|pmb|msc|mc|m/c|m/s|mail\s*(?:code|stop|drop)|space|spc|office|ofc|floor|flr|fl|level|department|hangar|"
    r"hngr|pier|slip|penthouse|stop|suites|units|rooms|apts|"
    # a vowelless designator mistyped ("pbm 214")
    + "|".join(mistyped_designators())
    + "|"
    + _BOX_WORDS
    # the designator is a whole word: "suited", "unity" and "lots" are no units
    + r")(?![^\W\d_])\.?\s*#?\s*(?:(?i:no|nr|number)\.?\s*)?"
    + UNIT_ID
    # a door's letter after its number and a space: "Apt 4 B" (not "A" or "I", words)
    + r"(?:(?<=\d)\s[B-HJ-Z](?![\w'’-]))?"
    # two doors: "Ste 200 & 201"
    + r"(?:\s*&\s*\d[\w-]*\b)?"
    + r"|#\s*[\w-]{1,8}\b|No\.\s*\d{1,5}[A-Za-z]?\b"
    # Publication 28's "KEY" and "PH" (penthouse), capitalised only ("key 12", "ph 7" are words)
    + r"|(?:Key|KEY|Ph|PH)\.?\s*#?\s*\d[\w-]{0,5}\b"
    # Australia's designators (AS 4590): a shop, a villa, a kiosk; "U 12" (capital U only)
    + r"|(?:(?i:shop|shp|villa|vlla|kiosk|ksk|townhouse|tnhs)\.?|U)\s*#?\s*\d[\w-]{0,5}\b"
    r"|(?i:\d{1,3}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
    r"tenth|ground|top|lower|upper)\s+(?i:floor|flr|fl|level)\b\.?|\d{1,3}\s+(?i:floor|flr|fl)\b\.?)"
)
# the USPS designators that take no number, after the street: "82 Orchard Lane Rear"
NUMBERLESS_UNIT = (
    r"\s*,?\s+(?:Rear|REAR|Front|FRONT|Frnt|FRNT|Bsmt|BSMT|Basement|BASEMENT|Lobby|LOBBY|Lbby|"
    r"LBBY|Penthouse|PENTHOUSE|Lowr|LOWR|Uppr|UPPR)(?![\w'-])"
)
# the same in brackets, in any case: "(rear)", "(Basement)"
BRACKETED_NUMBERLESS = (
    r"\s*\(\s*(?i:rear|front|frnt|bsmt|basement|lobby|lbby|upper|uppr|lower|lowr)\s*\)"
)
# a unit written without a designator, after a comma: "82 Orchard Lane, B-4"
BARE_UNIT = r"\s*,\s*(?:[A-Z]-?\d{1,4}|\d{1,4}-?[A-Z])(?![\w-])"
# words that open a unit, never the name of a street after a house number
UNIT_WORD = (
    r"(?i:apt|apartment|suite|ste|unit|flat|room|rm|bldg|building|bld|floor|flr|fl|box|"
    r"po|p\.o|p)"
)
BOX = (
    r"(?:(?:(?i:p\.?\s?o\.?\s?|post\s+office\s+)?(?:Box|BOX|(?i:box)(?=\s*#))"
    r"|(?i:p\.?\s?o\.?\s?(?:box|bx)|p\.?\s?o\.?\s?b\.|pob|post\s+office(?:\s+box)?|pmb)"
    r"|(?:(?i:p\.?\s?o\.?)\s+)?(?:Drawer|DRAWER)"
    # the box in Dutch, German, French, Spanish, Italian
    r"|(?i:postbus|postfach|bo[iî]te\s+postale|apartado(?:\s+de\s+correos)?|casella\s+postale)"
    # a business's box by its caller number; a caller alone is a person on a call ("you are
    # caller number 25 in the queue")
    r"|(?i:firm\s+caller|caller\s+box))"
    r"\s*#?\s*(?:(?i:no|nr|number)\.?\s*)?\d{1,6}[A-Za-z]?\b"
    # a route after the box ("PO Box 12, Rt. 2")
    r"(?:\s*,?\s*(?i:route|rte|rt|rr)\.?\s*#?\s*\d{1,5}[A-Za-z]?\b)?)"
)
_RURAL = (
    # Publication 28's highway contract route in its older spellings too, the words abbreviated
    # as Appendix C1 does ("Hwy Contract Rte 68", "Star Rte 102"); a route's number takes up
    # to two letters ("HCR 45AC")
    r"\b(?i:rr|r\.?\s?r\.?|rfd|hcr?|rural\s+route|star\s+(?:route|rte|rt)|"
    r"(?:highway|hwy)\s+contract(?:\s+route)?)"
    r"\.?(?:\s*(?i:route|rte|rt)\.?)?\s*[#-]?\s*\d{1,5}[A-Za-z]{0,2}\b"
    r"|\b(?i:route|rte|rt)\.?\s*#?\s*\d{1,5}[A-Za-z]?(?=\s*,?\s*(?i:rr|box)\b)"
    # the military's post office lines and a rural delivery have the same shape, a box always
    # ("CMR 415 Box 2", "RD 2 Box 12")
    r"|\b(?i:cmr|psc|rd|r\.d\.)\s*#?\s*\d{1,5}(?=\s*,?\s*(?i:box)\b)"
    # a star or rural route with no number before its box ("Star Rt Box 44", "RR Box 12")
    r"|\b(?i:star\s+(?:route|rte|rt)|rr|r\.\s?r|rfd|rural\s+route|hcr?|(?:highway|hwy)\s+contract"
    r"(?:\s+route)?)\.?(?=\s*,?\s*(?i:box)\b)"
)
# a rural route and its box; the box's number may be missing, never replaced by a word
BOX_LINE = (
    rf"(?:(?:{_RURAL})\s*,?\s*)+(?:(?i:box)(?:\s*#?\s*(?:[\w-]{{0,5}}\d[\w-]{{0,5}}|[A-Z])\b)?)?"
    rf"|{BOX}"
    # a drawer by its letter ("PO Drawer J"); general delivery before its town and state
    r"|(?i:p\.?\s?o\.?)\s+(?:Drawer|DRAWER)\s+[A-Z](?![\w'’-])"
    r"|\b(?:General|GENERAL)\s+(?:Delivery|DELIVERY)"
    r"(?=\s*,?\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2},?\s+[A-Z]{2}\b)"
)
