"""User names written after a label: "username: jdoe88", "login=ann.b", "my username is jdoe_88".

@handles are matched by a pattern recognizer in `models/recognizers.yaml`; a labelled user
name needs the label to be found but only the value is replaced, which a Presidio pattern
(one match, one span) cannot say without a variable-width look-behind.
"""

from __future__ import annotations

import re

from pipeline.detection.spans import Detection

_LABELLED = re.compile(
    r"(?i)\b(?:user ?name|login|user ?id|gamertag|handle)\s*(?:[:=]\s*(?P<value>[a-z0-9][\w.@-]{2,63})"
    r"|\s+is\s+(?P<claimed>(?=[\w.-]*[\d_])[a-z0-9][\w.-]{2,31}))"
)


def find_user_names(text: str) -> list[Detection]:
    """Values after a user-name label; after "is" only values with a digit or an underscore."""
    found: list[Detection] = []
    for match in _LABELLED.finditer(text):
        group = "value" if match.group("value") else "claimed"
        start, end = match.span(group)
        while end > start and text[end - 1] in ".-":
            end -= 1
        found.append(Detection(start, end, "USERNAME", 0.75, "username:labelled"))
    return found
