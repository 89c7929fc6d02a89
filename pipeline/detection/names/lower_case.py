"""Person names written in lower case, as chat messages and speech transcripts write them.

"put me through to mr. banik", "nicole here can you call me back", "siân da paz": a known given
name, a title or a cue before an unknown word; everyday words and verbs after a pronoun
("i love", "we will") are not taken.
"""

from __future__ import annotations

from pipeline.detection.names.lexicon import NameLexicon
from pipeline.detection.names.shapes import (
    BEFORE_VERBS,
    CUES,
    DETERMINERS,
    FAMILY,
    PARTICLES,
    REPORTING,
    TITLES,
    VERB_TITLES,
    Doc,
    NameScores,
    names_a_family,
    previous_word,
    verb_with_complement,
    verb_with_object,
    wordlike,
)
from pipeline.detection.names.social_address import addressed_name, ends_clause
from pipeline.detection.names.social_spelling import chat_spelling
from pipeline.detection.spans import Detection


def lower_name_at(
    doc: Doc, i: int, lexicon: NameLexicon, scores: NameScores
) -> tuple[Detection | None, int]:
    """The name starting at the lower-case word doc[i], if any, and the index to go on from."""
    token = doc[i]
    n = len(doc)
    if (
        token.lower_ in REPORTING
        or verb_with_object(doc, i, lexicon)
        or verb_with_complement(doc, i, lexicon)
    ):
        # "Police said", "love you", "output rose to": not the given names Said, Love, Rose
        return None, i + 1
    if (
        i > 0
        and doc[i - 1].text == "#"
        and not doc[i - 1].whitespace_
        and _glued_name(token.text, lexicon)
    ):  # "#marksanchez", "#emilyokafor"
        end = token.idx + len(token.text)
        return Detection(token.idx, end, "PERSON", scores.lower_pair, "names:hashtag"), i + 1
    # the next word's text first: this runs for every lower-case word
    if i + 1 < n and doc[i + 1].text in FAMILY and names_a_family(doc, i, lexicon):
        # "the sanchez family reunion"
        end = token.idx + len(token.text)
        return Detection(token.idx, end, "PERSON", scores.lower_pair, "names:lower_family"), i + 1
    if (
        i + 1 < n
        and doc[i + 1].lower_ in REPORTING
        and len(token.text) >= 3
        and not lexicon.is_english(token.text)
        and not lexicon.is_common(token.text)
    ):
        # "mcfly told me", "okonkwo says": an unknown word as the subject of a report
        end = token.idx + len(token.text)
        return Detection(
            token.idx, end, "PERSON", scores.lower_single, "names:lower_subject"
        ), i + 1
    if _lower_cued(doc, i, lexicon):
        # "put me through to mr. banik", "i want to speak to dayamai n'diaye"
        j = i
        while (
            j + 1 < n
            and doc[j + 1].is_lower
            and wordlike(doc[j + 1])
            and not lexicon.is_common(doc[j + 1].text)
            and j - i < 2
        ):
            j += 1
        end = doc[j].idx + len(doc[j].text)
        return Detection(token.idx, end, "PERSON", scores.cued, "names:lower_cue"), j + 1
    if addressed_name(doc, i, lexicon):
        # "happy birthday hope", "shoutout to mike", "love you mark !" (social_address.py)
        end = token.idx + len(token.text)
        return Detection(
            token.idx, end, "PERSON", scores.lower_single, "names:social_address"
        ), i + 1
    if lexicon.is_first(token.text):
        end_index = _lower_name_end(doc, i, lexicon)
        if end_index is not None:
            last = doc[end_index]
            end = last.idx + len(last.text)
            return Detection(
                token.idx, end, "PERSON", scores.lower_pair, "names:lower"
            ), end_index + 1
        if (len(token.text) >= 4 and not lexicon.is_english(token.text)) or (
            # social text writes names in lower case ("joe included", "john says"): a
            # given name of several locales that is no everyday word
            len(token.text) >= 3
            and (
                lexicon.is_popular(token.text)
                or not lexicon.is_english(token.text)
                # a surname of several locales too, that English has only as a noun
                # ("spencer", "tyson": WordNet lists famous people)
                or (
                    lexicon.is_widespread_last(token.text)
                    and lexicon.is_noun_only(token.text)
                    and not _after_noun(doc, i, lexicon)  # "deer hunter", "stone mason"
                )
            )
            and lexicon.is_widespread(token.text)
            and not lexicon.is_common(token.text)
            and not lexicon.is_place(token.text)
            and previous_word(doc, i) not in _NOT_BEFORE_NAMES  # "i love", "a mark"
            and token.lower_ not in PARTICLES  # "el nombre del disco": Del is a name too
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
                and wordlike(doc[k])
                and not lexicon.is_english(doc[k].text)
                and not lexicon.is_common(doc[k].text)
            ):
                if doc[k].lower_ not in PARTICLES:  # no name ends on "del", "van"
                    last = doc[k]
                k += 1
            end = last.idx + len(last.text)
            det = Detection(token.idx, end, "PERSON", scores.lower_single, "names:lower_given")
            return det, i + 1
    return None, i + 1


