"""The policy file: what is done with what is found. Validated at start-up."""

from __future__ import annotations

import fnmatch
import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, field_validator

from pipeline.config.scripts import SCRIPT_RANGES

Action = Literal["vault", "redact", "drop"]


def _valid_patterns(value: tuple[str, ...]) -> tuple[str, ...]:
    """`value` if every pattern compiles; else the first that does not, named in the error."""
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"{pattern!r} is not a valid regular expression: {exc}") from None
    return value


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ModelPaths(_Frozen):
    nlp: Path
    recognizers: Path


class SecretNames(_Frozen):
    token_key_env: str = "PII_TOKEN_KEY"
    vault_master_key_env: str = "PII_VAULT_MASTER_KEY"


class KeyHint(_Frozen):
    key: str
    entity: str

    @field_validator("key")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from None
        return value


class NameSettings(_Frozen):
    lexicon: Literal["faker", "none"] = "faker"
    extra_names: tuple[str, ...] = ()
    flag_unknown_proper_nouns: bool = True


class DetectionPolicy(_Frozen):
    default_threshold: float = Field(0.35, ge=0.0, le=1.0)
    thresholds: dict[str, float] = Field(default_factory=dict)
    phone_regions: tuple[str, ...] = ("US", "GB")
    names: NameSettings = NameSettings()
    addresses: bool = True
    safe_words: tuple[str, ...] = ()
    # Entities whose patterns alone prove little (a checksum that 1 in 11 digit runs passes):
    # they count only with one of their recognizer's context words shortly before.
    context_required: tuple[str, ...] = ()
    key_hints: tuple[KeyHint, ...] = ()
    # Seconds one regex of a pattern recognizer may take on one text; past it the text is
    # withheld (Presidio's own 60 s timeout skipped the pattern: fail-open).
    regex_timeout_s: float = Field(2.0, gt=0, le=60)

    @field_validator("thresholds")
    @classmethod
    def _in_range(cls, value: dict[str, float]) -> dict[str, float]:
        for entity, score in value.items():
            if not 0.0 <= score <= 1.0:
                raise ValueError(f"threshold of {entity} must be between 0 and 1")
        return value

    @field_validator("phone_regions")
    @classmethod
    def _regions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        import phonenumbers

        unknown = [r for r in value if r not in phonenumbers.SUPPORTED_REGIONS]
        if unknown:
            raise ValueError(f"unknown phone regions: {', '.join(unknown)}")
        return value

    @cached_property
    def hint_table(self) -> tuple[tuple[str, str], ...]:
        """Key hints as a hashable table."""
        return tuple((h.key, h.entity) for h in self.key_hints)

    def threshold(self, entity: str) -> float:
        """The minimum score at which `entity` is acted on."""
        return self.thresholds.get(entity, self.default_threshold)


class Actions(RootModel[dict[str, Action]]):
    """Entity type → action; `default` covers every entity not listed."""

    model_config = ConfigDict(frozen=True)

    def for_entity(self, entity: str) -> Action:
        """The action for one entity type."""
        return self.root.get(entity) or self.root.get("default") or "vault"


@lru_cache(maxsize=65_536)
def _glob_match(patterns: tuple[str, ...], name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, p.lower()) for p in patterns)


class UrlSettings(_Frozen):
    keep_query_params: tuple[str, ...] = ()

    def keeps(self, name: str) -> bool:
        """Whether the value of query parameter `name` may be kept."""
        return _glob_match(self.keep_query_params, name.lower())


