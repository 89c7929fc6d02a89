"""The free-text evaluation: reading labelled sentences, aligning redactions, scoring mentions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.engine import Engine
from pipeline.quality.alignment import kept_mask, word_survives, word_touched
from pipeline.quality.labelled_text import (
    LabelledTextError,
    parse_marked,
    read_conll,
    read_marked,
    split_sentences,
)
from pipeline.quality.text_eval import evaluate_text

HELD_OUT = Path(__file__).parent.parent / "data" / "free_text" / "held_out.txt"


def test_conll_sentences_keep_mentions_and_score_handles(tmp_path: Path) -> None:
    path = tmp_path / "s.conll"
    path.write_text(
        "@ann_b\tO\nsaw\tO\nJohn\tB-person\nLe\tI-person\nCarré\tI-person\nin\tO\n"
        "Paris\tB-location\n\nsecond\tO\n"
    )
    first, second = read_conll(path)
    assert first.text == "@ann_b saw John Le Carré in Paris"
    found = [(first.text[m.start : m.end], m.entity) for m in first.mentions]
    assert found == [("@ann_b", "handle"), ("John Le Carré", "person"), ("Paris", "location")]
    assert [first.text[s:e] for s, e in first.outside_words()] == ["saw", "in"]
    assert second.text == "second" and not second.mentions


@pytest.mark.parametrize(
    ("content", "message"),
    [("word\n", ":1: expected 'token<TAB>tag'"), ("a\tO\nb\tX-person\n", ":2: tag 'X-person'")],
)
def test_bad_conll_is_refused_with_its_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.conll"
    path.write_text(content)
    with pytest.raises(LabelledTextError, match=message):
        read_conll(path)


def test_marked_sentences_and_kinds(tmp_path: Path) -> None:
    s = parse_marked("Call [[PERSON:Ann Lee]] on [[PHONE_NUMBER:0161 496 0000]] today.")
    assert s.text == "Call Ann Lee on 0161 496 0000 today."
    assert [(s.text[m.start : m.end], m.entity) for m in s.mentions] == [
        ("Ann Lee", "PERSON"),
        ("0161 496 0000", "PHONE_NUMBER"),
    ]
    path = tmp_path / "m.txt"
    path.write_text("# kind: news\nA [[PERSON:B]] c\n# kind: social\nd\n")
    assert [x.kind for x in read_marked(path)] == ["news", "social"]
    path.write_text("an [[PERSON:open mark\n")
    with pytest.raises(LabelledTextError, match=":1: unclosed"):
        read_marked(path)


@pytest.mark.parametrize(
    ("original", "redacted", "kept"),
    [
        ("call Ann now", "call <PERSON> now", "call ___ now"),
        ("Ann", "<PERSON>", "___"),
        ("is415-555-0132.", "is<PHONE_NUMBER>.", "is____________."),
        ("a b a b", "a <X> a b", "a _ a b"),
        ("same", "same", "same"),
    ],
)
def test_kept_mask_marks_replaced_characters(original: str, redacted: str, kept: str) -> None:
    mask = kept_mask(original, redacted)
    assert "".join(c if k else "_" for c, k in zip(original, mask, strict=True)) == kept


def test_word_rules() -> None:
    text = "Jonathan x"
    mask = kept_mask(text, "Jon<PERSON> x")
    assert not word_survives(text, mask, 0, 8)  # 3 of 8 letters kept
    assert word_touched(text, mask, 0, 8)
    assert not word_touched(text, mask, 9, 10)


def test_evaluation_counts_survivors_and_over_redaction(engine: Engine) -> None:
    sentences = [
        parse_marked("Write to [[EMAIL_ADDRESS:ann.lee@example.org]] about the 3 parcels."),
        parse_marked("The meeting is at noon in the small room."),
    ]
    report = evaluate_text(engine, sentences)
    figures = report.to_json()["groups"]
    for group in ("message/text", "speak/text"):
        assert figures[group]["entities"]["EMAIL_ADDRESS"] == {
            "mentions": 1,
            "survived": 0,
            "survival": 0.0,
        }
        assert figures[group]["words_outside"] == 15
        assert figures[group]["words_replaced"] == 0
    assert report.missing_text == 0


def test_quality_text_command_writes_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "q.json"
    args = ["quality", "--text", str(HELD_OUT), "--limit", "5", "--placement", "message"]
    assert main([*args, "--json", str(out)]) == 0
    assert "over-redaction" in capsys.readouterr().out
    figures = json.loads(out.read_text())
    assert figures["sentences"] == 5
    assert list(figures["groups"]) == ["message/news"]


def test_quality_text_command_reports_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quality", "--conll", "/nonexistent/file.conll"]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_a_withheld_speak_text_is_no_text_to_score() -> None:
    """Under the k-anonymous release a <Speak> text is a marker: nothing in it is a survivor."""
    from pipeline.quality.text_eval import _released_text

    marker = '{"withheld":"rare_text","template":"tpl_00","chars":9,"entities":{}}'
    withheld = {"response": {"body": f"<Response><Speak>{marker}</Speak></Response>"}}
    released = {"response": {"body": "<Response><Speak>Hi &lt;PERSON&gt;</Speak></Response>"}}
    assert _released_text("speak", withheld) is None
    assert _released_text("speak", released) == "Hi <PERSON>"


def test_split_holds_out_every_third_sentence(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("".join(f"sentence number {i}\n" for i in range(7)))
    sentences = read_marked(path)
    held = [s.text for s in split_sentences(sentences, "held-out")]
    dev = [s.text for s in split_sentences(sentences, "dev")]
    assert held == ["sentence number 2", "sentence number 5"]
    assert sorted(held + dev) == sorted(s.text for s in sentences)
    assert split_sentences(sentences, "all") == sentences


def test_plain_text_counts_lower_case_over_redaction(tmp_path: Path) -> None:
    path = tmp_path / "news.txt"
    path.write_text(
        "Shares closed 2.5 per cent higher on Tuesday [[not a mark]].\n\n"
        "Call 0161 496 0018 before the final whistle.\n"
    )
    out = tmp_path / "q.json"
    assert (
        main(["quality", "--plain", str(path), "--placement", "message", "--json", str(out)]) == 0
    )
    group = json.loads(out.read_text())["groups"]["message/unlabelled"]
    # every word is outside (no labels); the phone number's 3 groups are replaced, nothing else
    assert group["words_outside"] == 19
    assert group["lower_words_outside"] == 16
    assert group["lower_words_replaced"] == 3
    assert group["words_replaced"] == 3
