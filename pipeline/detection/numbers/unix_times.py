"""Unix times under a name that says so: `auth_time: 1700000000`, `"iat": 1700000000`, `exp=…`.

Ten digits starting with 1 are a valid phone number in several regions, so a JWT's claims or a
log line's timestamps became `<PHONE_NUMBER>`. An integer between 2000 and 2100 in seconds (or
milliseconds) is read as a time when the key or label just before it names a moment.
"""

from __future__ import annotations

import re

from pipeline.detection.words import part_camel

# Key words that name a moment (`auth_time`, `iat`, `expires_at`, `createdTs`).
_WORDS = "time at ts timestamp epoch iat exp nbf expires expiry since until created updated"
TIME_WORDS = frozenset((_WORDS + " modified issued date seen login logout").split())
_EPOCH_SECONDS = range(946_684_800, 4_102_444_800)  # 2000-01-01 .. 2100-01-01 UTC
_KEY_WORDS = re.compile(r"[A-Za-z]+")
_DIGITS = re.compile(r"\d{9,13}")
# a label just before the number: `auth_time: `, `"iat":`, `exp=`, `'created_at': '`
_LABEL = re.compile(r"([A-Za-z][A-Za-z0-9_.-]{0,40})[\"']?\s{0,2}[:=]\s{0,2}[\"']?$")


def unix_time_value(value: int) -> bool:
    """Seconds or milliseconds between 2000 and 2100."""
    return value in _EPOCH_SECONDS or value // 1000 in _EPOCH_SECONDS


def names_moment(key: str) -> bool:
    """Whether one of the key's words (camelCase and `_` parted) names a moment."""
    return any(w.lower() in TIME_WORDS for w in _KEY_WORDS.findall(part_camel(key)))


def unix_time(key: str, value: object) -> bool:
    """Whether `value` (an integer or a string of digits) is a Unix time under `key`."""
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    return unix_time_value(value) and names_moment(key)


def labelled_unix_time(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a Unix time after a label naming a moment."""
    raw = text[start:end]
    if not _DIGITS.fullmatch(raw) or not unix_time_value(int(raw)):
        return False
    label = _LABEL.search(text, max(0, start - 48), start)
    return label is not None and names_moment(label.group(1))