class HeaderSettings(_Frozen):
    keep: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    # Header names that announce a credential or a device/session identifier, whatever their
    # prefix (`X-Access-Token`, `Cookie2`, `X-Forwarded-Cookie`): dropped unless kept by name.
    drop_patterns: tuple[str, ...] = (
        "token",
        "secret",
        "key",
        "auth",
        "cookie",
        "session",
        "signature",
        "device[-_]?id",
        "csrf",
        "xsrf",
        "passw",
        "credential",
    )

    @field_validator("drop_patterns")
    @classmethod
    def _patterns_compile(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _valid_patterns(value)

    @cached_property
    def _drop_re(self) -> re.Pattern[str] | None:
        if not self.drop_patterns:
            return None
        return re.compile("|".join(f"(?:{p})" for p in self.drop_patterns), re.IGNORECASE)

    def decide(self, name: str) -> Literal["keep", "drop", "scan"]:
        """Drop listed secrets, keep known-safe headers, drop by pattern, scan the rest."""
        low = name.lower()
        if _glob_match(self.drop, low):
            return "drop"
        if _glob_match(self.keep, low):
            return "keep"
        drop_re = self._drop_re
        if drop_re is not None and drop_re.search(low):
            return "drop"
        return "scan"


class EventIdSettings(_Frozen):
    """Which event ids are kept as they are; any other id is replaced by a keyed token."""

    # Full-match regular expressions. Producers put phone numbers and e-mails inside ids
    # (`sms-<number>-<ts>`): an id that matches none of these, or holds a name, is replaced by
    # a keyed token (the original goes to the vault), so it stays a join key without the PII.
    safe_patterns: tuple[str, ...] = (
        r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}",
        r"[0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25}",  # ULID
        r"[0-9a-fA-F]{8,64}",
        r"tok_[0-9a-f]{32}",  # our own token: processing twice keeps it
        r"(?!.*\d{6})[A-Za-z]{1,16}[0-9]{0,5}(?:[-_][A-Za-z0-9]{1,16}){0,4}",  # labels: `evt-call-1`
    )

    @field_validator("safe_patterns")
    @classmethod
    def _patterns_compile(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _valid_patterns(value)

    @cached_property
    def _safe_re(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.safe_patterns) or "(?!)")

    def is_safe(self, event_id: str) -> bool:
        """Whether `event_id` matches one of the safe patterns as a whole."""
        return self._safe_re.fullmatch(event_id) is not None


