"""`quality --conll-group document`: each CoNLL-2003 document (the sentences between
`-DOCSTART-` lines) is one event's text, as an article arrives whole in one free-text field, so
a name found once is looked for in the rest of the article (detection/propagate.py).

The sentences here are written for this test (none from CoNLL-2003 itself).
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.cli import main
from pipeline.quality.labelled_text import (
    group_documents,
    join_sentences,
    read_conll,
    read_conll_documents,
)


def _conll(*documents: list[list[tuple[str, str]]]) -> str:
    lines: list[str] = []
    for document in documents:
        lines += ["-DOCSTART- -X- -X- O", ""]
        for sentence in document:
            lines += [f"{token} NNP B-NP {tag}" for token, tag in sentence]
            lines.append("")
    return "\n".join(lines) + "\n"


# "Thatch" is an English word: on its own before "was" no rule takes it for a name, but after
# "Ottoline Thatch" in the same text it is that person's surname.
NAMED = [("Ottoline", "B-PER"), ("Thatch", "I-PER"), ("scored", "O"), ("twice", "O"), (".", "O")]
LATER = [("Thatch", "B-PER"), ("was", "O"), ("booked", "O"), ("later", "O"), (".", "O")]
PLACE = [("Rotterdam", "B-LOC"), ("won", "O"), ("2-1", "O"), (".", "O")]
NEWS = _conll([NAMED, PLACE, LATER], [LATER])


def _persons(tmp_path: Path, group: str) -> dict[str, int]:
    path, out = tmp_path / "news.txt", tmp_path / f"{group}.json"
    path.write_text(NEWS)
    args = ["quality", "--conll", str(path), "--conll-kind", "news", "--placement", "message"]
    assert main([*args, "--conll-group", group, "--json", str(out)]) == 0
    figures = json.loads(out.read_text())
    persons: dict[str, int] = figures["groups"]["message/news"]["entities"]["PER"]
    return persons


def test_documents_are_read_apart_and_joined_with_every_offset_moved(tmp_path: Path) -> None:
    path = tmp_path / "news.txt"
    path.write_text(NEWS)
    documents = read_conll_documents(path, "news")
    assert [len(d) for d in documents] == [3, 1]
    assert [s.text for d in documents for s in d] == [s.text for s in read_conll(path, "news")]
    joined = join_sentences(documents[0])
    assert (
        joined.text
        == "Ottoline Thatch scored twice .\nRotterdam won 2-1 .\nThatch was booked later ."
    )
    assert joined.kind == "news"
    assert [(joined.text[m.start : m.end], m.entity) for m in joined.mentions] == [
        ("Ottoline Thatch", "PER"),
        ("Rotterdam", "LOC"),
        ("Thatch", "PER"),
    ]
    words = [joined.text[s:e] for s, e in joined.words]
    assert words == [w for s in documents[0] for w in s.text.split(" ")]
    assert [joined.text[s:e] for s, e in joined.outside_words()] == [
        w for s in documents[0] for w in (s.text[a:b] for a, b in s.outside_words())
    ]


def test_a_document_over_the_limit_is_split_at_sentence_boundaries(tmp_path: Path) -> None:
    path = tmp_path / "news.txt"
    path.write_text(NEWS)
    documents = read_conll_documents(path, "news")
    lengths = [len(s.text) for s in documents[0]]
    whole = group_documents(documents, sum(lengths) + 2)
    assert [t.text.count("\n") for t in whole] == [2, 0]
    split = group_documents(documents, lengths[0] + 1 + lengths[1])
    assert [t.text for t in split] == [
        "Ottoline Thatch scored twice .\nRotterdam won 2-1 .",
        "Thatch was booked later .",
        "Thatch was booked later .",
    ]
    assert all(len(t.text) <= lengths[0] + 1 + lengths[1] for t in split)
    # a sentence longer than the limit stays alone (the engine refuses it, as per sentence)
    assert [t.text for t in group_documents(documents, 5)] == [s.text for d in documents for s in d]


def test_a_surname_repeated_later_in_the_document_is_found_only_when_grouped(
    tmp_path: Path,
) -> None:
    by_sentence = _persons(tmp_path, "sentence")
    by_document = _persons(tmp_path, "document")
    assert by_sentence["mentions"] == by_document["mentions"] == 3
    # per sentence both lone "Thatch" survive; grouped, the one in the first document is found,
    # the one in the second document (another event) is not
    assert by_sentence["survived"] == 2
    assert by_document["survived"] == 1
