"""Template counts saved between runs of `redact` (`--text-state FILE`), so runs continue.

The file holds keyed fingerprints and subject digests only (no text, no subject token), and is
written whole to a temporary file that then replaces the old one, with the mode of the other
files `redact` writes (0600, or the group mode of `--file-mode`; `private_files`).
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.errors import StateError
from pipeline.private_files import PRIVATE, replace_private
from pipeline.textrelease.counts import TemplateCounts, TemplateState

FORMAT = "pii-pipeline/text-templates/v1"


def load_state(path: Path, counts: TemplateCounts, normalise_numbers: bool) -> int:
    """Fold a saved state into `counts` (nothing when the file does not exist); templates read."""
    if not path.exists():
        return 0
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise StateError(f"cannot read the text state {path}: {type(exc).__name__}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StateError(f"{path} is not a text state file ({FORMAT})")
    if data.get("k") != counts.k or data.get("normalise_numbers") != normalise_numbers:
        raise StateError(
            f"{path} was counted with k={data.get('k')}, "
            f"normalise_numbers={data.get('normalise_numbers')}; this run has k={counts.k}, "
            f"normalise_numbers={normalise_numbers} (use another state file)"
        )
    templates = data.get("templates")
    erased = data.get("erased", [])
    if not isinstance(templates, dict) or not isinstance(erased, list):
        raise StateError(f"{path}: templates must be an object and erased a list")
    try:
        items = [(str(fp), TemplateState.from_json(v)) for fp, v in templates.items()]
    except ValueError as exc:
        raise StateError(f"{path}: {exc}") from None
    counts.load(items, (str(e) for e in erased))
    return len(items)


def save_state(
    path: Path, counts: TemplateCounts, normalise_numbers: bool, mode: int = PRIVATE
) -> None:
    """Write the counts to `path` atomically, readable by the owner (and a group) only."""
    data = {
        "format": FORMAT,
        "k": counts.k,
        "normalise_numbers": normalise_numbers,
        "templates": {fp: state.to_json() for fp, state in counts.items()},
        "erased": sorted(counts.erased),
    }
    replace_private(path, json.dumps(data, separators=(",", ":")), mode)
