"""`quality --conll` reads CoNLL-2003 files (news): space-parted columns, the tag last, and
`-DOCSTART-` lines between documents; `--conll-kind` names what the sentences are reported as.

The sentences here are written for this test (none from CoNLL-2003 itself).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.quality.labelled_text import LabelledTextError, read_conll

NEWS = """-DOCSTART- -X- -X- O

HARBOUR NNP B-NP B-ORG
BOARD NNP I-NP I-ORG
NAMES VBZ B-VP O
NEW JJ B-NP O
CHIEF NN I-NP O

Ottoline NNP B-NP B-PER
Varga NNP I-NP I-PER
said VBD B-VP O
on IN B-PP O
Tuesday NNP B-NP O
. . O O
-DOCSTART- -X- -X- O

Varga NNP B-NP B-PER
left VBD B-VP O
Rotterdam NNP B-NP B-LOC
. . O O
"""


def test_conll2003_columns_and_document_lines(tmp_path: Path) -> None:
    path = tmp_path / "news.txt"
    path.write_text(NEWS)
    sentences = read_conll(path, "news")
    assert [s.text for s in sentences] == [
        "HARBOUR BOARD NAMES NEW CHIEF",
        "Ottoline Varga said on Tuesday .",
        "Varga left Rotterdam .",
    ]
    assert {s.kind for s in sentences} == {"news"}
    found = [[(s.text[m.start : m.end], m.entity) for m in s.mentions] for s in sentences]
    assert found == [
        [("HARBOUR BOARD", "ORG")],
        [("Ottoline Varga", "PER")],
        [("Varga", "PER"), ("Rotterdam", "LOC")],
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [("Varga NNP B-NP X\n", ":1: tag 'X'"), ("Varga\n", ":1: expected 'token<TAB>tag'")],
)
def test_a_line_without_a_tag_last_is_refused_with_its_line(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(content)
    with pytest.raises(LabelledTextError, match=message):
        read_conll(path)


def test_the_command_reports_the_sentences_as_the_kind_given(tmp_path: Path) -> None:
    path, out = tmp_path / "news.txt", tmp_path / "q.json"
    path.write_text(NEWS)
    args = ["quality", "--conll", str(path), "--conll-kind", "news", "--placement", "message"]
    assert main([*args, "--json", str(out)]) == 0
    figures = json.loads(out.read_text())
    assert figures["sentences"] == 3
    assert list(figures["groups"]) == ["message/news"]
    persons = figures["groups"]["message/news"]["entities"]["PER"]
    assert persons["mentions"] == 2
