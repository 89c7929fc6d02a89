"""Capitalised words that no detection explains: NER judges them (and, failing that, flags them)."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.detection.names.lexicon import NameLexicon, fold
from pipeline.detection.names.shapes import Doc, Token, is_capitalised, sentence_initial
from pipeline.detection.names.subjects import english_plural


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
        if sentence_initial(doc, token.i) and (
            lexicon.is_english(token.text) or english_plural(fold(token.text), lexicon)
        ):
            continue  # "Women 's singles": WordNet's index has no irregular plural
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
