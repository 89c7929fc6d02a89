"""The engine: configuration, detector, tokens and vault wired together, ready to process."""

from __future__ import annotations

import copy
import logging
from collections.abc import Sequence
from pathlib import Path

from pipeline.config.loader import LoadedConfig, load_config
from pipeline.geo.locate import geo
from pipeline.outcome import Outcome, StreamName
from pipeline.secrets import Secrets
from pipeline.textrelease import TemplateCounts, TemplateKeys, TextGate
from pipeline.transforms.network import referrer_domain
from pipeline.transforms.tokens import Tokenizer
from pipeline.transforms.useragent import generalize_user_agent
from pipeline.vault.cipher import VaultCipher
from pipeline.vault.keys import KeyRing, KeyStore, MemoryKeyStore

log = logging.getLogger(__name__)


class Engine:
    """Loads the model once; `process` is pure apart from creating vault data keys."""

    def __init__(
        self,
        config: LoadedConfig,
        secrets: Secrets,
        key_store: KeyStore,
        text_counts: TemplateCounts | None = None,
    ) -> None:
        self.config = config
        self.keys = KeyRing(secrets.master_key, key_store)
        self.cipher = VaultCipher(self.keys)
        self.tokens = Tokenizer(secrets.token_key)
        # Presidio and spaCy come in when an engine is built, not when this module is imported
        # (the worker's event loop names the class; its engine process builds one)
        from pipeline.detection.factory import build_detector
        from pipeline.processing.processor import Processor

        self.detector = build_detector(config)
        # the counts are passed in when they outlive the engine (a state file, a shared topic)
        self.texts = TextGate(config.policy.free_text, TemplateKeys(secrets.token_key), text_counts)
        self.processor = Processor(config, self.detector, self.tokens, self.cipher, self.texts)
        _preload(config)

    @classmethod
    def from_config(
        cls,
        policy_path: Path | None = None,
        secrets: Secrets | None = None,
        key_store: KeyStore | None = None,
    ) -> Engine:
        """Build from a policy file (default: config/policy.yaml); random keys if none given."""
        config = load_config(policy_path)
        return cls(config, secrets or Secrets.generate(), key_store or MemoryKeyStore())

    def reconfigured(self, config: LoadedConfig) -> Engine:
        """An engine for `config` that keeps this one's keys (and their cache), token key and
        template counts; the spaCy model too when `models/nlp.yaml` says the same. Raises (and
        changes nothing) if `config` cannot be built."""
        nlp = self.detector.nlp_engine if config.nlp == self.config.nlp else None
        from pipeline.detection.factory import build_detector
        from pipeline.processing.processor import Processor

        detector = build_detector(config, nlp)
        free_text = config.policy.free_text
        texts = TextGate(free_text, self.texts.keys, self.texts.counts)  # checks k
        texts.counts.expire_after = free_text.expire_after_days * 86_400.0
        texts.counts.max_templates = free_text.max_templates
        new = copy.copy(self)
        new.config, new.detector, new.texts = config, detector, texts
        new.processor = Processor(config, detector, self.tokens, self.cipher, texts)
        _preload(config)  # a new geo database, if the policy names one
        return new

    @property
    def version(self) -> str:
        """The configuration hash every sanitized record carries."""
        return self.config.version

    def process(
        self, stream: StreamName, records: Sequence[bytes | str], *, explain: bool = False
    ) -> list[Outcome]:
        """Outcomes for a batch of raw records of one stream, in order."""
        return self.processor.process(stream, records, explain=explain)


def _preload(config: LoadedConfig) -> None:
    """Load now what the first records would otherwise load on first use (about 1 s): ua-parser's
    tables, the geo data and the public-suffix list (the e-mail check's copy is loaded by
    `build_detector`). A worker's first batch is then no slower than the next."""
    generalize_user_agent("Mozilla/5.0 (X11; Linux x86_64)")
    geo(config.policy.geo.database)
    referrer_domain("https://www.example.com/")
