"""A bad configuration is refused at start-up with the file, line and field named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from pipeline.cli import main
from pipeline.config.loader import DEFAULT_POLICY, load_config
from pipeline.errors import ConfigError

ROOT = DEFAULT_POLICY.parents[1]


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    for name in ("config", "models", "schemas"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_default_configuration_loads() -> None:
    config = load_config()
    assert config.version.startswith("sha256:")


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("default_threshold: 0.35", "default_threshold: 3.5", "detection.default_threshold"),
        ("  LOCATION: redact", "  LOCATION: shred", "actions.LOCATION"),
        (
            '{key: "e[-_]?mail", entity: EMAIL_ADDRESS}',
            '{key: "e[-_?mail", entity: EMAIL_ADDRESS}',
            "detection.key_hints.0.key",
        ),
        ("phone_regions: [US,", "phone_regions: [XX,", "detection.phone_regions"),
        ("max_depth: 24", "max_depth: -1", "limits.max_depth"),
        ("version: 1", "version: 7", "version"),
        ("  addresses: true", "  adresses: true", "detection.adresses"),
        ("  release: k_anonymous", "  release: k_anonymus", "free_text.release"),
        ("  k: 10", "  k: 1", "free_text.k"),
        ("  expire_after_days: 30", "  expire_after_days: 0", "free_text.expire_after_days"),
        ("    n: 2", "    n: 0", "aggregates.dominance.n"),
        ("    p: 0.85", "    p: 1.5", "aggregates.dominance.p"),
        (
            "    per_metric: {}",
            "    per_metric: {ads.audience: {n: 2, p: 0.9}}",
            "aggregates.dominance.per_metric",
        ),
        (
            "    per_metric: {}",
            "    per_metric: {analytics.call_volume: {n: 3, p: 0}}",
            "aggregates.dominance.per_metric.analytics.call_volume.p",
        ),
    ],
)
def test_bad_policy_names_file_line_and_field(
    workdir: Path, old: str, new: str, field: str
) -> None:
    policy = workdir / "config" / "policy.yaml"
    _edit(policy, old, new)
    with pytest.raises(ConfigError) as err:
        load_config(policy)
    assert err.value.file == str(policy)
    assert err.value.field == field
    assert err.value.line == _line_of(policy, new.strip())


def test_bad_regex_in_recognizers_names_its_line(workdir: Path) -> None:
    recognizers = workdir / "models" / "recognizers.yaml"
    _edit(recognizers, 'regex: "\\\\b[MS]A[A-Z0-9]{18}\\\\b"', 'regex: "([MS]A"')
    with pytest.raises(ConfigError) as err:
        load_config(workdir / "config" / "policy.yaml")
    assert err.value.file == str(recognizers)
    names = [r["name"] for r in yaml.safe_load(recognizers.read_text())["recognizers"]]
    index = names.index("PlivoAccountIdRecognizer")
    assert err.value.field == f"recognizers.{index}.patterns.0.regex"
    assert err.value.line == _line_of(recognizers, 'regex: "([MS]A"')


def test_yaml_syntax_error_names_its_line(workdir: Path) -> None:
    nlp = workdir / "models" / "nlp.yaml"
    nlp.write_text(nlp.read_text() + "\nbroken: [unclosed\n")
    with pytest.raises(ConfigError) as err:
        load_config(workdir / "config" / "policy.yaml")
    assert err.value.file == str(nlp)
    assert err.value.line is not None


def test_missing_model_file_is_named(workdir: Path) -> None:
    (workdir / "models" / "nlp.yaml").unlink()
    with pytest.raises(ConfigError) as err:
        load_config(workdir / "config" / "policy.yaml")
    assert err.value.field == "models.nlp"


def test_config_check_command_exits_2_with_location(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = workdir / "config" / "policy.yaml"
    _edit(policy, "max_fields: 4096", "max_fields: lots")
    assert main(["config", "check", str(policy)]) == 2
    err = capsys.readouterr().err
    assert f"{policy}:{_line_of(policy, 'max_fields: lots')}: limits.max_fields:" in err


def test_config_check_command_accepts_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "check"]) == 0
    assert "ok:" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("old", "new", "field", "hint"),
    [
        ("  LOCATION: redact", "  LOCATON: redact", "actions.LOCATON", "LOCATION"),
        ("    PERSON: 0.3", "    PERSONS: 0.3", "detection.thresholds.PERSONS", "PERSON"),
        (
            '{key: "e[-_]?mail", entity: EMAIL_ADDRESS}',
            '{key: "e[-_]?mail", entity: EMAIL_ADRESS}',
            "detection.key_hints.0.entity",
            "EMAIL_ADDRESS",
        ),
    ],
)
def test_unknown_entity_in_the_policy_is_refused_with_a_suggestion(
    workdir: Path, old: str, new: str, field: str, hint: str
) -> None:
    policy = workdir / "config" / "policy.yaml"
    _edit(policy, old, new)
    with pytest.raises(ConfigError) as refused:
        load_config(policy)
    error = refused.value
    assert (error.file, error.line, error.field) == (str(policy), _line_of(policy, new), field)
    assert f"did you mean {hint}" in error.reason


def test_unknown_x_pii_in_a_schema_is_refused_with_file_line_and_pointer(workdir: Path) -> None:
    schema = workdir / "schemas" / "raw" / "call_logs.json"
    text = schema.read_text()
    first = text.index('"x-pii": "PHONE_NUMBER"')
    schema.write_text(text[:first] + '"x-pii": "PHONE_NUMBR"' + text[first + 23 :])
    with pytest.raises(ConfigError) as refused:
        load_config(workdir / "config" / "policy.yaml")
    error = refused.value
    assert error.file == str(schema) and error.line == _line_of(schema, "PHONE_NUMBR")
    assert error.field.startswith("#/properties/") and error.field.endswith("/x-pii")
    assert "PHONE_NUMBER" in error.reason


def _recognizer_index(recognizers: Path, name: str) -> int:
    return [r["name"] for r in yaml.safe_load(recognizers.read_text())["recognizers"]].index(name)


def test_unknown_predefined_recognizer_is_refused_at_load(workdir: Path) -> None:
    recognizers = workdir / "models" / "recognizers.yaml"
    _edit(recognizers, "  - name: IbanRecognizer", "  - name: IbanRecognizr")
    with pytest.raises(ConfigError) as err:
        load_config(workdir / "config" / "policy.yaml")
    index = _recognizer_index(recognizers, "IbanRecognizr")
    assert err.value.field == f"recognizers.{index}.name"
    assert err.value.line == _line_of(recognizers, "name: IbanRecognizr")
    assert "did you mean IbanRecognizer" in err.value.reason


# What only Presidio's own models refuse: checked where the registry is built and by
# `config check`, naming the recognizer at fault (Presidio's location stops at the list).
PRESIDIO_ONLY = [
    ("    supported_entity: UK_NINO\n", "", "supported_entity", "- name: UkNinoSeparated"),
    ("        score: 0.5\n", "        score: high\n", "patterns", "patterns:"),
]


@pytest.mark.parametrize(("old", "new", "field", "line_of"), PRESIDIO_ONLY)
def test_presidio_model_errors_name_the_recognizer(
    workdir: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, field: str, line_of: str
) -> None:
    from pipeline.detection.factory import build_detector

    recognizers = workdir / "models" / "recognizers.yaml"
    text = recognizers.read_text()
    start = text.index("  - name: UkNinoSeparatedRecognizer")
    recognizers.write_text(text[:start] + text[start:].replace(old, new, 1))
    policy = workdir / "config" / "policy.yaml"
    config = load_config(policy)  # the structure is sound: loading takes it
    with pytest.raises(ConfigError) as err:
        build_detector(config)  # refused before the model loads
    index = _recognizer_index(recognizers, "UkNinoSeparatedRecognizer")
    assert err.value.file == str(recognizers)
    assert err.value.field.startswith(f"recognizers.{index}.{field}")
    after = recognizers.read_text().splitlines()[err.value.line - 1 :] if err.value.line else []
    assert err.value.line is not None and err.value.line >= _line_of(recognizers, "UkNinoSep")
    assert any(line_of in line for line in after[:3])
    assert main(["config", "check", str(policy)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and f"recognizers.{index}." in lines[0]


def test_config_error_crosses_a_process_boundary() -> None:
    import pickle

    err = ConfigError("models/recognizers.yaml", 7, "recognizers.3.name", "no such")
    back = pickle.loads(pickle.dumps(err))  # noqa: S301 (our own bytes)
    assert (back.file, back.line, back.field, back.reason) == (err.file, 7, err.field, "no such")
    assert str(back) == str(err)
