"""Files the pipeline writes (sanitized records, vault entries, wrapped keys, rejects): private.

Created with mode 0600 (owner only) whatever the process umask, and tightened to it when they
already exist: a sanitized file still holds tokens and quasi-identifiers, a vault file and its
keys file hold the means to read PII. `PRIVATE` can be widened for a group (e.g. 0640 for a
reader service) but never to other users.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import IO, Literal

from pipeline.errors import PipelineError

PRIVATE = 0o600


def check_mode(mode: int) -> int:
    """`mode` if it grants nothing to other users and lets the owner write, else PipelineError."""
    if mode & ~0o777 or mode & 0o007 or not mode & stat.S_IWUSR:
        raise PipelineError(
            f"file mode {mode:04o} refused: output files must be owner-writable and never "
            "readable by other users (e.g. 0600, 0640)"
        )
    return mode


def open_private(path: str | Path, how: Literal["w", "a"], mode: int = PRIVATE) -> IO[str]:
    """Open `path` for text writing ("w" truncates, "a" appends) with the permission `mode`."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if how == "w" else os.O_APPEND)
    fd = os.open(path, flags, check_mode(mode))
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            os.fchmod(fd, mode)  # an existing file keeps its old mode otherwise
        return os.fdopen(fd, how, encoding="utf-8")
    except BaseException:
        os.close(fd)
        raise


def replace_private(path: Path, text: str, mode: int = PRIVATE) -> None:
    """Write `text` to a new file beside `path` with the permission `mode`, then move it over
    `path` (readers see the old file or the new one, never half of one)."""
    check_mode(mode)
    directory = path.parent if str(path.parent) else Path()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)  # 0600, O_EXCL
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
