"""Build the free-text detector from validated configuration."""

from __future__ import annotations

import tldextract
from presidio_analyzer.recognizer_registry import RecognizerRegistryProvider

from pipeline.config.loader import LoadedConfig
from pipeline.config.recognizers import check_loaded
from pipeline.detection.addresses.streets import preload_addresses
from pipeline.detection.detector import FreeTextDetector
from pipeline.detection.names.lexicon import english_words, load_lexicon
from pipeline.detection.numbers.cards import LuhnCardRecognizer
from pipeline.detection.numbers.phones import preload_phones
from pipeline.detection.presidio.linear import harden
from pipeline.detection.presidio.nlp import PackagedSpacyNlpEngine, english_word_classes
from pipeline.detection.presidio.offline import make_offline


def build_detector(
    config: LoadedConfig, nlp_engine: PackagedSpacyNlpEngine | None = None
) -> FreeTextDetector:
    """Load the spaCy model (unless `nlp_engine`, already loaded for the same `models/nlp.yaml`,
    is given: a reload) and Presidio recognizers once; never downloads anything."""
    check_loaded(config.recognizers, config.recognizers_path)  # Presidio's own models
    make_offline()
    tldextract.extract("example.com")  # the e-mail check's suffix list: loaded now, not mid-batch
    preload_addresses()
    preload_phones()
    engine = nlp_engine
    if engine is None:
        engine = PackagedSpacyNlpEngine(config.nlp, str(config.nlp_path))
        engine.load()
    provider = RecognizerRegistryProvider(registry_configuration=config.recognizers)
    registry = provider.create_recognizer_registry()
    recognizers = [r for r in registry.recognizers if r.supported_language == "en"]
    recognizers.append(LuhnCardRecognizer())
    harden(recognizers, config.policy.detection.regex_timeout_s)
    settings = config.policy.detection
    # WordNet's index has no function words ("The", "Your"): add spaCy's stop words.
    stop_words = list(engine.language("en").Defaults.stop_words)
    classes = english_word_classes(config.nlp.model_name)
    english = english_words([*classes.values(), stop_words])
    stop = frozenset(w.lower() for w in stop_words)
    verbs = english_words([classes.get("verb", [])])
    modifiers = english_words([classes.get("adj", []), classes.get("adv", [])])
    lexicon = load_lexicon(
        settings.names.lexicon, settings.names.extra_names, english, stop, verbs, modifiers
    )
    return FreeTextDetector(engine, recognizers, lexicon, settings)
