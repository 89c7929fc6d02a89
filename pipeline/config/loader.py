"""Load and cross-check the policy file, Presidio's YAML files and the schemas at start-up.

Loading imports neither Presidio nor spaCy (the worker's event loop and the aggregator load the
configuration but run no engine): Presidio's own checks of the recognizers file run where the
registry is built (`config/recognizers.py`)."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config.entities import check_schema_entities, known_entities, unknown_reason
from pipeline.config.nlp import NlpSettings
from pipeline.config.paths import bundled_policy, policy_path
from pipeline.config.policy import AggregateSettings, GeoSettings, Policy, TextRelease
from pipeline.config.recognizers import check_structure
from pipeline.config.yamlfile import YamlDocument, read_yaml, validate
from pipeline.geo.locate import geo
from pipeline.schemas import SchemaSet, load_schemas

DEFAULT_POLICY = bundled_policy()


@dataclass(frozen=True)
class LoadedConfig:
    """Everything configuration says, validated, with the hash that versions it."""

    policy: Policy
    policy_path: Path
    nlp: NlpSettings
    nlp_path: Path
    recognizers: dict[str, Any]
    recognizers_path: Path
    schemas: SchemaSet
    version: str  # "sha256:<12 hex>" over every file read
    files: tuple[Path, ...] = ()  # every file read (what a reload's file watch looks at)


def _resolve(base: Path, path: Path) -> Path:
    return path if path.is_absolute() else (base / path).resolve()


def _check_policy_entities(doc: YamlDocument, policy: Policy, known: frozenset[str]) -> None:
    """Every entity the policy names must exist: a typo would silently never apply."""
    named: list[tuple[tuple[str | int, ...], str]] = [
        (("detection", "thresholds", name), name) for name in policy.detection.thresholds
    ]
    named += [(("actions", name), name) for name in policy.actions.root if name != "default"]
    named += [
        (("detection", "key_hints", i, "entity"), hint.entity)
        for i, hint in enumerate(policy.detection.key_hints)
    ]
    for loc, name in named:
        if name not in known:
            raise doc.error(loc, unknown_reason(name, known))


def policy_files(path: Path, policy: Policy) -> tuple[Path, ...]:
    """The files a policy at `path` reads (those that exist), in the order `version_of` wants."""
    base = path.parent
    schema_dir = _resolve(base, policy.schemas)
    files = [path, _resolve(base, policy.models.nlp), _resolve(base, policy.models.recognizers)]
    files += sorted(schema_dir.rglob("*.json")) if schema_dir.is_dir() else []
    if policy.geo.database is not None:
        files.append(_resolve(base, policy.geo.database))
    return tuple(file for file in files if file.is_file())


def version_of(files: tuple[Path, ...]) -> str:
    """The configuration version: "sha256:<12 hex>" over the names and contents of `files`."""
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return "sha256:" + digest.hexdigest()[:12]


def load_aggregates(path: str | Path | None = None) -> AggregateSettings:
    """The policy's `aggregates` section (mechanisms, DP defaults, dominance): the policy at
    `path`, else `$PII_POLICY_PATH`, else the bundled one. A bad policy raises ConfigError."""
    return validate(read_yaml(policy_path(path)), Policy).aggregates


def load_config(policy_path: Path | None = None) -> LoadedConfig:
    """Read the policy and everything it points to; any problem raises ConfigError."""
    path = (policy_path or DEFAULT_POLICY).resolve()
    doc = read_yaml(path)
    policy = validate(doc, Policy)
    base = path.parent
    nlp_path = _resolve(base, policy.models.nlp)
    if not nlp_path.is_file():
        raise doc.error(("models", "nlp"), f"file not found: {nlp_path}")
    nlp_doc = read_yaml(nlp_path)
    nlp = validate(nlp_doc, NlpSettings)
    rec_path = _resolve(base, policy.models.recognizers)
    if not rec_path.is_file():
        raise doc.error(("models", "recognizers"), f"file not found: {rec_path}")
    rec_doc = read_yaml(rec_path)
    recognizers = check_structure(rec_doc)  # Presidio's own models: build_detector
    schema_dir = _resolve(base, policy.schemas)
    if not schema_dir.is_dir():
        raise doc.error(("schemas",), f"directory not found: {schema_dir}")
    schemas = load_schemas(schema_dir)
    if policy.geo.database is not None:
        geo_path = _resolve(base, policy.geo.database)
        if not geo_path.is_file():
            raise doc.error(("geo", "database"), f"file not found: {geo_path}")
        try:
            geo(geo_path)
        except ValueError as exc:
            raise doc.error(("geo", "database"), str(exc)) from None
        policy = policy.model_copy(update={"geo": GeoSettings(database=geo_path)})
    nlp_data = nlp_doc.data if isinstance(nlp_doc.data, dict) else {}
    known = known_entities(recognizers, nlp_data)
    known |= check_schema_entities(schemas.documents, schema_dir, known)
    _check_policy_entities(doc, policy, known)
    files = policy_files(path, policy)
    version = version_of(files)
    return LoadedConfig(policy, path, nlp, nlp_path, recognizers, rec_path, schemas, version, files)


def with_free_text(
    config: LoadedConfig, release: TextRelease | None = None, k: int | None = None
) -> LoadedConfig:
    """`config` with the free-text release mode and/or k overridden (command-line flags)."""
    update: dict[str, object] = {}
    if release is not None:
        update["release"] = release
    if k is not None:
        update["k"] = k
    if not update:
        return config
    current = config.policy.free_text
    free_text = type(current).model_validate({**current.model_dump(), **update})
    policy = config.policy.model_copy(update={"free_text": free_text})
    return dataclasses.replace(config, policy=policy)
