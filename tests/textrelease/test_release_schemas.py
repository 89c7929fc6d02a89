"""Sanitized records with withheld markers still match the sanitized schemas."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from pipeline.config.loader import load_config
from pipeline.corpus import generate_mixed
from pipeline.engine import Engine
from pipeline.outcome import Sanitized
from pipeline.processing.processor import Processor
from pipeline.textrelease import TemplateKeys, TextGate
from tests.engine_fixture import SECRETS

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def test_corpus_records_in_k_anonymous_mode_match_the_sanitized_schemas(engine: Engine) -> None:
    policy = load_config().policy.free_text  # the default: k-anonymous
    gate = TextGate(policy, TemplateKeys(SECRETS.token_key))
    processor = Processor(engine.config, engine.detector, engine.tokens, engine.cipher, gate)
    by_stream: dict[str, list[bytes]] = {}
    for item in generate_mixed(120, "21"):
        by_stream.setdefault(item.stream, []).append(json.dumps(item.event).encode())
    withheld = 0
    for stream, raws in by_stream.items():
        schema = json.loads((SCHEMAS / "sanitized" / f"{stream}.json").read_text())
        for out in processor.process(stream, raws):  # type: ignore[arg-type]
            assert isinstance(out, Sanitized)
            jsonschema.validate(out.record, schema)
            withheld += '"withheld"' in json.dumps(out.record)
    assert withheld > 20
