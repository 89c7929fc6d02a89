"""Names grown over hyphen-joined parts and NER spans cut before placeholders: the same spans
as the one-at-a-time rules, in time linear in the text (counted: positions walked, not seconds)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.detection.names.hyphens import HyphenRuns
from pipeline.detection.spans import Detection


def _grown_alone(text: str, det: Detection) -> Detection:
    """The rule applied to one name at a time (what the detector did before)."""
    if det.entity_type != "PERSON":
        return det
    start, end = det.start, det.end
    while end + 1 < len(text) and text[end] in "-‐" and text[end + 1].isalpha():
        end += 1
        while end < len(text) and (text[end].isalpha() or text[end] in "'’"):
            end += 1
    while start > 1 and text[start - 1] in "-‐" and text[start - 2].isalpha():
        start -= 1
        while start > 0 and (text[start - 1].isalpha() or text[start - 1] in "'’"):
            start -= 1
    return Detection(start, end, det.entity_type, det.score, det.recognizer)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="aBé-‐'’ .1", min_size=1, max_size=60),
    st.lists(
        st.tuples(st.integers(0, 60), st.integers(0, 8), st.sampled_from(["PERSON", "URL"])),
        max_size=12,
    ),
)
def test_grown_names_equal_growing_each_name_alone(
    text: str, spans: list[tuple[int, int, str]]
) -> None:
    runs = HyphenRuns(text)
    for start, length, entity in spans:
        start = min(start, len(text) - 1)
        det = Detection(start, min(start + length, len(text)), entity, 0.9, "test")
        assert runs.extend(det) == _grown_alone(text, det)


def test_every_name_of_a_long_hyphen_run_is_grown_in_linear_work() -> None:
    for n in (500, 5_000):
        text = "-".join(["St"] * n)
        runs = HyphenRuns(text)
        grown = {runs.extend(Detection(3 * i, 3 * i + 2, "PERSON", 0.5, "t")) for i in range(n)}
        assert grown == {Detection(0, len(text), "PERSON", 0.5, "t")}
        # one remembered end and start per name: no name walks the run again
        assert len(runs._ends) <= n + 1 and len(runs._starts) <= n + 1


def _cut_by_loop(placeholders: list[tuple[int, int]], start: int, end: int) -> int:
    """The cut as the detector made it, placeholder by placeholder."""
    for s, e in placeholders:
        if s <= start < e:
            end = start
        elif start < s < end:
            end = s
    return end


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 6), st.integers(1, 6)), max_size=10),
    st.integers(0, 70),
    st.integers(0, 20),
)
def test_ner_spans_are_cut_before_placeholders_as_by_the_loop(
    gaps: list[tuple[int, int]], start: int, length: int
) -> None:
    from pipeline.detection.detector import _before_placeholder

    placeholders, pos = [], 0
    for gap, width in gaps:  # sorted and disjoint, as finditer gives them
        placeholders.append((pos + gap, pos + gap + width))
        pos += gap + width
    end = start + length
    assert _before_placeholder(placeholders, start, end) == _cut_by_loop(placeholders, start, end)
