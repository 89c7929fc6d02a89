"""Person names from a name lexicon, titles and context, before (and besides) NER.

spaCy's small English model misses about a third of person names in third-party sentences,
most of them non-English. A lexicon of given names and surnames from every Faker locale, plus
cue words ("Mr", "my name is", "Dear"), finds them on the tokenizer alone; NER runs only for
capitalised words nothing else explains.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.detection.lexicon import NameLexicon, fold
from pipeline.detection.spans import Detection
from pipeline.detection.vocabulary import CALENDAR
from pipeline.detection.words import Tok

Doc = Sequence[Tok]
Token = Tok

TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "sir",
        "madam",
        "madame",
        "mme",
        "mlle",
        "herr",
        "frau",
        "sr",
        "sra",
        "srta",
        "dott",
        "sig",
        "signor",
        "signora",
        "dhr",
        "mevr",
    ]
)
# Words after which the next capitalised word(s) are very likely a person's name.
CUES = frozenset(
    [
        "dear",
        "hi",
        "hello",
        "hey",
        "hallo",
        "hola",
        "ciao",
        "bonjour",
        "thanks",
        "thank",
        "name",
        "named",
        "is",
        "am",
        "this",
        "call",
        "called",
        "calling",
        "ask",
        "speak",
        "spoke",
        "contact",
        "for",
        "with",
        "from",
        "by",
        "agent",
        "customer",
        "caller",
        "cc",
        "attn",
        "sincerely",
        "regards",
        "cheers",
        "love",
        "met",
        "meet",
        "tell",
        "text",
        "email",
        "emailed",
        "paged",
        "page",
    ]
)
_PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "do",
        "dos",
        "das",
        "du",
        "le",
        "la",
        "bin",
        "al",
        "ter",
    ]
)
_SENTENCE_END = frozenset(".!?:;\n\"'()[]<>|")


@dataclass(frozen=True)
class NameScores:
    pair: float = 0.85  # first name + surname, both capitalised
    titled: float = 0.85  # "Mr Smith"
    cued: float = 0.7  # "my name is Xander"
    single: float = 0.6  # a lone known name that is not an English word
    lower_pair: float = 0.6  # "john smith" in lower case
    lower_single: float = 0.4  # "nicole here", a known given name that is no everyday word


def _wordlike(token: Token) -> bool:
    text = token.text
    return len(text) > 1 and text.replace("'", "").replace("-", "").replace("’", "").isalpha()


def is_capitalised(token: Token) -> bool:
    """Title-case (or all-caps longer than 3) alphabetic word."""
    text = token.text
    return (
        _wordlike(token)
        and text[0].isupper()
        and (
            text[1:].islower()
            or any(mark in text for mark in "-'’")
            or (text.isupper() and len(text) > 3)
            or _INNER_CAPITAL.fullmatch(text) is not None  # McCooey, MacLeod, DeShawn
        )
    )


def sentence_initial(doc: Doc, i: int) -> bool:
    """Whether token i starts a sentence (approximated from punctuation; no parser is loaded)."""
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 0:
        return True
    prev = doc[j].text
    return prev[-1] in _SENTENCE_END or "\n" in doc[j].whitespace_ or "\n" in prev


def find_names(
    doc: Doc, lexicon: NameLexicon, safe_words: frozenset[str], scores: NameScores = NameScores()
) -> list[Detection]:
    """Person-name spans found by lexicon, title and cue rules."""
    found: list[Detection] = []
    n = len(doc)
    i = 0
    while i < n:
        token = doc[i]
        if is_capitalised(token) and fold(token.text) not in safe_words:
            # grow a run of capitalised words (with particles and initials inside it)
            j = i + 1
            while j < n:
                t = doc[j]
                hyphen_join = (  # "Anne-Sophie", "Okonkwo-Brandt" are split by the tokenizer
                    t.text == "-"
                    and not doc[j - 1].whitespace_
                    and not t.whitespace_
                    and j + 1 < n
                    and is_capitalised(doc[j + 1])
                )
                if (
                    (is_capitalised(t) and fold(t.text) not in safe_words)
                    or (t.lower_ in _PARTICLES and _particles_then_name(doc, j))
                    or hyphen_join
                    or (len(t.text) == 2 and t.text[0].isupper() and t.text[1] == "." and j + 1 < n)
                ):
                    j += 1
                else:
                    break
            found.extend(_judge(doc, i, j, lexicon, scores))
            i = j
            continue
        if token.is_lower and _wordlike(token) and _lower_cued(doc, i, lexicon):
            # "put me through to mr. banik", "i want to speak to dayamai n'diaye"
            j = i
            while (
                j + 1 < n
                and doc[j + 1].is_lower
                and _wordlike(doc[j + 1])
                and not lexicon.is_common(doc[j + 1].text)
                and j - i < 2
            ):
                j += 1
            end = doc[j].idx + len(doc[j].text)
            found.append(Detection(token.idx, end, "PERSON", scores.cued, "names:lower_cue"))
            i = j + 1
            continue
        if token.is_lower and _wordlike(token) and lexicon.is_first(token.text):
            end_index = _lower_name_end(doc, i, lexicon)
            if end_index is not None:
                last = doc[end_index]
                end = last.idx + len(last.text)
                found.append(Detection(token.idx, end, "PERSON", scores.lower_pair, "names:lower"))
                i = end_index + 1
                continue
            if (len(token.text) >= 4 and not lexicon.is_english(token.text)) or (
                # social text writes names in lower case ("joe included", "john says"): a
                # given name of several locales that is no everyday word
                len(token.text) >= 3
                and (lexicon.is_popular(token.text) or not lexicon.is_english(token.text))
                and lexicon.is_widespread(token.text)
                and not lexicon.is_common(token.text)
                and not lexicon.is_place(token.text)
                and _previous_word(doc, i) not in _BEFORE_VERBS  # "i love", "we will"
            ):
                # transcripts write names in lower case ("nicole here can you call me back");
                # an unknown word that is no English right after it is the surname
                # ("agathe n'diaye speaking")
                last = token
                k = i + 1
                while (
                    k < n
                    and k - i <= 2
                    and doc[k].is_lower
                    and _wordlike(doc[k])
                    and not lexicon.is_english(doc[k].text)
                    and not lexicon.is_common(doc[k].text)
                ):
                    last = doc[k]
                    k += 1
                end = last.idx + len(last.text)
                found.append(
                    Detection(token.idx, end, "PERSON", scores.lower_single, "names:lower_given")
                )
        i += 1
    return found


# Words after which a lower-case word is a verb, not a name: "i love", "to mark", "we will".
_BEFORE_VERBS = frozenset(
    [
        "i",
        "we",
        "you",
        "they",
        "he",
        "she",
        "it",
        "to",
        "will",
        "would",
        "can",
        "could",
        "should",
        "must",
        "may",
        "might",
        "don't",
        "dont",
        "never",
        "always",
        "also",
        "just",
    ]
)
_SELF_CUES = frozenset(["is", "am", "im", "i'm", "named", "called", "name's"])
_INNER_CAPITAL = re.compile(r"[A-Z][a-z]{1,3}[A-Z][a-z]+")
_ITS = frozenset(["it", "that", "this", "he", "she", "there", "here"])
_TO_CUES = frozenset(
    ["speak", "talk", "through", "transfer", "connect", "put", "speaking", "talking", "ask"]
)


def _lower_cued(doc: Doc, i: int, lexicon: NameLexicon) -> bool:
    """A lower-case word right after a title, or after "speak to"/"through to"."""
    if lexicon.is_common(doc[i].text):
        return False
    prev = _previous_word(doc, i)
    if prev in TITLES:
        return True
    if prev in _SELF_CUES and not lexicon.is_english(doc[i].text):
        return True  # "this is okonkwo from accounts", "my name is zanele"
    if prev == "to":
        j = i - 1
        while j >= 0 and doc[j].lower_ != "to":
            j -= 1
        return _previous_word(doc, j) in _TO_CUES if j >= 0 else False
    return False


def _particles_then_name(doc: Doc, j: int) -> bool:
    """Whether particles starting at j ("de la", "van der") are followed by a capitalised word."""
    while j < len(doc) and doc[j].lower_ in _PARTICLES:
        j += 1
    return j < len(doc) and is_capitalised(doc[j])


def _lower_name_end(doc: Doc, i: int, lexicon: NameLexicon) -> int | None:
    """End index of a lower-case "first [particles] last" name starting at i, if any.

    Speech transcripts and chat messages write names in lower case ("siân da paz"); both parts
    must be known names and not both English words. After a cue ("about", "is") a lone given
    name that is not an English word counts too.
    """
    first = doc[i].text
    cued = _previous_word(doc, i) in CUES
    # Grow over known name parts and particles: "maría ángeles tejera", "siân da paz".
    j = i
    k = i + 1
    while k < len(doc) and k - i <= 4:
        t = doc[k]
        if t.lower_ in _PARTICLES:
            k += 1
            continue
        if (
            t.is_lower
            and _wordlike(t)
            and lexicon.is_name(t.text)
            and not lexicon.is_common(t.text)
        ):
            j = k
            k += 1
            continue
        break
    if j > i:
        parts = [t for t in doc[i : j + 1] if t.lower_ not in _PARTICLES]
        uncommon = cued or not all(lexicon.is_common(t.text) for t in parts)
        name_like = any(lexicon.is_last(t.text) for t in parts[1:]) or not all(
            lexicon.is_english(t.text) for t in parts
        )
        if uncommon and name_like:
            return j
    cue = _previous_word(doc, i)
    if cue == "'s" and i >= 2 and doc[i - 2].lower_ in _ITS:
        cue = "is"  # "it's xavier again"
    named = not lexicon.is_english(first) or (
        lexicon.is_first(first) and not lexicon.is_common(first)
    )
    if cue in CUES and named:
        # after a cue, the name runs over particles and uncommon words ("about bonifacio ó
        # súilleabháin")
        end = i
        k = i + 1
        while (k < len(doc) and k - i <= 3 and doc[k].is_lower and _wordlike(doc[k])) or (
            k < len(doc) and doc[k].lower_ in _PARTICLES
        ):
            if not lexicon.is_common(doc[k].text) or doc[k].lower_ in _PARTICLES:
                if doc[k].lower_ not in _PARTICLES:
                    end = k
                k += 1
            else:
                break
        return end
    return None


def _previous_word(doc: Doc, i: int) -> str:
    j = i - 1
    while j >= 0 and (doc[j].is_space or doc[j].text in {",", ".", ":"}):
        if doc[j].text == ".":  # "Mr." keeps its title role
            j -= 1
            continue
        j -= 1
    return fold(doc[j].text.rstrip(".")) if j >= 0 else ""


def _numeric(doc: Doc, k: int) -> bool:
    return 0 <= k < len(doc) and doc[k].text[:1].isdigit()


def _judge(doc: Doc, i: int, j: int, lexicon: NameLexicon, scores: NameScores) -> list[Detection]:
    """Names in the capitalised run doc[i:j].

    Shouted text ("SO WHEN I GET ON … TALK ABOUT ME") is judged word by word, and an all-caps
    pair counts only when every word is a name or no English word ("LUCINDA HARTWELL").
    """
    words = [t for t in doc[i:j] if t.lower_ not in _PARTICLES]
    shouted = len(words) > 1 and all(t.text.isupper() for t in words)
    if shouted and (
        len(words) > 3
        or not all(lexicon.is_name(t.text) or not lexicon.is_english(t.text) for t in words)
    ):
        found = (_judge_run(doc, t.i, t.i + 1, lexicon, scores, shouted=True) for t in words)
        return [d for d in found if d is not None]
    det = _judge_run(doc, i, j, lexicon, scores)
    return [det] if det is not None else []


def _edge_is_not_a_name(doc: Doc, words: Sequence[Token], k: int, lexicon: NameLexicon) -> bool:
    """Whether words[k] (the first or last of a run) is an everyday word or a date's month/day."""
    token = words[k]
    if lexicon.is_common(token.text) and not lexicon.is_name(token.text):
        return True  # "The", "For", "It": never part of a name
    if lexicon.is_stop(token.text) and not lexicon.is_widespread(token.text):
        return True  # "The" is a Vietnamese name once folded; "Will", "May" stay names
    if fold(token.text) in CALENDAR:
        # "Sunday Sept 19th", "Jan 2015", "11 Apr": a date, not "April Jones"
        return (
            all(fold(t.text) in CALENDAR for t in words)
            or _numeric(doc, token.i + 1)
            or _numeric(doc, token.i - 1)
        )
    return False