class ScriptSettings(_Frozen):
    """Scripts no detector here can find names in (no capital letters): failed closed."""

    unsupported: tuple[str, ...] = (
        "Arabic",
        "Hebrew",
        "Han",
        "Hiragana",
        "Katakana",
        "Hangul",
        "Thai",
        "Lao",
        "Khmer",
        "Myanmar",
        "Devanagari",
        "Bengali",
        "Gurmukhi",
        "Gujarati",
        "Tamil",
        "Telugu",
        "Kannada",
        "Malayalam",
        "Sinhala",
        "Georgian",
        "Ethiopic",
    )
    # redact_runs: each run of such a script becomes <SCRIPT_TEXT>; withhold: the whole text does
    action: Literal["redact_runs", "withhold"] = "redact_runs"

    @field_validator("unsupported")
    @classmethod
    def _known(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [s for s in value if s not in SCRIPT_RANGES]
        if unknown:
            raise ValueError(
                f"unknown scripts: {', '.join(unknown)} (known: {', '.join(SCRIPT_RANGES)})"
            )
        return value


class BodySettings(_Frozen):
    drop_when_cache_control: tuple[str, ...] = ("no-store", "private")
    no_body_logging_accounts: tuple[str, ...] = ()


TextRelease = Literal["k_anonymous", "redacted", "drop"]


class FreeTextField(_Frozen):
    """A release mode for the free-text fields whose path matches a glob (`request.headers.*`)."""

    path: str
    release: TextRelease


class FreeTextPolicy(_Frozen):
    """How free text reaches sanitized records (see `pipeline.textrelease`).

    `k_anonymous`: the redacted text only once its normalised template has been seen from `k`
    distinct data subjects, a withheld marker until then; `redacted`: the redacted text at once;
    `drop`: never.
    """

    release: TextRelease = "k_anonymous"
    k: int = Field(10, ge=2, le=10_000)
    normalise_numbers: bool = True
    expire_after_days: float = Field(30.0, gt=0)  # templates not seen for this long are forgotten
    max_templates: int = Field(250_000, gt=0)  # beyond it the least recently seen are forgotten
    fields: tuple[FreeTextField, ...] = ()  # per-field exceptions; first match wins

    def release_for(self, path: str) -> TextRelease:
        """The release mode for the free-text field at `path`."""
        for rule in self.fields:
            if _path_match(rule.path, path):
                return rule.release
        return self.release


@lru_cache(maxsize=65_536)
def _path_match(pattern: str, path: str) -> bool:
    return fnmatch.fnmatchcase(path, pattern)


class Limits(_Frozen):
    max_record_bytes: int = Field(1_048_576, gt=0)
    max_depth: int = Field(24, gt=1, le=200)
    max_string_chars: int = Field(65_536, gt=0)
    max_fields: int = Field(4096, gt=0)
    # Work units (characters scanned, propagation searches) one record may cost; past it the
    # record is dead-lettered as too_expensive. Text costs 1-6 units a character (a unit per
    # scan pass, propagation); the worst padding measured costs ~25 us a unit, so a record at
    # the budget takes ~25 s at most, and 1,000,000 units admit ~150 KB of free text a record.
    max_work_units: int = Field(1_000_000, gt=0)


class GeoSettings(_Frozen):
    """IP → country: the embedded GeoLite2 data by default, or a MaxMind DB file (`.mmdb`)."""

    database: Path | None = None  # relative to the policy file; None: the embedded data


Mechanism = Literal["k_anonymity", "dp"]


class DpPolicy(_Frozen):
    """Differential privacy: ε per released window, the budget per subject and UTC day, bounds."""

    epsilon_per_window: float = Field(0.5, gt=0)
    budget_per_day: float = Field(4.0, gt=0)
    delta: float = Field(1e-6, gt=0, lt=1)
    max_cells_per_subject: int = Field(1, ge=1)
    max_events_per_cell: int = Field(3, ge=1)


ReleasedMetric = Literal[
    "analytics.call_volume", "analytics.web_traffic", "analytics.webhook_health", "ads.audience"
]
# The metrics with sums (billed seconds, amount) the dominance rule applies to.
SUM_METRICS: frozenset[str] = frozenset({"analytics.call_volume"})


class DominanceRule(_Frozen):
    """(n, p)-dominance for sums: a cell (margin, total) whose `n` largest contributors hold more
    than `p` of one of its sums is withheld, whatever its number of subjects."""

    n: int = Field(2, ge=1)
    p: float = Field(0.85, gt=0, lt=1)

    @property
    def rule(self) -> tuple[int, float]:
        """(n, p) as the release takes it."""
        return (self.n, self.p)


class DominancePolicy(DominanceRule):
    """The rule for every metric with sums, and per-metric rules that replace it."""

    per_metric: dict[ReleasedMetric, DominanceRule] = Field(default_factory=dict)

    @field_validator("per_metric")
    @classmethod
    def _has_sums(cls, value: dict[str, DominanceRule]) -> dict[str, DominanceRule]:
        for metric in value:
            if metric not in SUM_METRICS:
                names = ", ".join(sorted(SUM_METRICS))
                raise ValueError(f"{metric} has no sums for the dominance rule (only {names})")
        return value

    def of(self, metric: str) -> tuple[int, float]:
        """The (n, p) of `metric`: its own rule, else the policy's."""
        own = self.per_metric.get(metric)  # type: ignore[call-overload]
        return own.rule if isinstance(own, DominanceRule) else self.rule


class AggregateSettings(_Frozen):
    """How each metric is released: k-anonymous cells or differential privacy; dominance."""

    mechanisms: dict[ReleasedMetric, Mechanism] = Field(default_factory=dict)
    dp: DpPolicy = DpPolicy()
    dominance: DominancePolicy = DominancePolicy()

    @field_validator("mechanisms")
    @classmethod
    def _dp_forms(cls, value: dict[str, Mechanism]) -> dict[str, Mechanism]:
        if value.get("analytics.webhook_health") == "dp":
            raise ValueError("analytics.webhook_health (latency percentiles) has no dp form")
        return value

    def mechanism(self, metric: str) -> Mechanism:
        """The configured mechanism of `metric` (k_anonymity unless the policy says dp)."""
        return self.mechanisms.get(metric, "k_anonymity")  # type: ignore[call-overload, no-any-return]


class Policy(_Frozen):
    """The whole policy file."""

    version: Literal[1]
    models: ModelPaths
    schemas: Path
    secrets: SecretNames = SecretNames()
    detection: DetectionPolicy = DetectionPolicy()
    actions: Actions = Actions({"default": "vault"})
    urls: UrlSettings = UrlSettings()
    headers: HeaderSettings = HeaderSettings()
    bodies: BodySettings = BodySettings()
    event_ids: EventIdSettings = EventIdSettings()
    scripts: ScriptSettings = ScriptSettings()
    limits: Limits = Limits()
    geo: GeoSettings = GeoSettings()
    free_text: FreeTextPolicy = FreeTextPolicy()
    aggregates: AggregateSettings = AggregateSettings()
