"""Read YAML while remembering the line of every key, so errors can name file, line and field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from pipeline.errors import ConfigError

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file with the line (1-based) of each key path."""

    path: Path
    data: Any
    lines: Mapping[Loc, int]

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """The line of the longest prefix of `loc` that the file contains."""
        key = tuple(loc)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)

    def error(self, loc: Sequence[str | int], reason: str) -> ConfigError:
        """A ConfigError pointing at `loc` in this file."""
        field = ".".join(str(p) for p in loc) or "(document)"
        return ConfigError(str(self.path), self.line_of(loc), field, reason)


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> Any:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = yaml.safe_load(yaml.serialize(key_node))
            child = (*loc, key)
            lines[child] = key_node.start_mark.line + 1
            out[key] = _walk(value_node, child, lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, (*loc, i), lines) for i, item in enumerate(node.value)]
    return yaml.safe_load(yaml.serialize(node))


def read_yaml(path: Path) -> YamlDocument:
    """Parse `path`; syntax errors become ConfigError with the line of the problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(str(path), None, "(file)", f"cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(str(path), None, "(file)", "not UTF-8") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ConfigError(str(path), line, "(syntax)", str(exc.problem)) from None
    lines: dict[Loc, int] = {}
    data = {} if node is None else _walk(node, (), lines)
    return YamlDocument(path=path, data=data, lines=lines)


def validate(doc: YamlDocument, model: type[M], data: Any = None) -> M:
    """Validate `doc` (or `data` taken from it) against `model`; the first error names its line."""
    try:
        return model.model_validate(doc.data if data is None else data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(p for p in first["loc"] if isinstance(p, str | int))
        raise doc.error(loc, first["msg"]) from None
