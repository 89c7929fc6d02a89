#!/usr/bin/env python3
"""Prose sentences from the installed packages' documentation, for `quality --plain`.

    .venv/bin/python scripts/doc_sentences.py > /tmp/doc-sentences.txt
    .venv/bin/pii-pipeline quality --plain /tmp/doc-sentences.txt --placement message

A false-positive check on text nobody here wrote and that holds (almost) no personal data: every
*.dist-info/METADATA long description and the .md/.rst/.txt files shipped in site-packages
(licences included: they are prose), except metadata lists and netaddr's MAC vendor registry
(eui/*.txt: company names and postal addresses, not prose). Paragraphs that look like code, lists
or tables are skipped; a sentence has 40-300 characters and 7+ words, starts with a capital, ends
in . ! or ?, and holds no URL and no backtick. The output is sorted, so two runs on the same
environment give the same file.
"""

from __future__ import annotations

import email
import re
import sys
import sysconfig
from pathlib import Path

_SKIP_PARTS = ("entry_points", "top_level", "RECORD", "netaddr/eui/")
_NOT_PROSE = ("    ", ">>>", "$", ".. ", "|", "[", "!", "<", "#", "*", "-", "=", "+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _sentences(body: str) -> list[str]:
    out: list[str] = []
    for para in re.split(r"\n\s*\n", body):
        if "```" in para or para.lstrip().startswith(_NOT_PROSE):
            continue
        for s in _SENTENCE_END.split(" ".join(para.split())):
            if (
                40 <= len(s) <= 300
                and s[0].isupper()
                and s[-1] in ".!?"
                and "://" not in s
                and "`" not in s
                and s.count(" ") >= 6
            ):
                out.append(s)
    return out


def main() -> int:
    site = Path(sysconfig.get_paths()["purelib"])
    found: set[str] = set()
    for path in sorted(site.glob("*.dist-info/METADATA")):
        body = email.message_from_string(path.read_text(encoding="utf-8", errors="replace"))
        payload = body.get_payload()
        if isinstance(payload, str):
            found.update(_sentences(payload))
    for ext in ("md", "rst", "txt"):
        for path in sorted(site.glob(f"**/*.{ext}")):
            if any(part in str(path) for part in _SKIP_PARTS):
                continue
            try:
                found.update(_sentences(path.read_text(encoding="utf-8")))
            except (UnicodeDecodeError, OSError):
                continue
    sys.stdout.write("".join(f"{s}\n" for s in sorted(found)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
