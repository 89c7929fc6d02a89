"""Place names from GeoNames (pipeline/detection/gazetteer.py) and the lexicon's use of them."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.detection.gazetteer import fold, load_gazetteer

# (name, whether the gazetteer holds it whole)
PLACES = [
    ("Russia", True),  # a country
    ("United Kingdom", True),
    ("Ohio", True),  # a US state
    ("Reykjavik", True),  # a capital, however small
    ("Buenos Aires", True),  # a big city, several words
    ("São Paulo", True),  # accents folded
    ("sao paulo", True),
    ("Kiev", True),  # a big city's ASCII alternate name (GeoNames: Kyiv)
    ("Kyiv", True),
    ("Munich", True),  # (GeoNames: München)
    ("Okafor", False),
    ("Tuesday", False),
    ("Buenos", False),  # a word of a name is not the name
    ("Ky", False),  # alternate names shorter than four letters are left out
]


@pytest.mark.parametrize(("name", "held"), PLACES)
def test_gazetteer_holds_whole_place_names(name: str, held: bool) -> None:
    assert load_gazetteer().is_place(name) is held


def test_single_words_are_the_one_word_names() -> None:
    words = load_gazetteer().single_words()
    assert {"paris", "kiev", "russia", "sheffield"} <= words
    assert not any(" " in w or "-" in w for w in words)
    capitals = load_gazetteer().single_words(cities=False)
    assert "paris" in capitals and "sheffield" not in capitals


def test_fold_matches_the_lexicon_fold() -> None:
    from pipeline.detection.names.lexicon import fold as lexicon_fold

    for name in ("Zürich", "Kraków", "Москва", "Bogotá", "N’Djamena"):
        assert fold(name) == lexicon_fold(name)


# (token, whether the lexicon takes it for a place)
LEXICON_PLACES = [
    ("Paris", True),  # a capital: a given name in a locale or two, alone more often the place
    ("London", True),
    ("Kiev", True),
    ("Russia", True),
    ("Georgia", True),  # a word of a country or US state name, as before
    ("Carolina", True),
    ("Sheffield", True),  # a big city
    ("Victoria", False),  # a capital that is a given name of five locales or more
    ("Hamilton", False),  # a capital that is a surname of three locales or more
    ("Lincoln", False),  # a big city that is a given name of two locales
    ("Okafor", False),
]


@pytest.mark.parametrize(("token", "place"), LEXICON_PLACES)
def test_lexicon_places_come_from_the_gazetteer(detector: Any, token: str, place: bool) -> None:
    assert detector.lexicon.is_place(token) is place
