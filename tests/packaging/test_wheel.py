"""The built wheel works without a checkout: policy, models and schemas ship as package data.

The wheel is built offline from a copy of the sources (`--no-build-isolation`: the dev
environment's setuptools), installed with `--no-deps` into a fresh virtual environment, and run
from another folder. The fresh environment sees the dependencies of the dev environment through
a `.pth` line (a path, not its `.pth` files, so the dev environment's editable install of this
project stays invisible): what is tested is the wheel's own content, not a second download of
spaCy and Presidio.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from pipeline.config.loader import load_config
from pipeline.corpus import generate

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "pipeline", "config", "models", "schemas")


def _copy_sources(target: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "_data", "*.egg-info")
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the wheel; returns its bin folder."""
    root = tmp_path_factory.mktemp("wheel")
    sources, dist, env = root / "src", root / "dist", root / "venv"
    sources.mkdir()
    _copy_sources(sources)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", dist, sources],
        check=True,
        timeout=300,
        cwd=root,
    )
    [wheel] = dist.glob("pii_pipeline-*.whl")
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    subprocess.run(
        [*pip, "--python", python, "install", "--no-deps", "--no-index", wheel],
        check=True,
        timeout=300,
    )
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(purelib) / "dev_dependencies.pth").write_text("\n".join(sorted(deps)) + "\n")
    return env / "bin"


def _run(fresh: Path, *args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PII_", "PYTHON"))}
    return subprocess.run(
        [fresh / "pii-pipeline", *args],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_wheel_imports_its_own_code_not_the_checkout(fresh: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [fresh / "python", "-c", "import pipeline; print(pipeline.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(result.stdout.strip()).is_relative_to(fresh.parent)


@pytest.fixture(scope="module")
def bundled_check(fresh: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """`config check` of the installed wheel, run from an empty folder: its stdout."""
    result = _run(fresh, "config", "check", cwd=tmp_path_factory.mktemp("elsewhere"))
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_config_check_finds_the_bundled_policy_from_another_folder(
    fresh: Path, bundled_check: str
) -> None:
    result_stdout = bundled_check

    assert result_stdout.startswith("ok: ")
    bundled = Path(result_stdout.split()[1])
    assert bundled.is_relative_to(fresh.parent)
    assert bundled.parts[-3:] == ("_data", "config", "policy.yaml")
    # the same files as the checkout's: the same configuration version
    assert result_stdout.split()[3] == f"{load_config().version},"


def test_policy_path_variable_overrides_the_bundled_policy(
    fresh: Path, tmp_path: Path, bundled_check: str
) -> None:
    for folder in ("config", "models", "schemas"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    policy = tmp_path / "config" / "policy.yaml"
    policy.write_text(policy.read_text() + "\n# a local copy\n")

    result = _run(fresh, "config", "check", cwd=tmp_path, PII_POLICY_PATH=str(policy))

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == str(policy)
    assert result.stdout.split()[3] != bundled_check.split()[3]  # another config_version


def test_redact_runs_from_another_folder(fresh: Path, tmp_path: Path) -> None:
    events = [e.event for e in generate("call_logs", 20, "wheel")]
    (tmp_path / "raw.jsonl").write_text("".join(json.dumps(e) + "\n" for e in events))

    result = _run(
        fresh,
        "redact",
        "call_logs",
        "--input",
        "raw.jsonl",
        "--output",
        "out.jsonl",
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert len(records) == len(events)
    assert {r["_pipeline"]["config_version"] for r in records} == {load_config().version}
