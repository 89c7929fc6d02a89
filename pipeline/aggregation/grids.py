"""One window grid per metric: the window size its releases were made on, recorded with them.

Two releases of the same events on two grids (60- and 30-minute windows, or an ad-hoc report)
give a suppressed half-hour by subtraction. So the first release of a metric records its grid,
and a release on another grid is refused (not published; the report says why). A change of grid
is an operator's decision: a new grid file (or new release topics), never a silent mix.

The file command keeps the grids in a file (`--grid-file`). The streaming aggregator's windows
are spread over the internal topic's partitions, so a grid recorded per partition would let a
partition that never released a metric accept another grid. There the grid is decided once per
metric: every aggregator claims its grid (`GridClaim`) to one authority, internal partition 0,
which records the first claim and answers each claim with that grid to every partition
(`GridSet`, in its transaction); a partition releases a metric's window only once it holds the
authority's grid, and refuses it when its own windows are on another one.
"""

from __future__ import annotations

import json
import os
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any


class GridChange(ValueError):
    """A release on another grid than the one the metric's releases were made on."""


class GridBook:
    """metric -> window size in seconds, in `entries` (a JSON file, or the aggregator's store)."""

    def __init__(self, entries: MutableMapping[str, Any]) -> None:
        self.entries = entries

    def recorded(self, metric: str) -> int | None:
        """The metric's grid, if one was recorded."""
        value = self.entries.get(metric)
        return None if value is None else int(value)

    def claim(self, metric: str, size_s: int) -> int:
        """Record `size_s` unless a grid is recorded already; the grid of `metric` (the first)."""
        recorded = self.recorded(metric)
        if recorded is None:
            self.entries[metric] = size_s
            return size_s
        return recorded

    def check(self, metric: str, size_s: int) -> None:
        """Record the grid of `metric` on first use; raise GridChange on another one."""
        recorded = self.entries.get(metric)
        if recorded is None:
            self.entries[metric] = size_s
            return
        if int(recorded) != size_s:
            raise GridChange(
                f"{metric} was released on {int(recorded)} s windows; a release on {size_s} s "
                "windows would let suppressed cells follow by subtraction (refused)"
            )


def load_grid_file(path: Path) -> dict[str, Any]:
    """The recorded grids ({} when the file does not exist yet)."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not a grid file: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a grid file")
    return data


def save_grid_file(path: Path, entries: dict[str, Any]) -> None:
    """Write the grids atomically."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(entries, indent=1) + "\n", encoding="utf-8")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
