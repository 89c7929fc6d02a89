"""Words that spell out an @handle of the same message name its owner (social_handles.py).

Every sentence here was written for this test (none comes from an evaluation set).
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.names.social_handles import handle_names
from pipeline.detection.spans import merge

# (text, the spans taken)
ROWS = [
    # spelled out: the handle's letters, in order, over two or three words
    ("loved the set by Marlo Vance tonight @Marlo_Vance", ["Marlo Vance"]),
    ("@kiradelune we saw kira de lune at the fair", ["kira de lune"]),
    # one part, after a greeting or a thanks
    ("@GrizzlyPaw hey grizzly are you coming", ["grizzly"]),
    ("thanks paw for the ride @GrizzlyPaw", ["paw"]),
    # one part that is a known name, anywhere
    ("@BettinaRoss_88 Bettina was great on stage", ["Bettina"]),
    # not taken: a brand's part that is no name, with no greeting before it
    ("@SonyElectronics Sony phones are on sale", []),
    # not taken: after a determiner, in a hashtag, or an English surname alone
    ("@KingRoland long live the king", []),
    ("@RadioFox26 join us on #fox26 tonight", []),
    ("@StoneBrewer that stone wall is old", []),
    # not taken: punctuation between the words, or function words only
    ("@marlovance marlo , vance and I", []),
    ("@intheend in the end it did not matter", []),
    # a handle with one part only: the lexicon rules judge its words
    ("@jasonderulo jason is here", []),
    # no handle, nothing to spell out
    ("Marlo Vance played tonight", []),
]


@pytest.mark.parametrize(("text", "spans"), ROWS)
def test_words_spelling_out_a_handle_name_its_owner(
    detector: Any, text: str, spans: list[str]
) -> None:
    found = merge(handle_names(text, [], detector.lexicon))
    assert [text[d.start : d.end] for d in found] == spans
    assert all(d.entity_type == "PERSON" for d in found)


def test_the_handle_itself_is_not_taken_again(detector: Any) -> None:
    text = "@Marlo_Vance @MarloVance"
    assert handle_names(text, [], detector.lexicon) == []


def test_the_detector_redacts_the_spelled_out_name(detector: Any) -> None:
    text = "@GrizzlyPaw hey grizzly , the stage is yours"
    found = detector.detect(text)
    start = text.index("grizzly")
    assert any(d.start <= start and d.end >= start + 7 for d in found)
