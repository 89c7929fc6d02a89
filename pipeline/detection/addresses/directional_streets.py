"""Streets with no name but a directional: "415 East # 12, Tulsa, Oklahoma", "415 N., Tulsa, OK".

Publication 28 writes a directional as a street's whole name where it is one; in free text the
number and the word alone are a count and a region ("500 East Texas acres"), so the street is
taken only with the line that makes it an address: a unit and a town, or a town and a state.
"""

from __future__ import annotations

import re

from pipeline.detection.spans import Detection

# a street named by its directional alone ("415 East # 12, Tulsa, Oklahoma"): a street only
# before a town and a state, or a unit and its town
_DIRECTIONAL_ALONE = re.compile(
    r"(?<![\w.,/-])\d{2,6}[A-Za-z]?\s+(?:North|South|East|West|NORTH|SOUTH|EAST|WEST"
    r"|[NS]\.?\s?[EW]\.?|[NSEW]\.?)(?![\w'’-])"
)
# what makes the line after it a town and a state, not a state's name alone: a digit (a ZIP)
# or two words
_TOWN_AND_STATE = re.compile(r"\d|\w[\s,]+\w")


def directional_streets(
    text: str, after_unit: re.Pattern[str], us_line: re.Pattern[str]
) -> list[Detection]:
    """Streets named by a directional alone, with what must follow them (lines.py's unit and
    US line continuations)."""
    found = []
    for match in _DIRECTIONAL_ALONE.finditer(text):
        end = match.end()
        unit = after_unit.match(text, end)
        if unit is not None:
            end = match.end() + len(text[match.end() : unit.end()].rstrip(" ,"))
        line = us_line.match(text, end)
        # a town and a state, or a ZIP: a state's name alone is a region ("500 East Texas")
        if line is not None and (
            unit is not None or _TOWN_AND_STATE.search(line.group(0).strip(" ,."))
        ):
            end = line.start() + len(line.group(0).rstrip(" ,"))
            found.append(
                Detection(match.start(), end, "STREET_ADDRESS", 0.6, "address:directional")
            )
    return found
