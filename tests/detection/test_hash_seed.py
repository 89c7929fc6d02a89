"""Detection does not depend on the string hash seed: a replay or another worker finds the same.

Two processes with different PYTHONHASHSEED values detect over the same texts (sentences written
here, plus every string of a small generated corpus) and must report the same spans.
"""

from __future__ import annotations

import json

from tests.hash_seeds import outputs

_TEXTS = [
    # the shape whose output moved between processes: a lower-case name and a spoken Italian
    # address (the generator drew the town from a set-ordered list)
    "yeah marta ferri from vicolo stretto, 7 appartamento 2, 70010 lagonegro",
    "i live at corso italia, 12 piano 3, pianengo",
    "ciao sono giulio bassi, via dei mille 4, 20121 milano",
    "Hi, this is Dana Whitlock calling about order 5521, call me back on 0161 496 0734.",
    "Mr Okafor said Okafor would sign; okafor agreed by e-mail at n.okafor@example.org",
    "Met with JD and Priya Raman at Harbour Street 18, Leeds LS1 4DY",
    "thanks jo, tell ravi and anneke the call moved to 3pm",
    "Coach Brennan and Dr. Ines Vidal spoke at the Founders Day dinner",
    "Ship to 221 Baker Street, London NW1 6XE for Ms. Harriet Vane",
    "@lena_k and @marco.b will review; ping Lena if Marco is away",
    "Happy birthday Rosa! Love it, see you Sunday",
    "Mark the date: Sophie, Tomas, Aiko and Bram join on Monday",
    "reach me at pieter dot de dot vries at example dot com",
    "my number is oh seven seven double zero nine one two three four five",
    "IBAN DE89 3704 0044 0532 0130 00, account holder Klaus Meier",
    "Van Dijk, Jansen en De Boer wonen in de Kerkstraat 5, 1017 GC Amsterdam",
    "Dear Mrs. O'Neill-Hughes, your card 4111 1111 1111 1111 was declined",
    "Paulo e Ana Souza, Rua das Flores 120, São Paulo",
    "Herr Schröder aus der Goethestraße 9, 10115 Berlin rief an",
    "Madame Lefèvre habite 14 rue de la Paix, 75002 Paris",
]

_DETECT = f"""
import json
from pipeline.config.loader import load_config
from pipeline.corpus import generate_mixed
from pipeline.detection.factory import build_detector

def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)

texts = {json.dumps(_TEXTS)}
texts += [s for e in generate_mixed(150, 5) for s in strings(e.event) if " " in s]
detector = build_detector(load_config())
for text, found in zip(texts, detector.detect_many(texts)):
    spans = sorted((d.start, d.end, d.entity_type, round(d.score, 6), d.recognizer) for d in found)
    print(json.dumps([text, spans]))
"""


def test_detection_does_not_depend_on_the_hash_seed() -> None:
    first, second = outputs(_DETECT)
    rows = [json.loads(line) for line in first.splitlines()]
    assert len(rows) > len(_TEXTS)
    assert any(spans for _, spans in rows[: len(_TEXTS)])  # the detector ran and found things
    assert first == second
