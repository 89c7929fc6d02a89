"""Person spans of social text that are words: shouted words, acronyms, hashtags, other languages.

Capital letters are the evidence most name rules and NER go by, and social text spends them
freely. These shapes of span are dropped before the name rules grow the rest:

- Shouted everyday words: NER reads an ALL-CAPS run as a name ("GOOD LUCK MEETING", "MALL",
  "Before the COCK crows"). A span of NER's made only of English words, none a given name of
  five or more locales, a surname of three or more, or shorter than four letters, is dropped;
  a shouted name ("JAKE", "TAYLOR", "EDWARDS") or initials ("JFK") stay.
- Acronyms: an unknown ALL-CAPS word of four letters or more with no vowel ("HDCP", "WNNA")
  is no unknown proper noun.
- Hashtags: a hashtag is a person only when it reads as a name ("#JenniferAniston",
  "#gonzalez"; the glued "#marksanchez" is names:hashtag's); a topic tag ("#ZodiacFacts",
  "#MuchLove") is not. ALL-CAPS tags are left to the other rules.
- Other languages: in a text most of whose lower-case words are no English words ("ik kan niet
  wachten"), the English lexicon cannot tell a name from a word: lower-case spans are dropped
  unless they hold a given name of five or more locales ("von justin"), and so are unknown
  capitalised words flagged for being unknown.
- Social spellings: a person or place span of NER's, or an unknown word, made only of
  stretched words, laughter or -in for -ing ("Shhhhhhh", "Mwahaha", "CHILLIN":
  social_spelling.py).

Each test looks at the span and a few characters around it; the language share is one pass
over the text, made only when a span needs it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.detection.names.lexicon import NameLexicon
from pipeline.detection.names.social_handles import handle_names
from pipeline.detection.names.social_pairs import grow_pairs
from pipeline.detection.names.social_spelling import chat_spelling
from pipeline.detection.spans import Detection

_NER = frozenset({"spacy", "spacy:org_name"})
_UNKNOWN = "names:unknown_proper_noun"
_GUESSES = _NER | {_UNKNOWN}
_NAMED = frozenset({"PERSON", "LOCATION"})
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_VOWELS = frozenset("AEIOUY")
_HASHTAG_BODY = re.compile(r"[\w'’-]*")
_CAMEL = re.compile(r"[A-Z][a-z]+|[a-z]+|[A-Z]+(?![a-z])")
_LOWER_WORD = re.compile(r"[a-z\u00df-\u00ff]{2,}")
# a text is in another language when at least this share of its lower-case words (of at least
# `_FOREIGN_MIN` of them) are no English words
_FOREIGN_SHARE = 0.5
_FOREIGN_MIN = 3


def refine_social(text: str, dets: Sequence[Detection], lexicon: NameLexicon) -> list[Detection]:
    """`dets` without the spans that are social text's words (`drop_social_words`), grown over
    a surname written the same way (social_pairs.py), with the words that spell out an @handle
    of the text (social_handles.py)."""
    kept = grow_pairs(text, drop_social_words(text, dets, lexicon), lexicon)
    return [*kept, *handle_names(text, kept, lexicon)]


def drop_social_words(
    text: str, dets: Sequence[Detection], lexicon: NameLexicon
) -> list[Detection]:
    """`dets` without the person spans that are shouted words, acronyms, topic hashtags, or
    words of another language (see the module's doc)."""
    out: list[Detection] = []
    foreign: bool | None = None
    for d in dets:
        if d.entity_type not in _NAMED:
            out.append(d)
            continue
        span = text[d.start : d.end]
        if d.recognizer in _GUESSES and _spelled_chat(span, lexicon):
            continue  # "Shhhhhhh", "Mwahaha", "CHILLIN": social spellings of English words
        if d.entity_type != "PERSON":
            out.append(d)
            continue
        if _shouted_word(span, d.recognizer, lexicon) or _acronym(span, d.recognizer):
            continue
        if "#" in text[max(0, d.start - 1) : d.end] and _topic_hashtag(text, d, lexicon):
            continue
        if (span.islower() or d.recognizer == _UNKNOWN) and not _popular(span, lexicon):
            if foreign is None:
                foreign = other_language(text, lexicon)
            if foreign:
                continue
        out.append(d)
    return out


def _spelled_chat(span: str, lexicon: NameLexicon) -> bool:
    words = _WORDS.findall(span)
    return bool(words) and all(chat_spelling(w, lexicon) for w in words)


def _shouted_word(span: str, recognizer: str, lexicon: NameLexicon) -> bool:
    if recognizer not in _NER or not span.isupper():
        return False
    words = _WORDS.findall(span)
    return bool(words) and all(
        len(w) >= 4
        and lexicon.is_english(w)
        and not lexicon.is_popular(w)
        and not lexicon.is_widespread_last(w)
        for w in words
    )


def _acronym(span: str, recognizer: str) -> bool:
    if recognizer != _UNKNOWN or not span.isupper():
        return False
    letters = [c for c in span if c.isalpha()]
    return len(letters) >= 4 and not any(c in _VOWELS for c in letters)


def _topic_hashtag(text: str, det: Detection, lexicon: NameLexicon) -> bool:
    """Whether `det` lies in a hashtag that does not read as a person's name."""
    start = det.start + 1 if text[det.start : det.start + 1] == "#" else det.start
    if start == 0 or text[start - 1] != "#":
        return False
    body = _HASHTAG_BODY.match(text, start)
    end = body.end() if body is not None else start
    if det.end > end or end == start or det.recognizer == "names:hashtag":
        return False
    word = text[start:end]
    if word.isupper():
        return False  # "#JOEGIFTED": left to the rules of shouted text
    parts = _CAMEL.findall(word)
    if len(parts) == 1:
        return not (lexicon.is_name(word) and not lexicon.is_english(word))
    first = parts[0]
    return not (
        lexicon.is_first(first) and not lexicon.is_common(first) and not lexicon.is_english(first)
    )


def _popular(span: str, lexicon: NameLexicon) -> bool:
    words = _WORDS.findall(span)
    return any(lexicon.is_popular(w) for w in words)


def other_language(text: str, lexicon: NameLexicon) -> bool:
    """Whether most lower-case words of `text` (at least three, known name parts left out:
    "watching zendaya coleman tonight" is English) are no English words."""
    words = [w for w in text.split() if _LOWER_WORD.fullmatch(w) and not lexicon.is_name(w)]
    if len(words) < _FOREIGN_MIN:
        return False
    unknown = sum(not lexicon.is_english(w) for w in words)
    return unknown >= _FOREIGN_SHARE * len(words)