_NOT_BEFORE_NAMES = BEFORE_VERBS | DETERMINERS
_SELF_CUES = frozenset(["is", "am", "im", "i'm", "named", "called", "name's"])
_ITS = frozenset(["it", "that", "this", "he", "she", "there", "here"])
_TO_CUES = frozenset(
    ["speak", "talk", "through", "transfer", "connect", "put", "speaking", "talking", "ask"]
)


# Cues after which a word is someone addressed or introduced ("hi", "thanks", "called"), not
# the prepositions and copulas of CUES ("with", "for", "is") that come before nouns as often.
_ADDRESS_CUES = CUES - frozenset(["is", "am", "this", "for", "with", "from", "by", "love"])
_INTRODUCERS = frozenset(["this", "name", "i", "i'm", "im"])


def _addresses(doc: Doc, i: int, cue: str) -> bool:
    """Whether the cue before doc[i] addresses or introduces a person: "hi", "called", and "is"
    or "am" after "this", "name" or "i" ("this is mark", "my name is ray", "i am grace")."""
    if cue in _ADDRESS_CUES:
        return True
    if cue in ("is", "am"):
        j = i - 1  # the cue itself, past spaces and punctuation as previous_word skips them
        while j >= 0 and (doc[j].is_space or doc[j].text in {",", ".", ":"}):
            j -= 1
        return j >= 1 and previous_word(doc, j) in _INTRODUCERS
    return False


def _after_noun(doc: Doc, i: int, lexicon: NameLexicon) -> bool:
    """Whether a lower-case English noun (no function word) comes right before doc[i]."""
    if i == 0:
        return False
    prev = doc[i - 1]
    return (
        prev.is_lower
        and lexicon.is_english(prev.text)
        and lexicon.is_noun_only(prev.text)
        and not lexicon.is_stop(prev.text)
    )


def _glued_name(word: str, lexicon: NameLexicon) -> bool:
    """Whether `word` is a given name and a surname written as one ("marksanchez"): no English
    word, and no everyday word in either part ("#rosegold" is a colour, "#newyork" a city)."""
    if len(word) < 6 or len(word) > 30 or lexicon.is_english(word):
        return False
    for k in range(3, len(word) - 2):
        first, last = word[:k], word[k:]
        if (
            lexicon.is_first(first)
            and lexicon.is_last(last)
            and not lexicon.is_common(first)
            and not lexicon.is_common(last)
            and not lexicon.is_place(first)
            and not lexicon.is_place(last)
        ):
            return True
    return False


