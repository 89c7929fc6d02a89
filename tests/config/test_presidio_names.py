"""Presidio's predefined recognizers' entities read from source equal the imported classes',
and loading the configuration imports neither Presidio nor spaCy (config/presidio_names.py,
config/recognizers.py)."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

from pipeline.config import presidio_names


def _imported_entities(cls: type) -> list[str]:
    """What `inspect` and `getattr` say of an imported class (the old way)."""
    params = inspect.signature(cls.__init__).parameters  # type: ignore[misc]
    out: list[str] = []
    for param in ("supported_entity", "supported_entities"):
        default = params[param].default if param in params else None
        if isinstance(default, str):
            out.append(default)
        elif isinstance(default, list | tuple):
            out.extend(str(d) for d in default)
    entities = getattr(cls, "ENTITIES", None)
    if isinstance(entities, list | tuple):
        out.extend(str(e) for e in entities)
    return out


def test_every_exported_recognizer_is_found() -> None:
    from presidio_analyzer import predefined_recognizers

    exported = presidio_names.exported()
    public = {
        name
        for name in getattr(predefined_recognizers, "__all__", [])
        if isinstance(getattr(predefined_recognizers, name), type)
    }
    assert public, "presidio exports a list of recognizers"
    assert public <= set(exported)


@pytest.mark.parametrize("name", sorted(presidio_names.exported()))
def test_entities_from_source_equal_the_imported_class(name: str) -> None:
    from presidio_analyzer import predefined_recognizers

    cls = getattr(predefined_recognizers, name, None)
    if not isinstance(cls, type):
        pytest.skip(f"{name} is not a class")
    assert presidio_names.default_entities(name) == _imported_entities(cls)


def test_the_country_recognizers_we_enable_have_entities() -> None:
    assert presidio_names.default_entities("UkNinoRecognizer") == ["UK_NINO"]
    assert "IBAN_CODE" in presidio_names.default_entities("IbanRecognizer")
    assert presidio_names.default_entities("NoSuchRecognizer") == []


def test_loading_the_configuration_imports_no_presidio_and_no_spacy() -> None:
    code = (
        "import sys\n"
        "from pipeline.config.loader import load_config\n"
        "load_config()\n"
        "print(sorted(m for m in ('presidio_analyzer', 'spacy', 'numpy') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"
