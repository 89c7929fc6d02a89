"""Person names from a name lexicon, titles and context, before (and besides) NER.

spaCy's small English model misses about a third of person names in third-party sentences,
most of them non-English. A lexicon of given names and surnames from every Faker locale, plus
cue words ("Mr", "my name is", "Dear"), finds them on the tokenizer alone; NER runs only for
capitalised words nothing else explains. This module judges runs of capitalised words; lower-case
names are in `lower_names`, the words and shapes both use in `name_words`.
"""

from __future__ import annotations

from collections.abc import Sequence

import phonenumbers

from pipeline.detection.names.lexicon import NameLexicon, fold
from pipeline.detection.names.lower_case import lower_name_at
from pipeline.detection.names.news import news_names
from pipeline.detection.names.shapes import (
    CUES,
    DEFAULT_SCORES,
    DETERMINERS,
    FAMILY,
    KIN,
    OFFICES,
    PARTICLES,
    REPORTING,
    TITLES,
    VERB_TITLES,
    Doc,
    NameScores,
    Token,
    after_kin,
    is_capitalised,
    names_a_family,
    numeric_at,
    previous_word,
    sentence_initial,
    verb_with_object,
    wordlike,
)
from pipeline.detection.names.unexplained import unexplained_capitals
from pipeline.detection.names.vocabulary import CALENDAR
from pipeline.detection.spans import Detection

__all__ = ["find_names", "unexplained_capitals"]


def find_names(
    doc: Doc, lexicon: NameLexicon, safe_words: frozenset[str], scores: NameScores = DEFAULT_SCORES
) -> list[Detection]:
    """Person-name spans found by lexicon, title and cue rules."""
    found: list[Detection] = []
    n = len(doc)
    i = 0
    while i < n:
        token = doc[i]
        if (is_capitalised(token) or _caps_given_name(token, lexicon)) and fold(
            token.text
        ) not in safe_words:
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
                    or (t.lower_ in PARTICLES and _particles_then_name(doc, j))
                    or hyphen_join
                    or (len(t.text) == 2 and t.text[0].isupper() and t.text[1] == "." and j + 1 < n)
                ):
                    j += 1
                else:
                    break
            found.extend(_judge(doc, i, j, lexicon, scores))
            i = j
            continue
        if _cued_initials(doc, i, lexicon):
            found.append(
                Detection(token.idx, token.idx + 2, "PERSON", scores.cued, "names:initials")
            )
            i += 1
            continue
        if token.is_lower and wordlike(token):
            det, i = lower_name_at(doc, i, lexicon, scores)
            if det is not None:
                found.append(det)
            continue
        i += 1
    found.extend(news_names(doc, lexicon))
    return found


# ISO 3166 country codes: "for NZ" is a country ("UK" is no code, but an English word)
_REGIONS = frozenset(phonenumbers.SUPPORTED_REGIONS)
# Cue words after which two capitals are a person's initials ("with JC", "thanks TJ").
_INITIALS_CUES = frozenset(["with", "for", "thanks", "thank", "love", "hi", "hey", "dear", "cc"])


def _cued_initials(doc: Doc, i: int, lexicon: NameLexicon) -> bool:
    """Two capital letters standing for a person right after a greeting or "with"/"for"."""
    text = doc[i].text
    after = doc[i + 1] if i + 1 < len(doc) else None
    return (
        len(text) == 2
        and text.isalpha()
        and text.isupper()
        and previous_word(doc, i) in _INITIALS_CUES
        # alone, not the head of a noun phrase ("with VR headsets")
        and (after is None or not wordlike(after) or lexicon.is_stop(after.text))
        and text not in _REGIONS  # "flights for NZ", "for QA"
        and not lexicon.is_english(text)
        and not lexicon.is_common(text)
        and not lexicon.is_place(text)
    )


def _particles_then_name(doc: Doc, j: int) -> bool:
    """Whether particles starting at j ("de la", "van der") are followed by a capitalised word."""
    while j < len(doc) and doc[j].lower_ in PARTICLES:
        j += 1
    return j < len(doc) and is_capitalised(doc[j])


