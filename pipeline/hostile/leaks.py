"""Did a planted value reach a clear output? Checked on every string, keys included.

The checker undoes the obfuscations on its own (independently of the engine's decoders), so a
value that survives in any disguise counts as a leak.
"""

from __future__ import annotations

import base64
import html
import json
import re
import unicodedata
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from pipeline.hostile.case import Plant

_FOLD = str.maketrans("аеорсхуіΑΕΟΡΤΧаοα", "aeopcxyiaeoptxaoa")
_WORDS = {
    "zero": "0",
    "oh": "0",
    "o": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
_SPOKEN = re.compile(r"\b(double|triple)\s+(\w+)|\b(\w+)\b")
_AT = re.compile(r"\s*(?:\[at\]|\(at\)|\bat\b)\s*")
_DOT = re.compile(r"\s*(?:\[dot\]|\(dot\)|\bdot\b)\s*")
_NON_LETTERS = re.compile(r"[\W\d_]+")
_DIGIT_WINDOW = 7
_B64 = re.compile(r"[A-Za-z0-9+/_-]{12,}={0,2}")
_TAGS = re.compile(r"<[^<>]*>")


def strings(value: Any) -> Iterator[str]:
    """Every string in a JSON value, object keys included."""
    if isinstance(value, str):
        yield value
        if value[:1] in "{[":  # a JSON body: its strings, \u-escapes undone
            try:
                inner = json.loads(value)
            except ValueError:
                return
            yield from strings(inner)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from strings(v)
    elif value is not None:
        yield str(value)


def plain(text: str) -> str:
    """Entities, percent-encoding, compatibility forms, format characters and confusables undone."""
    for _ in range(2):
        text = unquote(html.unescape(text))
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return text.casefold().translate(_FOLD)


def _spoken_digits(text: str) -> str:
    out: list[str] = []
    for m in _SPOKEN.finditer(text):
        if m.group(1):
            d = _WORDS.get(m.group(2), "")
            out.append(d * (2 if m.group(1) == "double" else 3))
        else:
            word = m.group(3)
            out.append(_WORDS.get(word, "".join(c for c in word if c.isdigit())))
    return "".join(out)


def _base64_layers(text: str) -> list[str]:
    """Base64 runs of `text`, decoded (standard or URL-safe, padded or not)."""
    out: list[str] = []
    for m in _B64.finditer(text):
        run = m.group(0)
        padded = run + "=" * (-len(run) % 4)
        for decode in (base64.b64decode, base64.urlsafe_b64decode):
            try:
                out.append(decode(padded).decode("utf-8"))
                break
            except (ValueError, UnicodeDecodeError):
                continue
    return out


def leaked(plant: Plant, text: str) -> bool:
    """Whether `text` (one output string) reveals `plant`, also inside base64."""
    return any(_leaked(plant, t) for t in (text, *_base64_layers(text)))


def _leaked(plant: Plant, text: str) -> bool:
    flat = plain(text)
    if plant.kind == "phone":
        # markup between the pieces of a number (`<break time="300ms"/>`) is not spoken
        digits = "".join(c for c in _TAGS.sub("", flat) if c.isdigit())
        spoken = _spoken_digits(flat)
        want = plant.value
        windows = {want[k : k + _DIGIT_WINDOW] for k in range(len(want) - _DIGIT_WINDOW + 1)}
        return any(w in digits or w in spoken for w in windows)
    if plant.kind == "email":
        local = plant.value.split("@")[0]
        joined = _DOT.sub(".", _AT.sub("@", flat))
        return plant.value in joined or (len(local) >= 6 and local in flat)
    if plant.kind == "name":
        words = _NON_LETTERS.sub(" ", flat)
        first, last = plant.value.split(" ", 1)
        return f"{first} {last}" in words or f"{first}{last}" in words.replace(" ", "")
    if plant.kind == "literal":
        parts = [plant.value, *[w for w in plant.value.split() if len(w) >= 2]]
        return any(w.casefold() in flat for w in parts)
    return plant.value.casefold() in flat