def _judge_run(
    doc: Doc, i: int, j: int, lexicon: NameLexicon, scores: NameScores, shouted: bool = False
) -> Detection | None:
    words: Sequence[Token] = [t for t in doc[i:j] if t.lower_ not in _PARTICLES]
    while words and _edge_is_not_a_name(doc, words, 0, lexicon):
        words = words[1:]
    while words and _edge_is_not_a_name(doc, words, len(words) - 1, lexicon):
        words = words[:-1]
    # Leading sentence-initial English non-names ("Hello", "Please") are not part of the name.
    while (
        words
        and sentence_initial(doc, words[0].i)
        and lexicon.is_english(words[0].text)
        and not lexicon.is_name(words[0].text)
    ):
        words = words[1:]
    if not words:
        return None
    start = words[0].idx
    end = words[-1].idx + len(words[-1].text)
    prev = _previous_word(doc, words[0].i)
    known = [lexicon.is_name(t.text) for t in words]
    if prev in TITLES:
        return Detection(start, end, "PERSON", scores.titled, "names:title")
    # a headline of dictionary words ("Home Field", "Recognition Day") is a name only when it
    # starts with a given name that is no everyday word ("Grace Brown")
    worded = all(lexicon.is_english(t.text) for t in words) and not (
        lexicon.is_first(words[0].text) and not lexicon.is_common(words[0].text)
    )
    if (
        len(words) >= 2
        and any(known)
        and not worded
        and (lexicon.is_first(words[0].text) or lexicon.is_last(words[-1].text))
    ):
        return Detection(start, end, "PERSON", scores.pair, "names:pair")
    if prev in CUES and (any(known) or not lexicon.is_english(words[0].text)):
        return Detection(start, end, "PERSON", scores.cued, "names:cue")
    if len(words) == 1 and known[0] and not lexicon.is_english(words[0].text):
        return Detection(start, end, "PERSON", scores.single, "names:single")
    if (
        len(words) == 1
        and not shouted
        and lexicon.is_first(words[0].text)
        and not lexicon.is_common(words[0].text)
        # a dictionary word ("Albion", "Storm") only if several locales use it as a name
        and (lexicon.is_widespread(words[0].text) or not lexicon.is_english(words[0].text))
        and not lexicon.is_place(words[0].text)
    ):
        # "David from accounting asked…": a given name that is no everyday word
        return Detection(start, end, "PERSON", scores.single - 0.1, "names:given")
    if (
        len(words) >= 2
        and not worded
        and any(k and not lexicon.is_common(t.text) for k, t in zip(known, words, strict=True))
    ):
        return Detection(start, end, "PERSON", scores.single, "names:partial")
    return None