def _lower_cued(doc: Doc, i: int, lexicon: NameLexicon) -> bool:
    """A lower-case word right after a title, after "speak to"/"through to", or after "is"
    introducing someone ("this is okonkwo", "my name is zanele", "i'm zanele").

    In lower case a title is often the noun ("the dj got us", "miss seeing you", "sig
    cocktails"): none counts after a determiner, and after one an English word that is no name
    counts unless the title is also a verb or the word an -ing or -s form ("dj finesse" does). After "is" and "to" an English word that is no name is the word ("talk to
    press"), and so is a social spelling ("im chasin"); after an "is" that introduces no one,
    so is a word that ends the clause ("the song is smexy !").
    """
    word = doc[i].text
    if lexicon.is_common(word):
        return False
    named = lexicon.is_name(word) or not lexicon.is_english(word)
    prev = previous_word(doc, i)
    if prev in TITLES:
        j = i - 1  # the title itself, past spaces and punctuation as previous_word skips them
        while j >= 0 and (doc[j].is_space or doc[j].text in {",", ".", ":"}):
            j -= 1
        if j >= 0 and previous_word(doc, j) in DETERMINERS:
            return False  # "the dj got us dancing"
        # "dj finesse", "mr. banik"; not "miss seeing you", "sig cocktails"
        return named or not (prev in VERB_TITLES or word.endswith(("ing", "s")))
    if not named or chat_spelling(word, lexicon):
        return False
    if prev in _SELF_CUES and not lexicon.is_english(word):
        # "this is okonkwo from accounts", "my name is zanele"; a word ending the clause
        # after another "is" is its complement ("tuesday is perfecy !")
        return prev not in ("is", "am") or _addresses(doc, i, prev) or not ends_clause(doc, i)
    if prev == "to" and (lexicon.is_widespread(word) or not lexicon.is_english(word)):
        # "speak to rose", "through to dayamai"; not "talk to press" (a word, and a given
        # name of one locale only)
        j = i - 1
        while j >= 0 and doc[j].lower_ != "to":
            j -= 1
        return previous_word(doc, j) in _TO_CUES if j >= 0 else False
    return False


def _lower_name_end(doc: Doc, i: int, lexicon: NameLexicon) -> int | None:
    """End index of a lower-case "first [particles] last" name starting at i, if any.

    Speech transcripts and chat messages write names in lower case ("siân da paz"); both parts
    must be known names and not both English words. After a cue ("about", "is") a lone given
    name that is not an English word counts too.
    """
    first = doc[i].text
    cued = previous_word(doc, i) in CUES
    # Grow over known name parts and particles: "maría ángeles tejera", "siân da paz".
    j = i
    k = i + 1
    while k < len(doc) and k - i <= 4:
        t = doc[k]
        if t.lower_ in PARTICLES:
            k += 1
            continue
        if (
            t.is_lower
            and wordlike(t)
            and lexicon.is_name(t.text)
            and not lexicon.is_common(t.text)
            and not verb_with_complement(doc, k, lexicon)  # "the yen rose 2 percent"
        ):
            j = k
            k += 1
            continue
        break
    if j > i:
        parts = [t for t in doc[i : j + 1] if t.lower_ not in PARTICLES]
        uncommon = cued or not all(lexicon.is_common(t.text) for t in parts)
        english = all(lexicon.is_english(t.text) for t in parts)
        # English words only: a name when the first is no everyday word ("ray rice"; "peace
        # love" is a list of nouns)
        name_like = not english or (
            any(lexicon.is_last(t.text) for t in parts[1:]) and not lexicon.is_common(first)
        )
        if uncommon and name_like:
            return j
    cue = previous_word(doc, i)
    if cue == "'s" and i >= 2 and doc[i - 2].lower_ in _ITS:
        cue = "is"  # "it's xavier again"
    named = not lexicon.is_english(first) or (
        lexicon.is_first(first)
        and not lexicon.is_common(first)
        # a given name that is also a verb or an adjective ("love", "mark", "grace") only
        # after a cue that addresses or introduces someone: "with love", "it's love" stay
        and (lexicon.is_noun_only(first) or _addresses(doc, i, cue))
    )
    if cue in CUES and named:
        # after a cue, the name runs over particles and uncommon words ("about bonifacio ó
        # súilleabháin")
        end = i
        k = i + 1
        while (k < len(doc) and k - i <= 3 and doc[k].is_lower and wordlike(doc[k])) or (
            k < len(doc) and doc[k].lower_ in PARTICLES
        ):
            if not lexicon.is_common(doc[k].text) or doc[k].lower_ in PARTICLES:
                if doc[k].lower_ not in PARTICLES:
                    end = k
                k += 1
            else:
                break
        return end
    return None
