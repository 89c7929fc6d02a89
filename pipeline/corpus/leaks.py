"""Checking a sanitized record against the labels of its raw event: leaks and lost safe values.

Every leaf string (and every key) of the sanitized record is searched in three spellings: as
is, URL-decoded and with HTML/`\\u` escapes resolved. How a leak form is matched depends on
what it is:
- digit forms (≥7 digits, optional `+`): inside runs of digits once separators (spaces,
  dashes, dots, parentheses, slashes, `+`) are removed, so "415 555 0100" leaks "4155550100";
- names and street addresses: case-insensitive whole words, so "Page" does not match
  "page_view" but does match "PAGE";
- IP addresses: not as part of a longer address;
- IBANs: also with spaces removed;
- everything else (e-mails, ids, secrets, dates): case-insensitive substrings.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import unquote_plus

from pipeline.corpus.labels import EntityType, Planted, SafeValue, mask
from pipeline.corpus.paths import MISSING, get, join

_DIGIT_FORM = re.compile(r"\+?\d{7,}")
_DIGIT_RUN = re.compile(r"\d(?:[\s().\-/+]{0,3}\d)*")
_UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_WHITESPACE = re.compile(r"\s+")
_NON_DIGIT = re.compile(r"\D")
_WORD_TYPES: frozenset[str] = frozenset({"PERSON", "STREET_ADDRESS"})
MatchKind = Literal["digits", "pattern", "text", "compact"]


@dataclass(frozen=True, repr=False)
class Leak:
    """A planted value (in one of its forms) found in a sanitized record.

    Its repr and str show the form masked: reports and test failures must not repeat PII.
    """

    entity_type: EntityType
    planted_path: str
    found_at: str
    form_index: int
    form: str = field(compare=False)

    @property
    def masked_form(self) -> str:
        """The matched form with all but its first character hidden."""
        return mask(self.form)

    def __repr__(self) -> str:
        return (
            f"Leak({self.entity_type} planted at {self.planted_path!r} found at "
            f"{self.found_at!r}, form #{self.form_index} {self.masked_form!r})"
        )

    __str__ = __repr__


@dataclass(frozen=True)
class _Leaf:
    segments: tuple[str | int, ...]  # where the string is; for a key, the key's own path
    is_key: bool
    spellings: tuple[str, ...]  # case-folded
    digit_runs: tuple[str, ...]
    compact: tuple[str, ...]  # case-folded, whitespace removed


@dataclass(frozen=True)
class _Haystack:
    """All leaves of a record concatenated, to skip forms that occur nowhere at once."""

    text: str
    digits: str
    compact: str

    @classmethod
    def of(cls, leaves: Sequence[_Leaf]) -> _Haystack:
        return cls(
            "\x00".join(text for leaf in leaves for text in leaf.spellings),
            "|".join(run for leaf in leaves for run in leaf.digit_runs),
            "\x00".join(text for leaf in leaves for text in leaf.compact),
        )


@dataclass(frozen=True)
class _Matcher:
    planted_index: int
    form_index: int
    kind: MatchKind
    needle: str
    pattern: re.Pattern[str] | None

    def possible(self, haystack: _Haystack) -> bool:
        """Whether the form occurs anywhere at all (necessary for a hit in any leaf)."""
        if self.kind == "digits":
            return self.needle in haystack.digits
        return self.needle in (haystack.compact if self.kind == "compact" else haystack.text)

    def hits(self, leaf: _Leaf) -> bool:
        if self.kind == "digits":
            return any(self.needle in run for run in leaf.digit_runs)
        if self.pattern is not None:
            return any(self.pattern.search(text) for text in leaf.spellings)
        texts = leaf.compact if self.kind == "compact" else leaf.spellings
        return any(self.needle in text for text in texts)


def _spellings(text: str) -> tuple[str, ...]:
    spellings = [text]
    if "%" in text or "+" in text:
        spellings.append(unquote_plus(text))
    if "&" in text:
        spellings.append(html.unescape(text))
    if "\\u" in text:
        spellings.append(_UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text))
    return tuple(dict.fromkeys(spelling.casefold() for spelling in spellings))


def _leaf(segments: tuple[str | int, ...], text: str, is_key: bool = False) -> _Leaf:
    spellings = _spellings(text)
    runs = tuple(
        _NON_DIGIT.sub("", run.group())
        for spelling in spellings
        for run in _DIGIT_RUN.finditer(spelling)
    )
    compact = tuple(_WHITESPACE.sub("", spelling) for spelling in spellings)
    return _Leaf(segments, is_key, spellings, runs, compact)


def _matcher(planted_index: int, form_index: int, entity_type: str, form: str) -> _Matcher:
    if _DIGIT_FORM.fullmatch(form):
        return _Matcher(planted_index, form_index, "digits", form.lstrip("+"), None)
    needle = form.casefold()
    escaped = re.escape(needle)
    if entity_type in _WORD_TYPES:
        pattern = re.compile(rf"(?<!\w){escaped}(?!\w)")
    elif entity_type == "IP_ADDRESS" and ":" in needle:
        pattern = re.compile(rf"(?<![0-9a-f:]){escaped}(?![0-9a-f:])")
    elif entity_type == "IP_ADDRESS":
        # Not inside a longer address: 10.1.2.3 is no leak of 10.1.2.34 or 110.1.2.3.
        pattern = re.compile(rf"(?<![\d.]){escaped}(?!\.?\d)")
    elif entity_type == "IBAN_CODE":
        return _Matcher(planted_index, form_index, "compact", _WHITESPACE.sub("", needle), None)
    else:
        return _Matcher(planted_index, form_index, "text", needle, None)
    return _Matcher(planted_index, form_index, "pattern", needle, pattern)


def _walk(node: object, segments: tuple[str | int, ...]) -> Iterator[_Leaf]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            yield _leaf((*segments, str(key)), str(key), is_key=True)
            yield from _walk(value, (*segments, str(key)))
    elif isinstance(node, list | tuple):
        for index, value in enumerate(node):
            yield from _walk(value, (*segments, index))
    elif isinstance(node, str):
        yield _leaf(segments, node)
    elif isinstance(node, int | float) and not isinstance(node, bool):
        yield _leaf(segments, str(node))


def _render(leaf: _Leaf, masked: set[tuple[str | int, ...]]) -> str:
    """The path of a leaf, with keys that are themselves PII shown as `<key>`."""
    path = ""
    for depth, segment in enumerate(leaf.segments, start=1):
        hidden = leaf.segments[:depth] in masked or (leaf.is_key and depth == len(leaf.segments))
        path = join(path, "<key>" if hidden else segment)
    return path


def _parse(sanitized: Mapping[str, object] | str) -> object:
    if isinstance(sanitized, str):
        try:
            return json.loads(sanitized)
        except ValueError:
            return sanitized
    return sanitized


def find_leaks(sanitized: Mapping[str, object] | str, planted: Iterable[Planted]) -> list[Leak]:
    """Every planted value that survives in `sanitized`, once per place it is found."""
    labels = tuple(planted)
    leaves = list(_walk(_parse(sanitized), ()))
    haystack = _Haystack.of(leaves)
    matchers = [
        matcher
        for p_index, label in enumerate(labels)
        for f_index, form in enumerate(label.leak_forms)
        if (matcher := _matcher(p_index, f_index, label.entity_type, form)).possible(haystack)
    ]
    hits = [(leaf, matcher) for leaf in leaves for matcher in matchers if matcher.hits(leaf)]
    masked = {leaf.segments for leaf, _ in hits if leaf.is_key}
    leaks: dict[tuple[int, str], Leak] = {}
    for leaf, matcher in hits:
        found_at = _render(leaf, masked)
        key = (matcher.planted_index, found_at)
        if key not in leaks:
            label = labels[matcher.planted_index]
            form = label.leak_forms[matcher.form_index]
            leaks[key] = Leak(label.entity_type, label.path, found_at, matcher.form_index, form)
    return list(leaks.values())


def _same(expected: object, actual: object) -> bool:
    # JSON keeps types, so 60 and 60.0 or "60" differ: a changed type is a changed value.
    return type(expected) is type(actual) and expected == actual


def missing_safe(
    sanitized: Mapping[str, object] | str, safe: Iterable[SafeValue]
) -> list[SafeValue]:
    """The safe values that did not survive unchanged at their paths."""
    document = _parse(sanitized)
    missing: list[SafeValue] = []
    for expected in safe:
        actual = get(document, expected.path)
        if actual is MISSING:
            missing.append(expected)
        elif expected.match == "contains":
            if not (isinstance(actual, str) and str(expected.value) in actual):
                missing.append(expected)
        elif not _same(expected.value, actual):
            missing.append(expected)
    return missing
