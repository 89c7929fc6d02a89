"""Capitalised words that no detection explains: NER judges them (and, failing that, flags them)."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.detection.names.lexicon import NameLexicon, fold
from pipeline.detection.names.shapes import Doc, Token, is_capitalised, sentence_initial
from pipeline.detection.names.subjects import english_plural
from pipeline.detection.names.vocabulary import NOT_NAME_ENDS


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
        if (
            sentence_initial(doc, token.i)
            and (lexicon.is_english(token.text) or english_plural(fold(token.text), lexicon))
            and not _rare_noun(doc, token, lexicon)
        ):
            continue  # "Women 's singles": WordNet's index has no irregular plural
        out.append(token)
    return out


def _rare_noun(doc: Doc, token: Token, lexicon: NameLexicon) -> bool:
    """A sentence's first word that English has only as a rare noun, before a verb's form, the
    possessive or "and" and a capitalised word ("Dole 's", "Shearer takes", "Kestrel and
    Osprey were"; a known surname that is a verb too: "Gore presents"; not before a plural
    noun: "Garlic pills"): WordNet lists famous people as nouns, so NER judges it (not
    "Inflation": an abstract noun; nor a verb's agent noun: "Qualifier vs.")."""
    text = token.text
    key = fold(text)
    if (
        len(text) < 4
        or not text[1:].islower()
        or lexicon.is_common(text)
        or lexicon.is_stop(text)
        or lexicon.is_place(text)
        or not (lexicon.is_noun_only(text) or _surname_verb(key, lexicon))
        or english_plural(key, lexicon)
        or key.endswith(_NOT_NAME_ENDS)
        or _agent_noun(key, lexicon)
    ):
        return False
    i = token.i + 1
    if i >= len(doc):
        return False
    nxt = doc[i].text
    if nxt in ("'s", "’s"):
        return True
    if nxt in ("and", "or"):
        # a pair of names or places ("Kestrel and Osprey were …"), not "Garlic and onions"
        return i + 1 < len(doc) and is_capitalised(doc[i + 1])
    if not (nxt.isalpha() and nxt.islower()) or lexicon.is_stop(nxt):
        return False
    if i + 1 < len(doc) and doc[i + 1].text == "-":
        return False  # a compound after it ("Revenue freight-tonne kilometres")
    # a plural noun after it: the word is its modifier ("Garlic pills do n't …")
    return not (nxt.endswith("s") and lexicon.is_english(nxt) and lexicon.is_noun_only(nxt))


def _surname_verb(key: str, lexicon: NameLexicon) -> bool:
    """A known surname that English has as a noun and a verb, but no adjective or adverb
    ("Gore", "Cruise"; not "Brown", "Sterling")."""
    return key in lexicon.last and key not in lexicon.modifiers


def _agent_noun(key: str, lexicon: NameLexicon) -> bool:
    """A verb's agent noun that is no known surname ("qualifier", "trader"): a role, no name."""
    if not key.endswith(("er", "or")) or key in lexicon.last:
        return False
    stems = (key[:-2], key[:-1], key[:-3] + "y")  # trader, qualifier
    return any(len(stem) > 2 and lexicon.is_verb(stem) for stem in stems)


_NOT_NAME_ENDS = (*NOT_NAME_ENDS, "ure")


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
