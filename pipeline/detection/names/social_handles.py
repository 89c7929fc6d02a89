"""Names an @handle of the same text spells out: "@SnoopDogg hey snoop", "Criminal Manne …
@Criminal_Manne".

A handle is its owner's name run together ("@Criminal_Manne", "@SnoopDogg"); the words that
spell it out elsewhere in the message name the same person, whatever their case or whether the
lexicon knows them. Two shapes are taken:

- Spelled out: two or three words in a row whose letters are the handle's, in order
  ("Criminal Manne" for @Criminal_Manne, "kira de lune" for @kiradelune), one of them a known
  name part or no English word ("@intheend … in the end" is a phrase).
- One part: a word that is one part of a handle split at its capitals, underscores and digits
  ("snoop" of @SnoopDogg), when it is a known name part or comes right after a greeting or a
  thanks ("hey snoop", "thanks dogg"): a brand's handle ("@SonyElectronics … Sony/Bud Light")
  is left alone.

Both look only at the words of the text and the handles in it (one pass each).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.detection.names.lexicon import NameLexicon, fold
from pipeline.detection.names.shapes import DETERMINERS
from pipeline.detection.spans import Detection

# the pattern recognizer's handle (models/recognizers.yaml), its body captured
_HANDLE = re.compile(r"(?<![\w.+-])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![\w@])")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
# greetings and thanks after which a word addresses the handle's owner
_ADDRESSING = frozenset(
    ["hey", "hi", "hello", "yo", "dear", "thanks", "thank", "thx", "ty", "congrats", "love", "miss"]
)
_MIN_PART = 3
_MIN_SPELLED = 5
_SCORE = 0.6
_RECOGNIZER = "names:handle_words"


def handle_names(text: str, dets: Sequence[Detection], lexicon: NameLexicon) -> list[Detection]:
    """PERSON spans for the words of `text` that spell out one of its @handles (module doc)."""
    if "@" not in text:
        return []
    handles = [(m.start(), m.end(), m.group(1)) for m in _HANDLE.finditer(text)]
    if not handles:
        return []
    words = [
        m
        for m in _WORD.finditer(text)
        if not any(s <= m.start() < e for s, e, _ in handles)
        and text[m.start() - 1 : m.start()] != "@"
    ]
    found: list[Detection] = []
    for _, _, body in handles:
        found.extend(_spelled_out(text, words, body, lexicon))
        found.extend(_one_part(text, words, body, lexicon))
    return found


def _letters(word: str) -> str:
    return "".join(c for c in fold(word) if c.isalpha())


def _spelled_out(
    text: str, words: Sequence[re.Match[str]], body: str, lexicon: NameLexicon
) -> list[Detection]:
    target = _letters(body)
    if len(target) < _MIN_SPELLED:
        return []
    found: list[Detection] = []
    for k in range(len(words)):
        joined = ""
        for m in range(k, min(k + 3, len(words))):
            if m > k and text[words[m - 1].end() : words[m].start()].strip():
                break  # only spaces between the words: "Criminal Manne", not "Criminal , Manne"
            joined += _letters(words[m].group())
            if not target.startswith(joined):
                break
            if joined == target and m > k:
                run = [w.group() for w in words[k : m + 1]]
                if not any(_name_like(w, lexicon) for w in run):
                    break  # "@intheend … in the end": a phrase, not a name
                found.append(
                    Detection(words[k].start(), words[m].end(), "PERSON", _SCORE, _RECOGNIZER)
                )
                break
    return found


def _name_like(word: str, lexicon: NameLexicon) -> bool:
    """A known name part or no English word, not a function word ("the" is a name folded)."""
    return not lexicon.is_stop(word) and (lexicon.is_name(word) or not lexicon.is_english(word))


def _one_part(
    text: str, words: Sequence[re.Match[str]], body: str, lexicon: NameLexicon
) -> list[Detection]:
    parts = {fold(p) for p in _PARTS.findall(body) if len(p) >= _MIN_PART}
    if len(parts) < 2:
        return []  # "@jasonderulo": no parts to tell apart (the lexicon rules find "jason")
    found: list[Detection] = []
    for k, word in enumerate(words):
        key = fold(word.group())
        if key not in parts or lexicon.is_stop(key) or lexicon.is_common(key):
            continue
        if text[word.start() - 1 : word.start()] == "#":
            continue  # "#fox26" of @FOX26Caitilin: a topic
        before = fold(words[k - 1].group()) if k > 0 else ""
        if before in DETERMINERS:
            continue  # "long live the king" of @KingSalman: the word
        # a name part, but a surname that is an English word only as a greeting's object
        known = (
            lexicon.is_name(key)
            and not lexicon.is_place(key)
            and (lexicon.is_first(key) or not lexicon.is_english(key))
        )
        if known or before in _ADDRESSING:
            found.append(Detection(word.start(), word.end(), "PERSON", _SCORE, _RECOGNIZER))
    return found
