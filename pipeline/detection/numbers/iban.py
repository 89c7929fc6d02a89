"""IBANs as people write them: lower case, grouped by spaces or dashes, with odd last groups.

Presidio's IbanRecognizer matches upper-case IBANs in groups of four; "de85 8577 0188 …" and
"GB41 NWBK 8650 9758 6768 05" written in a message pass it. Here a loose candidate (two
letters, two digits, then 10-30 letters or digits with optional single separators) is cut
back to the longest prefix that has its country's format (Presidio's per-country patterns)
and a valid mod-97 check. Presidio's patterns are read as it reads them, as a prefix (some are
shorter than the country's IBAN: Portugal's, Qatar's, Palestine's, Mauritius's), and the length is
the country's in the SWIFT IBAN registry (ISO 13616).
"""

from __future__ import annotations

import re
from functools import lru_cache

from presidio_analyzer.predefined_recognizers.generic.iban_patterns import regex_per_country

from pipeline.detection.spans import Detection

# "DE 89 3704 …", "GB-29-NWBK-…": a separator may also follow the country code
_CANDIDATE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}[ -]?\d{2}(?:[ -]?[A-Za-z0-9]){10,32}")
_ALNUM = re.compile(r"[A-Za-z0-9]")

# IBAN length per country, from the SWIFT IBAN registry (every country Presidio has a pattern for).
_LENGTH = {
    **dict.fromkeys(["NO"], 15),
    **dict.fromkeys(["BE"], 16),
    **dict.fromkeys(["DK", "FI", "FO", "GL", "NL"], 18),
    **dict.fromkeys(["MK", "SI"], 19),
    **dict.fromkeys(["AT", "BA", "EE", "KZ", "LT", "LU", "XK"], 20),
    **dict.fromkeys(["CH", "HR", "LI", "LV"], 21),
    **dict.fromkeys(["BG", "BH", "CR", "DE", "GB", "GE", "IE", "ME", "RS", "VA"], 22),
    **dict.fromkeys(["AE", "GI", "IL", "IQ", "TL"], 23),
    **dict.fromkeys(["AD", "CZ", "ES", "MD", "PK", "RO", "SA", "SE", "SK", "TN", "VG"], 24),
    **dict.fromkeys(["LY", "PT"], 25),
    **dict.fromkeys(["IS", "TR"], 26),
    **dict.fromkeys(["FR", "GR", "IT", "MC", "MR", "SM"], 27),
    **dict.fromkeys(["AL", "AZ", "BY", "CY", "DO", "GT", "HU", "LB", "PL"], 28),
    **dict.fromkeys(["BR", "EG", "PS", "QA", "UA"], 29),
    **dict.fromkeys(["JO", "KW", "MU"], 30),
    **dict.fromkeys(["MT", "SC"], 31),
    **dict.fromkeys(["LC"], 32),
}


@lru_cache(maxsize=128)
def _country_format(country: str) -> re.Pattern[str] | None:
    pattern = regex_per_country.get(country)
    return re.compile(pattern) if pattern else None


def iban_valid(compact: str) -> bool:
    """Country format and the mod-97 check of an upper-case IBAN without separators."""
    country = compact[:2]
    fmt = _country_format(country)
    if fmt is None or len(compact) != _LENGTH.get(country) or fmt.match(compact) is None:
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def find_ibans(text: str) -> list[Detection]:
    """IBANs in any case and grouping; the span stops where the valid IBAN ends."""
    found: list[Detection] = []
    for match in _CANDIDATE.finditer(text):
        raw = match.group(0)
        ends = [m.end() for m in _ALNUM.finditer(raw)]
        for end in reversed(ends):
            if end < 14:
                break
            if end < len(raw) and raw[end].isalnum() and raw[end - 1].isalnum():
                continue  # never cut inside a group
            compact = re.sub(r"[ -]", "", raw[:end]).upper()
            if iban_valid(compact):
                start = match.start()
                found.append(Detection(start, start + end, "IBAN_CODE", 0.9, "iban"))
                break
    return found
