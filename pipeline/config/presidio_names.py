"""The entities Presidio's predefined recognizers declare, read from their source, not imported.

Checking a policy's entity names needs the default entities of the predefined recognizers that
`models/recognizers.yaml` names. Importing `presidio_analyzer.predefined_recognizers` for that
pulls in spaCy and the whole analyzer: about 1.5 s and 75 MB in every process that loads the
configuration, the worker's event loop and the aggregator included, which never run an engine.
The package's `__init__.py` says which file defines each exported class; that file's class says
its defaults (`supported_entity=`, `supported_entities=` of `__init__`, an `ENTITIES` list). A
class without them takes them from its exported base class, as `inspect.signature` and
`getattr` would. `tests/config/test_presidio_names.py` checks the result against the imported
classes for every exported name, so a new Presidio release that breaks this is noticed.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
from collections.abc import Iterator
from pathlib import Path

_PACKAGE = "presidio_analyzer.predefined_recognizers"
_PARAMS = ("supported_entity", "supported_entities")


@functools.cache
def _root() -> Path | None:
    spec = importlib.util.find_spec("presidio_analyzer")  # finds, does not import
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "predefined_recognizers"


def _module_file(package: Path, dotted: str) -> Path:
    """The file of module `dotted` under directory `package` (a package's `__init__.py`)."""
    path = package.joinpath(*dotted.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


@functools.cache
def _parsed(path: Path) -> ast.Module | None:
    try:
        return ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return None


def _imports(path: Path, root: Path) -> dict[str, Path]:
    """Each name the module at `path` imports from within the package, with its module's file."""
    tree = _parsed(path)
    out: dict[str, Path] = {}
    for node in ast.walk(tree) if tree is not None else ():
        if not isinstance(node, ast.ImportFrom) or not node.module:
            continue
        if node.level >= 1:
            base = path.parent
            for _ in range(node.level - 1):
                base = base.parent
            file = _module_file(base, node.module)
        elif node.module.startswith(_PACKAGE + "."):
            file = _module_file(root, node.module[len(_PACKAGE) + 1 :])
        else:
            continue
        for alias in node.names:
            out[alias.asname or alias.name] = file
    return out


def _classes(path: Path) -> dict[str, ast.ClassDef]:
    tree = _parsed(path)
    body = tree.body if tree is not None else []
    return {node.name: node for node in body if isinstance(node, ast.ClassDef)}


def _assignments(body: list[ast.stmt]) -> Iterator[tuple[str, ast.expr]]:
    """`NAME = <expression>` (or `NAME: T = <expression>`) statements of `body`."""
    for node in body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    yield target.id, node.value
        elif (
            isinstance(node, ast.AnnAssign)
            and node.value is not None
            and isinstance(node.target, ast.Name)
        ):
            yield node.target.id, node.value


def _constants(path: Path) -> dict[str, ast.expr]:
    """The module's top-level assignments."""
    tree = _parsed(path)
    return dict(_assignments(tree.body)) if tree is not None else {}


def _defining(path: Path, name: str, root: Path) -> Path | None:
    """The file that defines class `name`, following re-exports from `path` (a few hops)."""
    for _ in range(8):
        if name in _classes(path):
            return path
        nxt = _imports(path, root).get(name)
        if nxt is None or nxt == path:
            return None
        path = nxt
    return None


@functools.cache
def exported() -> dict[str, Path]:
    """Each class `predefined_recognizers` exports, with the file that defines it."""
    root = _root()
    if root is None or not (root / "__init__.py").is_file():
        return {}
    out: dict[str, Path] = {}
    for name, file in _imports(root / "__init__.py", root).items():
        defining = _defining(file, name, root)
        if defining is not None:
            out[name] = defining
    return out


def _literal(node: ast.expr | None, constants: dict[str, ast.expr]) -> list[str]:
    """Strings of a literal, of a module constant, or of `list(CONSTANT[.keys()|.values()])`."""
    if node is None:
        return []
    if isinstance(node, ast.Name) and node.id in constants:
        return _literal(constants[node.id], {})
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("list", "tuple")
        and len(node.args) == 1
    ):
        arg = node.args[0]
        part = "keys"
        if (
            isinstance(arg, ast.Call)
            and isinstance(arg.func, ast.Attribute)
            and arg.func.attr in ("keys", "values")
        ):
            part, arg = arg.func.attr, arg.func.value
        if isinstance(arg, ast.Name) and arg.id in constants:
            try:
                value = ast.literal_eval(constants[arg.id])
            except ValueError:
                return []
            if isinstance(value, dict):
                value = list(value.values() if part == "values" else value.keys())
            return [str(v) for v in value] if isinstance(value, list | tuple) else []
        return []
    try:
        value = ast.literal_eval(node)
    except ValueError:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return []


def _init_defaults(cls: ast.ClassDef, constants: dict[str, ast.expr]) -> list[str] | None:
    """The entity defaults of the class's own `__init__`; None when it has no `__init__`."""
    for node in cls.body:
        if isinstance(node, ast.FunctionDef) and node.name == "__init__":
            args = node.args
            positional = args.posonlyargs + args.args
            pairs = list(
                zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True)
            )
            pairs += [
                (a, d)
                for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
                if d is not None
            ]
            out: list[str] = []
            for param in _PARAMS:
                for arg, default in pairs:
                    if arg.arg == param:
                        out.extend(_literal(default, constants))
            return out
    return None


def _class_entities(cls: ast.ClassDef, constants: dict[str, ast.expr]) -> list[str] | None:
    for name, value in _assignments(cls.body):
        if name == "ENTITIES":
            return _literal(value, constants)
    return None


def _base(cls: ast.ClassDef) -> str | None:
    for base in cls.bases:
        if isinstance(base, ast.Name) and base.id in exported():
            return base.id
    return None


def default_entities(name: str) -> list[str]:
    """The default entities of the exported recognizer `name` ([] when unknown)."""
    init: list[str] | None = None
    entities: list[str] | None = None
    seen: set[str] = set()
    current: str | None = name
    while current is not None and current not in seen:
        seen.add(current)
        path = exported().get(current)
        cls = _classes(path).get(current) if path else None
        if cls is None:
            break
        constants = _constants(path) if path else {}
        if init is None:
            init = _init_defaults(cls, constants)
        if entities is None:
            entities = _class_entities(cls, constants)
        current = _base(cls)
    return (init or []) + (entities or [])
