"""The engine's per-value caches stay within the bounds their memory was measured for.

Measured with tracemalloc after 9,000 bench events (seed 7): a folded word ~115 bytes an entry,
a parsed phone field ~340, a judged phone candidate ~200, a URL segment's verdict ~90. A bound
raised again would let a long-running engine process grow by up to the difference.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pipeline.detection.names import lexicon
from pipeline.detection.numbers import phones
from pipeline.processing import names


@pytest.mark.parametrize(
    ("cached", "bound"),
    [
        (lexicon.fold, 65_536),
        (phones._parse_field, 16_384),
        (phones._judge, 16_384),
        (names._base64_text, 4096),
        (names._opaque_id, 4096),
        (names._slug_entity, 4096),
    ],
)
def test_cache_is_bounded(cached: Callable[..., Any], bound: int) -> None:
    maxsize = cached.cache_info().maxsize  # type: ignore[attr-defined]
    assert maxsize is not None and maxsize <= bound


def test_a_number_parsed_twice_in_an_event_is_parsed_once() -> None:
    # the hits the bench has: an event's subject and its field are the same number
    phones._parse_field.cache_clear()
    regions = ("US", "GB")
    first = phones.parse_phone_field("+14155550100", regions)
    assert phones.parse_phone_field("+14155550100", regions) is first
    assert phones._parse_field.cache_info().hits == 1
