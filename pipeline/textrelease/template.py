"""A redacted text's template: its normalised form, a keyed fingerprint of it, the withheld marker.

Two texts share a template when they are equal after redaction, with case and runs of white
space folded and (by policy) every number replaced by `<NUM>`. The fingerprint is an HMAC under
a key derived from the token key, never a plain hash: a plain hash of a short sentence is
reversed by trying sentences.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections import Counter
from functools import lru_cache
from typing import Any, Final

WITHHELD_KEY: Final = "withheld"
FINGERPRINT_PREFIX: Final = "tpl_"
NUM: Final = "<NUM>"
# A number with its inner separators (12,500.75 · 10:30 · 2024-05-01) is one <NUM>.
_NUMBER = re.compile(r"\d+(?:[.,:/\-]\d+)*")
_SPACE = re.compile(r"\s+")
_PLACEHOLDER = re.compile(r"<([A-Z][A-Z0-9_]*)(?::[^<>]*)?>")
_ANY_PLACEHOLDER = r"<[A-Z][A-Z0-9_]*(?::[^<>]*)?>"
# Placeholders side by side ("<STREET_ADDRESS>, <PERSON>" where a city was taken for a name)
# are one hole in the sentence: detectors split the same value differently from text to text.
_RUN = re.compile(rf"({_ANY_PLACEHOLDER})(?:[ \t,\-]+{_ANY_PLACEHOLDER})+")
# Brackets around a placeholder: detectors take "(" into a phone number in some texts only.
_BRACKETED = re.compile(rf"\(?({_ANY_PLACEHOLDER})\)?")
_HOLE = re.compile(_ANY_PLACEHOLDER)
_RUN_OF_HOLES = re.compile(r"<\*>(?:[ \t,\-]+<\*>)+")
# A form of address before a redacted name tells the name's gender, not what k subjects share.
_HONORIFIC = re.compile(
    rf"\b(?:mrs|mr|ms|miss|mx|dr|prof|sir|madam)\.?[ \t]+(?={_ANY_PLACEHOLDER})", re.IGNORECASE
)


def numbers_masked(text: str) -> str:
    """`text` with every number replaced by `<NUM>`."""
    return _NUMBER.sub(NUM, text)


# Templated texts (prompts, notification bodies) recur: short ones are folded and
# fingerprinted once (bounded caches; the results depend on the text alone).
_CACHED_CHARS = 512


def released_form(redacted: str, numbers: bool) -> str:
    """What is released of a common text, and (folded) its template.

    The redacted text with numbers masked (when policy says so), forms of address before a
    placeholder and brackets around one removed, and adjacent placeholders joined into the first. Case and spacing are
    kept: they are folded in the template, so they are all a released text says beyond what
    k subjects share.
    """
    if len(redacted) <= _CACHED_CHARS:
        return _released_kept(redacted, numbers)
    return _released(redacted, numbers)


def _released(redacted: str, numbers: bool) -> str:
    text = numbers_masked(redacted) if numbers else redacted
    if "<" in text:
        text = _RUN.sub(r"\1", _BRACKETED.sub(r"\1", _HONORIFIC.sub("", text)))
    return text


_released_kept = lru_cache(maxsize=16_384)(_released)


def normalise(redacted: str, numbers: bool) -> str:
    """The template of a redacted text: its released form with every placeholder one hole
    (`<*>`), case folded, white space collapsed.

    Which entity a hole held is not part of the template (detectors type the same value
    differently from text to text); the released text tells it, as a withheld marker does.
    """
    if len(redacted) <= _CACHED_CHARS:
        return _normalised_kept(redacted, numbers)
    return _normalised(redacted, numbers)


def _normalised(redacted: str, numbers: bool) -> str:
    holes = _HOLE.sub("<*>", released_form(redacted, numbers))
    return _RUN_OF_HOLES.sub("<*>", _SPACE.sub(" ", holes)).strip().casefold()


_normalised_kept = lru_cache(maxsize=16_384)(_normalised)


def entity_counts(redacted: str) -> dict[str, int]:
    """Placeholders in a redacted text by entity type (`{"PERSON": 1}`)."""
    return dict(sorted(Counter(m.group(1) for m in _PLACEHOLDER.finditer(redacted)).items()))


class TemplateKeys:
    """Keyed fingerprints of templates and digests of subject tokens; the key stays inside."""

    def __init__(self, token_key: bytes) -> None:
        if len(token_key) < 32:
            raise ValueError("token key must be at least 32 bytes")
        # derived, so a fingerprint never equals a token of the same string
        self._key = hmac.new(token_key, b"pipeline:text-template:v1", hashlib.sha256).digest()
        self._keyed = hmac.new(self._key, digestmod=hashlib.sha256)  # copied per message
        self._subjects: dict[str, str] = {}
        self._fingerprints: dict[str, str] = {}

    def __repr__(self) -> str:
        return "TemplateKeys(key=**********)"

    def fingerprint(self, template: str) -> str:
        """`tpl_` + 32 hex characters (128 bits) of HMAC-SHA256 of the template."""
        found = self._fingerprints.get(template)
        if found is None:
            mac = self._keyed.copy()
            mac.update(b"template:" + template.encode())
            found = FINGERPRINT_PREFIX + mac.hexdigest()[:32]
            if len(template) <= _CACHED_CHARS:
                if len(self._fingerprints) > 16_384:  # bounded, like the subjects
                    self._fingerprints.clear()
                self._fingerprints[template] = found
        return found

    def subject(self, token: str) -> str:
        """A 64-bit digest of a subject token, as counted per template.

        Two subjects colliding count as one: a collision can only make a release later.
        """
        digest = self._subjects.get(token)
        if digest is None:
            mac = self._keyed.copy()
            mac.update(b"subject:" + token.encode())
            digest = mac.hexdigest()[:16]
            if len(self._subjects) > 100_000:  # bounded: workers see endless subjects
                self._subjects.clear()
            self._subjects[token] = digest
        return digest


def withheld_marker(fingerprint: str, redacted: str) -> dict[str, Any]:
    """What stands in a sanitized record for a text not yet released: no raw character of it.

    `chars` is the length of the redacted text (a name's length is not told).
    """
    return {
        WITHHELD_KEY: "rare_text",
        "template": fingerprint,
        "chars": len(redacted),
        "entities": entity_counts(redacted),
    }


def is_withheld(value: Any) -> bool:
    """Whether `value` is a withheld marker."""
    return isinstance(value, dict) and value.get(WITHHELD_KEY) == "rare_text"


def is_withheld_text(text: str) -> bool:
    """Whether `text` (a `<Speak>` body, say) is a withheld marker written as JSON."""
    if not text.startswith("{"):
        return False
    try:
        return is_withheld(json.loads(text))
    except ValueError:
        return False