def unexplained_capitals(
    doc: Doc, covered: Sequence[tuple[int, int]], lexicon: NameLexicon, safe_words: frozenset[str]
) -> list[Token]:
    """Capitalised words no detection covers that could still be names or places."""
    out: list[Token] = []
    urls = _url_spans(doc)
    for token in doc:
        if not is_capitalised(token) or fold(token.text) in safe_words:
            continue
        if _glued_to_digits(doc, token) or any(s <= token.idx < e for s, e in urls):
            continue  # "5Rh4w" in a short link, words of a URL: not names
        if any(s <= token.idx < e for s, e in covered):
            continue
        if sentence_initial(doc, token.i) and lexicon.is_english(token.text):
            continue
        out.append(token)
    return out


def _glued_to_digits(doc: Doc, token: Token) -> bool:
    i = token.i
    after = token.whitespace_ == "" and i + 1 < len(doc) and doc[i + 1].text[:1].isdigit()
    before = i > 0 and doc[i - 1].whitespace_ == "" and doc[i - 1].text[-1:].isdigit()
    return after or before


def _url_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of URLs ("http://…", "www.…") rebuilt from the tokens."""
    spans: list[tuple[int, int]] = []
    for k, token in enumerate(doc):
        if token.lower_ in ("http", "https", "www") and k + 1 < len(doc) and not token.whitespace_:
            end = k
            while end + 1 < len(doc) and not doc[end].whitespace_:
                end += 1
            spans.append((token.idx, doc[end].idx + len(doc[end].text)))
    return spans