def _judge(doc: Doc, i: int, j: int, lexicon: NameLexicon, scores: NameScores) -> list[Detection]:
    """Names in the capitalised run doc[i:j].

    Shouted text ("SO WHEN I GET ON … TALK ABOUT ME") is judged word by word, and an all-caps
    pair counts only when every word is a name or no English word ("LUCINDA HARTWELL").
    """
    words = [t for t in doc[i:j] if t.lower_ not in PARTICLES]
    shouted = len(words) > 1 and all(t.text.isupper() for t in words)
    if shouted and (
        len(words) > 3
        or not all(lexicon.is_name(t.text) or not lexicon.is_english(t.text) for t in words)
    ):
        return _judge_shouted(doc, words, lexicon, scores)
    det = _judge_run(doc, i, j, lexicon, scores)
    return [det] if det is not None else []


def _judge_shouted(
    doc: Doc, words: Sequence[Token], lexicon: NameLexicon, scores: NameScores
) -> list[Detection]:
    """Each word of a shouted run alone; a given name found so takes the surname after it
    ("WHY IS KEVIN BROWN ALWAYS LATE"): a surname of several locales that is no everyday word,
    which alone stays ("BROWN" is a colour too)."""
    found = [_judge_run(doc, t.i, t.i + 1, lexicon, scores, shouted=True) for t in words]
    out: list[Detection] = []
    for k, det in enumerate(found):
        if det is None:
            continue
        if k + 1 < len(words) and found[k + 1] is None:
            given, after = words[k], words[k + 1]
            if (
                after.i == given.i + 1
                and lexicon.is_first(given.text)
                and lexicon.is_widespread_last(after.text)
                and not lexicon.is_common(after.text)
                and fold(after.text) not in OFFICES
                and fold(after.text) not in TITLES
            ):
                end = after.idx + len(after.text)
                det = Detection(det.start, end, "PERSON", scores.pair, "names:shouted_pair")
        out.append(det)
    return out


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
            or numeric_at(doc, token.i + 1)
            or numeric_at(doc, token.i - 1)
        )
    return False


def _caps_given_name(token: Token, lexicon: NameLexicon) -> bool:
    """A three-letter given name in capitals that is no English word ("EVA MENDES", "ANA")."""
    text = token.text
    return (
        len(text) == 3
        and text.isalpha()
        and text.isupper()
        and lexicon.is_first(text)
        and not lexicon.is_english(text)
        and not lexicon.is_common(text)
    )


def _titled(prev: str, token: Token, lexicon: NameLexicon) -> bool:
    """Whether `token`, after the word `prev`, follows a title, which makes even an everyday
    word a name ("DJ Strategy", "MC Hammer"); not after "Miss", "Coach", "Madam", more often
    a verb or a noun."""
    return prev in TITLES and prev not in VERB_TITLES and not lexicon.is_stop(token.text)


def _shouted_given(token: Token, lexicon: NameLexicon) -> bool:
    """A given name in shouted text that is no verb, adjective, office or title."""
    key = fold(token.text)
    return lexicon.is_noun_only(token.text) and key not in OFFICES and key not in TITLES


def _street_words() -> frozenset[str]:
    from faker.providers.address.en_US import Provider as Address

    return frozenset(fold(w) for w in Address.street_suffixes)


# Street and building words that are surnames too ("Lane", "Mills", "Plaza"): alone, a place.
_STREET_WORDS = _street_words()
# After these a capitalised word is a place or a thing: "in Hall 3", "at Wells", "the King".
_BEFORE_THINGS = DETERMINERS | frozenset(["in", "at", "on", "into", "near", "via"])


def _lone_surname(doc: Doc, token: Token, prev: str, lexicon: NameLexicon) -> bool:
    """ "DUDE Jones playing inside", "we asked Hughes": a surname of several locales, alone in the
    middle of a sentence, that English has only as a noun (WordNet lists famous people: "jones",
    "spencer"; "Castle", "Young" are also a verb or an adjective)."""
    text = token.text
    key = fold(text)
    return (
        lexicon.is_widespread_last(text)  # first: most words fail here
        and text[1:].islower()
        and not sentence_initial(doc, token.i)
        and lexicon.is_noun_only(text)
        and not lexicon.is_common(text)
        and not lexicon.is_place(text)
        and key not in OFFICES
        and key not in TITLES
        and key not in _STREET_WORDS
        and prev not in _BEFORE_THINGS
    )


