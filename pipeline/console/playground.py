"""The playground: one event through the live configuration and through a candidate.

Rows are `explain`'s (`pipeline.processing.explain`), values masked by the processing walk
itself; the console only shortens tokens. Engines (a spaCy model each) are built once per
configuration version and kept for the last few versions.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pipeline.config.loader import LoadedConfig, load_config
from pipeline.console.candidate import ConfigKind, live_path, load_candidate
from pipeline.engine import Engine
from pipeline.errors import ConfigError
from pipeline.outcome import Outcome, Sanitized, StreamName
from pipeline.processing.explain import COLUMNS, ExplainRow, explain_rows
from pipeline.secrets import Secrets
from pipeline.vault.keys import MemoryKeyStore

TOKEN = re.compile(r"\b(tok_[0-9a-f]{8})[0-9a-f]{8,}\b")
ROW_KEYS = tuple(f.name for f in ExplainRow.__dataclass_fields__.values())
MAX_EVENT_BYTES = 1024 * 1024
ENGINES_KEPT = 3


def shorten_tokens(value: Any) -> Any:
    """`value` with every keyed token cut to its first 8 hex digits (strings, lists, dicts)."""
    if isinstance(value, str):
        return TOKEN.sub(r"\1…", value)
    if isinstance(value, list):
        return [shorten_tokens(v) for v in value]
    if isinstance(value, dict):
        return {shorten_tokens(k): shorten_tokens(v) for k, v in value.items()}
    return value


def config_error(exc: ConfigError) -> dict[str, Any]:
    """A validation error as the page shows it: file, line, field, reason."""
    return {
        "file": exc.file,
        "line": exc.line,
        "field": exc.field,
        "reason": exc.reason,
        "message": str(exc),
    }


def outcome_json(outcome: Outcome, version: str) -> dict[str, Any]:
    """What the playground shows of one outcome (no raw value: rows are masked by the walk)."""
    if not isinstance(outcome, Sanitized):
        return {
            "ok": False,
            "config_version": version,
            "error_class": outcome.error_class,
            "reason": outcome.reason,
            "path": outcome.path,
        }
    by_type: dict[str, int] = {}
    for entry in outcome.vault:
        by_type[entry.entity_type] = by_type.get(entry.entity_type, 0) + 1
    rows = [shorten_tokens(asdict(row)) for row in explain_rows(outcome)]
    return {
        "ok": True,
        "config_version": version,
        "event_id": outcome.event_id,
        "rows": rows,
        "record": shorten_tokens(outcome.record),
        "vault": {"entries": len(outcome.vault), "by_type": dict(sorted(by_type.items()))},
    }


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict) and value:
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list) and value:
        out = {}
        for i, item in enumerate(value):
            out.update(_flatten(item, f"{prefix}[{i}]"))
        return out
    return {prefix: value}


def compare(live: Mapping[str, Any], candidate: Mapping[str, Any]) -> dict[str, Any]:
    """Field by field: which decisions and which output values differ between the two."""
    rows: list[dict[str, Any]] = []
    live_rows = {r["field"]: r for r in live.get("rows", [])}
    cand_rows = {r["field"]: r for r in candidate.get("rows", [])}
    for name in [*live_rows, *(n for n in cand_rows if n not in live_rows)]:
        a, b = live_rows.get(name), cand_rows.get(name)
        changed = [k for k in ROW_KEYS if (a or {}).get(k) != (b or {}).get(k)]
        rows.append({"field": name, "live": a, "candidate": b, "changed": changed})
    fields: list[dict[str, Any]] = []
    flat_a = _flatten(live.get("record", {}))
    flat_b = _flatten(candidate.get("record", {}))
    for path in [*flat_a, *(p for p in flat_b if p not in flat_a)]:
        va, vb = flat_a.get(path), flat_b.get(path)
        fields.append({"path": path, "live": va, "candidate": vb, "changed": va != vb})
    return {
        "rows": rows,
        "record": fields,
        "decisions_changed": sum(1 for r in rows if r["changed"]),
        "values_changed": sum(1 for f in fields if f["changed"]),
    }


class Playground:
    """Live and candidate engines over one set of keys (random unless given)."""

    def __init__(self, policy_path: Path | None, secrets: Secrets | None = None) -> None:
        self.policy_path = policy_path
        self.secrets = secrets or Secrets.generate()
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._locks: dict[str, threading.Lock] = {}
        self._build = threading.Lock()

    def live(self) -> LoadedConfig:
        """The live configuration as it is on disk now (a save or an edit shows at once)."""
        return load_config(self.policy_path)

    def text(self, kind: ConfigKind) -> tuple[Path, str, str]:
        """The live file of `kind`: its path, text and the configuration version."""
        config = self.live()
        path = live_path(config, kind)
        return path, path.read_text(encoding="utf-8"), config.version

    def engine(self, config: LoadedConfig) -> tuple[Engine, threading.Lock]:
        """The engine of `config`'s version, built on first use."""
        with self._build:
            engine = self._engines.get(config.version)
            if engine is None:
                engine = Engine(config, self.secrets, MemoryKeyStore())
                self._engines[config.version] = engine
                self._locks[config.version] = threading.Lock()
                while len(self._engines) > ENGINES_KEPT:
                    old, _ = self._engines.popitem(last=False)
                    self._locks.pop(old, None)
            else:
                self._engines.move_to_end(config.version)
            return engine, self._locks[config.version]

    def run(self, stream: StreamName, raw: bytes, config: LoadedConfig) -> dict[str, Any]:
        """The explain rows and sanitized record of one raw event under `config`."""
        engine, lock = self.engine(config)
        with lock:
            [outcome] = engine.process(stream, [raw], explain=True)
        return outcome_json(outcome, config.version)

    def explain(self, stream: StreamName, raw: bytes) -> dict[str, Any]:
        """One event through the live configuration."""
        return self.run(stream, raw, self.live())

    def check(self, kind: ConfigKind, text: str) -> LoadedConfig:
        """The candidate configuration; ConfigError with the live file's name and line."""
        return load_candidate(self.live(), kind, text)

    def side_by_side(
        self, stream: StreamName, raw: bytes, kind: ConfigKind, text: str
    ) -> dict[str, Any]:
        """The event through live and candidate; the candidate's error instead if it is bad."""
        live = self.explain(stream, raw)
        try:
            candidate_config = self.check(kind, text)
        except ConfigError as exc:
            return {"live": live, "candidate": None, "error": config_error(exc), "diff": None}
        candidate = self.run(stream, raw, candidate_config)
        return {
            "live": live,
            "candidate": candidate,
            "error": None,
            "diff": compare(live, candidate),
        }


__all__ = ["COLUMNS", "Playground", "compare", "config_error", "outcome_json", "shorten_tokens"]
