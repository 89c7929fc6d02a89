"""Checks of `models/recognizers.yaml`, Presidio's recognizer-registry file, naming the line.

Two levels, because Presidio's own models cannot be imported cheaply:

- `check_structure` runs wherever the configuration is loaded (`load_config`): a mapping with a
  `recognizers` list, a name for each, a `type: predefined` name that Presidio exports (read from
  its source by `presidio_names`, nothing imported), every regex compiling. It needs neither
  Presidio nor spaCy, so the worker's event loop and the aggregator, which never run an engine,
  do not load them (about 1.5 s and 100 MB of a process).
- `check_with_presidio` validates the file with Presidio's pydantic models
  (`RecognizerRegistryConfig`, which imports the whole analyzer). It runs where the registry is
  built from the file (`build_detector`: every engine, the worker's engine process at start and on
  a reload, which a bad file then refuses) and in `pii-pipeline config-check`.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pipeline.config import presidio_names
from pipeline.config.yamlfile import YamlDocument, read_yaml


def check_structure(doc: YamlDocument) -> dict[str, Any]:
    """The file's mapping, if its shape, names and regexes are sound; else ConfigError."""
    data = doc.data
    if not isinstance(data, dict):
        raise doc.error((), "expected a mapping with a 'recognizers' list")
    recognizers = data.get("recognizers") or []
    if not isinstance(recognizers, list):
        raise doc.error(("recognizers",), "expected a list")
    exported = presidio_names.exported()
    for i, rec in enumerate(recognizers):
        if isinstance(rec, str):
            rec = {"name": rec}
        if not isinstance(rec, dict):
            raise doc.error(("recognizers", i), "expected a mapping or a recognizer's name")
        name = rec.get("class_name") or rec.get("name")
        if not isinstance(name, str) or not name:
            raise doc.error(("recognizers", i), "a recognizer needs a 'name'")
        custom = "patterns" in rec or "deny_list" in rec
        kind = rec.get("type") or ("custom" if custom else "predefined")
        if kind == "predefined" and exported and name not in exported:
            close = difflib.get_close_matches(name, sorted(exported), n=2, cutoff=0.75)
            hint = f" (did you mean {' or '.join(close)}?)" if close else ""
            field = "class_name" if rec.get("class_name") else "name"
            reason = f"no predefined recognizer {name!r} in Presidio{hint}"
            raise doc.error(("recognizers", i, field), reason)
        for j, pattern in enumerate(rec.get("patterns") or []):
            regex = pattern.get("regex") if isinstance(pattern, dict) else None
            try:
                re.compile(str(regex))
            except re.error as exc:
                loc = ("recognizers", i, "patterns", j, "regex")
                raise doc.error(loc, f"bad regex: {exc}") from None
    return data


def check_with_presidio(doc: YamlDocument) -> None:
    """Validate with Presidio's own pydantic models (imports the analyzer); ConfigError."""
    from presidio_analyzer.input_validation.yaml_recognizer_models import RecognizerRegistryConfig

    data = check_structure(doc)
    try:
        RecognizerRegistryConfig(**data)
    except ValidationError as exc:
        raise doc.error(_where(RecognizerRegistryConfig, data, exc), _message(exc)) from None
    except (TypeError, ValueError) as exc:
        raise doc.error(("recognizers",), str(exc)) from None


def _message(exc: ValidationError) -> str:
    return str(exc.errors()[0]["msg"]).splitlines()[0][:300]


def _where(model: Any, data: dict[str, Any], exc: ValidationError) -> tuple[str | int, ...]:
    """The failing field. Presidio parses the list in one validator, so pydantic's location stops
    at `recognizers`; the recognizer at fault is found by validating each alone."""
    loc = tuple(p for p in exc.errors()[0]["loc"] if isinstance(p, str | int))
    if loc[:1] != ("recognizers",) or (len(loc) > 1 and isinstance(loc[1], int)):
        return loc
    for i, rec in enumerate(data.get("recognizers") or []):
        try:
            model(**{**data, "recognizers": [rec]})
        except ValidationError as alone:
            inner = tuple(p for p in alone.errors()[0]["loc"] if isinstance(p, str | int))
            return ("recognizers", i, *inner[1:])
        except (TypeError, ValueError):
            return ("recognizers", i)
    return loc


def check_loaded(recognizers: dict[str, Any], path: Path) -> None:
    """`check_with_presidio` on a loaded configuration's recognizers, naming lines of `path`."""
    doc = read_yaml(path) if path.is_file() else YamlDocument(path, recognizers, {})
    check_with_presidio(dataclasses.replace(doc, data=recognizers))