def _subject_of_report(doc: Doc, words: Sequence[Token], lexicon: NameLexicon) -> bool:
    """ "Harris starts us off", "Okafor said": one or two name-like words before a reporting verb."""
    k = words[-1].i + 1
    return (
        len(words) <= 2
        and k < len(doc)
        and doc[k].lower_ in REPORTING
        and doc[k].is_lower
        and all(
            not lexicon.is_common(t.text)
            and not lexicon.is_place(t.text)
            and (lexicon.is_name(t.text) or not lexicon.is_english(t.text))
            for t in words
        )
    )


def _judge_run(
    doc: Doc, i: int, j: int, lexicon: NameLexicon, scores: NameScores, shouted: bool = False
) -> Detection | None:
    words: Sequence[Token] = [t for t in doc[i:j] if t.lower_ not in PARTICLES]
    if not words and previous_word(doc, i) in TITLES:
        words = doc[i:j]  # "Mr . Van", "Mrs De": after a title a particle is the surname
    head = words[0] if words else None
    head_prev = previous_word(doc, head.i) if head is not None else ""
    # the word after a title stays, even an everyday one (checked only after a title: hot path)
    if head is not None and head_prev in TITLES and _titled(head_prev, head, lexicon):
        while len(words) > 1 and _edge_is_not_a_name(doc, words, len(words) - 1, lexicon):
            words = words[:-1]
    else:
        while words and _edge_is_not_a_name(doc, words, 0, lexicon):
            words = words[1:]
        while words and _edge_is_not_a_name(doc, words, len(words) - 1, lexicon):
            words = words[:-1]
    if (
        len(words) >= 2
        and fold(words[-1].text) == "day"
        and not (len(words) == 2 and lexicon.is_first(words[0].text))
    ):
        words = words[:-1]  # "Recognition Day", "Ernie Banks Day": an occasion (not "Doris Day")
    if words and not shouted and _subject_of_report(doc, words, lexicon):
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        return Detection(start, end, "PERSON", scores.single - 0.1, "names:subject")
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
    prev = head_prev if words[0] is head else previous_word(doc, words[0].i)
    known = [lexicon.is_name(t.text) for t in words]
    if prev in TITLES:
        return Detection(start, end, "PERSON", scores.titled, "names:title")
    if prev in KIN and after_kin(doc, words[0].i) and not lexicon.is_common(words[0].text):
        return Detection(start, end, "PERSON", scores.cued, "names:kin")  # "my friend Castle"
    if len(words) == 1 and verb_with_object(doc, words[0].i, lexicon):
        return None  # "Love it", "Hope you": the verb, not the given name
    # a headline of dictionary words ("Home Field", "Recognition Day") is a name only when it
    # starts with a given name or ends with a surname that is no everyday word ("Grace Brown",
    # "Scooter Braun")
    worded = all(lexicon.is_english(t.text) for t in words) and not (
        (lexicon.is_first(words[0].text) and not lexicon.is_common(words[0].text))
        or (lexicon.is_last(words[-1].text) and not lexicon.is_common(words[-1].text))
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
        # in shouted text only a name English has as a noun alone ("SHAWN", not "WILL", "MAY")
        and (not shouted or _shouted_given(words[0], lexicon))
        and lexicon.is_first(words[0].text)
        and not lexicon.is_common(words[0].text)
        # a dictionary word ("Albion", "Storm") only if several locales use it as a name
        and (lexicon.is_widespread(words[0].text) or not lexicon.is_english(words[0].text))
        and not lexicon.is_place(words[0].text)
    ):
        # "David from accounting asked…": a given name that is no everyday word
        return Detection(start, end, "PERSON", scores.single - 0.1, "names:given")
    if len(words) == 1 and not shouted and _lone_surname(doc, words[0], prev, lexicon):
        return Detection(start, end, "PERSON", scores.single - 0.1, "names:surname")
    k = words[0].i + 1
    if (
        len(words) == 1
        and k < len(doc)
        and doc[k].text in FAMILY
        and names_a_family(doc, k - 1, lexicon)
    ):
        return Detection(start, end, "PERSON", scores.single, "names:family")
    if (
        len(words) >= 2
        and not worded
        and any(k and not lexicon.is_common(t.text) for k, t in zip(known, words, strict=True))
    ):
        return Detection(start, end, "PERSON", scores.single, "names:partial")
    return None
