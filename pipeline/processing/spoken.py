"""Identifiers written as words: `name at domain dot com`, `oh six eight one double zero…`."""

from __future__ import annotations

import re

_AT_HINT = re.compile(r"(?i)[\[({<]\s*at\s*[\])}>]|\sat\s")
# bounded parts keep the match linear on long texts
_AT_EMAIL = re.compile(
    r"(?i)(?<![\w.+-])([a-z0-9][a-z0-9._%+-]{0,63})"
    r"(?:\s*[\[({<]\s*at\s*[\])}>]\s*|\s+at\s+)"
    r"([a-z0-9][a-z0-9-]{0,62}"
    r"(?:(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+|\.)[a-z0-9][a-z0-9-]{0,62}){1,6})"
    r"(?![\w-])"
)
_DOT = re.compile(r"(?i)\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+")
_TLD = re.compile(r"(?i)^[a-z]{2,24}$")

_DIGITS = {
    "zero": "0",
    "oh": "0",
    "nought": "0",
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
_NUMBER_HINT = re.compile(
    r"(?i)\b(?:zero|oh|nought|one|two|three|four|five|six|seven|eight|nine)\b"
)
_NUMBER_WORD = re.compile(
    r"(?i)\b(?:(double|triple)\s+)?(zero|oh|nought|one|two|three|four|five|six|seven|eight|nine|\d{1,4})\b"
)
_GAP = re.compile(r"[\s,.\-]*")
_MIN_DIGITS = 6


def at_dot_emails(text: str) -> list[tuple[int, int, str]]:
    """`ann at example dot com`, `ann[at]example.com` → `ann@example.com`."""
    if not _AT_HINT.search(text):
        return []
    out = []
    for m in _AT_EMAIL.finditer(text):
        if text.startswith("@", m.end()):
            continue  # "reach me at ann.b@example.org": the written address is the e-mail
        domain = _DOT.sub(".", m.group(2))
        if "." not in domain or not _TLD.match(domain.rsplit(".", 1)[1]):
            continue
        out.append((m.start(), m.end(), f"{m.group(1)}@{domain}"))
    return out


def spelled_numbers(text: str) -> list[tuple[int, int, str]]:
    """Runs of digit words (and digits) that spell at least six digits → the digits."""
    if not _NUMBER_HINT.search(text):
        return []
    out: list[tuple[int, int, str]] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        if not run:
            return
        digits = "".join(_digits(m) for m in run)
        words = sum(1 for m in run if not m.group(2).isdigit())
        if len(digits) >= _MIN_DIGITS and words >= 2:
            out.append((run[0].start(), run[-1].end(), digits))
        run.clear()

    for m in _NUMBER_WORD.finditer(text):
        if run and not _GAP.fullmatch(text, run[-1].end(), m.start()):
            close()
        run.append(m)
    close()
    return out


def _digits(m: re.Match[str]) -> str:
    word = m.group(2).lower()
    digit = _DIGITS.get(word, word)
    times = {"double": 2, "triple": 3}.get((m.group(1) or "").lower(), 1)
    return digit * times
