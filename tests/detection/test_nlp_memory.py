"""A long-running worker's spaCy vocabulary does not grow without bound."""

from __future__ import annotations

from pipeline.config.loader import load_config
from pipeline.detection.presidio.nlp import PackagedSpacyNlpEngine


def test_pipeline_is_reloaded_once_its_vocabulary_has_grown_past_the_limit() -> None:
    config = load_config()
    engine = PackagedSpacyNlpEngine(config.nlp)
    engine.load()
    before = len(engine.language().vocab.strings)
    texts = [f"Zqx{i}wort Blorf{i}son visited" for i in range(300)]
    list(engine.process_batch(texts, "en", batch_size=64))
    grown = len(engine.language().vocab.strings)
    assert grown > before + 300
    assert not engine.refresh_if_grown(limit=10 * (grown - before))
    assert engine.refresh_if_grown(limit=100)
    assert len(engine.language().vocab.strings) < grown
