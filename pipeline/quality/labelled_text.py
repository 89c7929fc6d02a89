"""Labelled sentences for the free-text evaluation: CoNLL files and inline-marked text.

Two formats are read:
- CoNLL (WNUT-2017 style): one `token<TAB>tag` per line, `B-`/`I-` tags, a blank line between
  sentences. The text is the tokens joined by single spaces. User handles (`@name`) are tagged
  `O` in WNUT-2017; they identify a person, so they are scored as mentions of `handle`.
  CoNLL-2003 files are read too: columns parted by spaces (`token POS chunk tag`, the tag
  last), `-DOCSTART-` lines between documents; `group_documents` makes each document one text
  (an article arrives whole in one field), its words and mentions moved to their offsets in it.
- Marked text: one sentence per line, each entity written `[[TYPE:value]]`; lines starting
  with `#` are comments (a `# kind: news` comment sets the kind of the sentences after it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
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
    return [sentence for document in read_conll_documents(path, kind) for sentence in document]


def read_conll_documents(path: Path, kind: str = "social") -> list[list[Sentence]]:
    """The sentences of a CoNLL file grouped by document: a `-DOCSTART-` line starts a new one
    (a file without such lines is one document)."""
    documents: list[list[Sentence]] = [[]]
    rows: list[tuple[str, str]] = []
    for number, line in enumerate(_lines(path), start=1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.startswith("-DOCSTART-"):
            if rows:
                documents[-1].append(_conll_sentence(rows, kind))
                rows = []
            if line.startswith("-DOCSTART-") and documents[-1]:
                documents.append([])
            continue
        parts = line.split("\t") if "\t" in line else line.split(" ")
        if len(parts) < 2 or not parts[0]:
            raise LabelledTextError(f"{path}:{number}: expected 'token<TAB>tag'")
        tag = parts[-1].strip()
        if tag != "O" and not re.fullmatch(r"[BI]-[\w-]+", tag):
            raise LabelledTextError(f"{path}:{number}: tag {tag!r} is not O, B-type or I-type")
        rows.append((parts[0], tag))
    if rows:
        documents[-1].append(_conll_sentence(rows, kind))
    return [document for document in documents if document]


def join_sentences(sentences: Sequence[Sentence], separator: str = "\n") -> Sentence:
    """One text of several sentences, each mention and word moved to its offsets in the joined
    text, so a document is scored word by word exactly as its sentences would be."""
    parts: list[str] = []
    mentions: list[Mention] = []
    words: list[tuple[int, int]] = []
    offset = 0
    for sentence in sentences:
        if parts:
            offset += len(separator)
        mentions.extend(
            Mention(m.start + offset, m.end + offset, m.entity) for m in sentence.mentions
        )
        words.extend((s + offset, e + offset) for s, e in sentence.words)
        parts.append(sentence.text)
        offset += len(sentence.text)
    kind = sentences[0].kind if sentences else "text"
    return Sentence(separator.join(parts), tuple(mentions), tuple(words), kind)


def group_documents(
    documents: Iterable[Sequence[Sentence]],
    limit: int,
    separator: str = "\n",
    size: Callable[[str], int] = len,
) -> list[Sentence]:
    """Each document as one text (its sentences joined by `separator`), the way an article
    arrives whole in one free-text field. A document whose text would measure more than `limit`
    (by `size`: the engine's string limit applies to the placed text) is split at sentence
    boundaries into chunks under it; a sentence over the limit on its own stays alone."""
    out: list[Sentence] = []
    for document in documents:
        chunk: list[Sentence] = []
        length = 0
        for sentence in document:
            added = size(sentence.text) + (len(separator) if chunk else 0)
            if chunk and length + added > limit:
                out.append(join_sentences(chunk, separator))
                chunk, length, added = [], 0, size(sentence.text)
            chunk.append(sentence)
            length += added
        if chunk:
            out.append(join_sentences(chunk, separator))
    return out


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
