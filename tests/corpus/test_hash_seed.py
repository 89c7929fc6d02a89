"""A seed gives the same corpus in every process, whatever the string hash seed."""

from __future__ import annotations

from tests.hash_seeds import outputs

_CORPUS = """
import json
from pipeline.corpus import generate_mixed
from pipeline.corpus.sources import Sources

# Faker's it_IT cities are a list built from a set: a seeded draw followed the hash seed
fake = Sources.seeded(0).people._fakers["it_IT"]
print(json.dumps([fake.city() for _ in range(200)]))
for event in generate_mixed(400, 3):
    print(event.stream, json.dumps(event.event, sort_keys=True))
"""


def test_a_seeded_corpus_does_not_depend_on_the_hash_seed() -> None:
    first, second = outputs(_CORPUS)
    assert first.count("\n") == 401
    assert first == second
