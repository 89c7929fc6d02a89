"""Labelled sentences for the free-text evaluation: CoNLL files and inline-marked text.

Two formats are read:
- CoNLL (WNUT-2017 style): one `token<TAB>tag` per line, `B-`/`I-` tags, a blank line between
  sentences. The text is the tokens joined by single spaces. User handles (`@name`) are tagged
  `O` in WNUT-2017; they identify a person, so they are scored as mentions of `handle`.
  CoNLL-2003 files are read too: columns parted by spaces (`token POS chunk tag`, the tag
  last), `-DOCSTART-` lines between documents.
- Marked text: one sentence per line, each entity written `[[TYPE:value]]`; lines starting
  with `#` are comments (a `# kind: news` comment sets the kind of the sentences after it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError

_MARK = re.compile(r"\[\[([A-Za-z_][\w-]*):(.+?)\]\]")
_WORD = re.compile(r"\S+")
_KIND = re.compile(r"#\s*kind:\s*([\w-]+)")


class LabelledTextError(PipelineError):
    """A labelled-text file that cannot be read (file, line and what is wrong)."""


@dataclass(frozen=True)
class Mention:
    """One labelled entity: [start, end) character offsets in the sentence and its type."""

    start: int
    end: int
    entity: str


@dataclass(frozen=True)
class Sentence:
    """A sentence, its labelled mentions, and the [start, end) spans of all its words."""

    text: str
    mentions: tuple[Mention, ...]
    words: tuple[tuple[int, int], ...]
    kind: str = "text"

    def outside_words(self) -> list[tuple[int, int]]:
        """Words that are part of no mention (over-redaction is measured on these)."""
        return [
            (s, e)
            for s, e in self.words
            if not any(m.start < e and s < m.end for m in self.mentions)
        ]


def _handle(token: str) -> bool:
    return len(token) > 1 and token[0] == "@" and any(c.isalnum() for c in token[1:])


def _conll_sentence(rows: list[tuple[str, str]], kind: str) -> Sentence:
    text_parts: list[str] = []
    words: list[tuple[int, int]] = []
    mentions: list[Mention] = []
    pos = 0
    current: list[int] | None = None  # [start, end] of the mention being built
    current_type = ""
    for token, tag in rows:
        start = pos
        end = start + len(token)
        text_parts.append(token)
        words.append((start, end))
        pos = end + 1
        inside = tag.startswith("I-") and current is not None and tag[2:] == current_type
        if inside and current is not None:
            current[1] = end
            continue
        if current is not None:
            mentions.append(Mention(current[0], current[1], current_type))
            current = None
        if tag.startswith(("B-", "I-")):
            current, current_type = [start, end], tag[2:]
        elif _handle(token):
            mentions.append(Mention(start, end, "handle"))
    if current is not None:
        mentions.append(Mention(current[0], current[1], current_type))
    return Sentence(" ".join(text_parts), tuple(mentions), tuple(words), kind)


def read_conll(path: Path, kind: str = "social") -> list[Sentence]:
    """Sentences of a CoNLL file (token TAB tag per line, blank line between sentences; or
    CoNLL-2003's space-parted columns with the tag last and `-DOCSTART-` between documents)."""
    sentences: list[Sentence] = []
    rows: list[tuple[str, str]] = []
    for number, line in enumerate(_lines(path), start=1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.startswith("-DOCSTART-"):
            if rows:
                sentences.append(_conll_sentence(rows, kind))
                rows = []
            continue
        parts = line.split("\t") if "\t" in line else line.split(" ")
        if len(parts) < 2 or not parts[0]:
            raise LabelledTextError(f"{path}:{number}: expected 'token<TAB>tag'")
        tag = parts[-1].strip()
        if tag != "O" and not re.fullmatch(r"[BI]-[\w-]+", tag):
            raise LabelledTextError(f"{path}:{number}: tag {tag!r} is not O, B-type or I-type")
        rows.append((parts[0], tag))
    if rows:
        sentences.append(_conll_sentence(rows, kind))
    return sentences


def parse_marked(line: str, kind: str = "text") -> Sentence:
    """One marked sentence: `Call [[PERSON:Ann Lee]] on [[PHONE_NUMBER:0161 496 0000]].`"""
    text: list[str] = []
    mentions: list[Mention] = []
    pos = 0
    out_len = 0
    for match in _MARK.finditer(line):
        before = line[pos : match.start()]
        text.append(before)
        out_len += len(before)
        value = match.group(2)
        mentions.append(Mention(out_len, out_len + len(value), match.group(1)))
        text.append(value)
        out_len += len(value)
        pos = match.end()
    text.append(line[pos:])
    joined = "".join(text)
    words = tuple((m.start(), m.end()) for m in _WORD.finditer(joined))
    return Sentence(joined, tuple(mentions), words, kind)


def read_marked(path: Path) -> list[Sentence]:
    """Sentences of a marked-text file; `# kind: NAME` lines set the kind of what follows."""
    kind = "text"
    out: list[Sentence] = []
    for number, line in enumerate(_lines(path), start=1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            found = _KIND.match(line)
            if found:
                kind = found.group(1)
            continue
        if "[[" in _MARK.sub("", line):
            raise LabelledTextError(f"{path}:{number}: unclosed '[[TYPE:value]]' mark")
        out.append(parse_marked(line, kind))
    return out


def read_plain(path: Path, kind: str = "unlabelled") -> list[Sentence]:
    """Unlabelled text, one text per non-blank line (no marks are read: `[[` is plain text).

    With no mentions every word counts as outside: replaced words are an upper bound of
    over-redaction, and the lower-case words and numbers among them (almost never personal
    data in edited prose) a measure of it that needs no labels.
    """
    out: list[Sentence] = []
    for line in _lines(path):
        line = line.strip()
        if line:
            words = tuple((m.start(), m.end()) for m in _WORD.finditer(line))
            out.append(Sentence(line, (), words, kind))
    return out


def _lines(path: Path) -> Iterable[str]:
    try:
        with path.open(encoding="utf-8") as handle:
            yield from handle
    except OSError as exc:
        raise LabelledTextError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise LabelledTextError(f"{path}: not UTF-8 text") from None


HELD_OUT_EVERY = 3


def split_sentences(sentences: Sequence[Sentence], split: str) -> list[Sentence]:
    """The development or held-out part: sentence i (from 0) is held out when i % 3 == 2.

    Interleaved, so both parts mix the file's sources alike; rules are developed on `dev` only
    and `held-out` tells whether they generalise.
    """
    if split == "all":
        return list(sentences)
    held = split == "held-out"
    return [
        s for i, s in enumerate(sentences) if (i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1) == held
    ]
