"""Build the fourth address development set (tests/data/addresses/dev4.txt).

dev (1.4 %) was fitted far more than held_out moved (8.2 %), so a fourth set of US addresses
that no rule was written from stands beside the first three. Its addresses are the string
constants of the tests, examples and docs of doorplate 0.4.0 (PyPI sdist; "MIT OR Apache-2.0",
a US address parser written to USPS Publication 28): Pub 28 forms the other sets have few of
(county roads, state highways and routes, rural routes and highway contracts with their boxes,
military PSC/Unit boxes with APO/DPO, fractions, ranges, secondary units with and without a
designator, directionals before and after, "City of"/"Town of" places, upper-case and
lower-case lines, ZIP+4), in the project's sentence frames (the first set's).

A constant is kept when it starts as an address does (a house number of 1-6 digits that is not
all zeros, with a letter or a fraction, or "P.O. Box"/"PO Box", "RR"/"Rural Route", "HC",
"PSC", "Unit" before a number), holds a word of two letters or more after that number and has
no template braces, HTML entities or dashes in place of spaces (slugs). Comments are left out,
and so are two files written to break the parser rather than to hold addresses
(tests/no_panic.rs, src/tokenize.rs: run-together words, invented towns). Constants already in
dev, dev2, dev3, held_out or held_out2 (compared lower-case, spaces squeezed: a membership test,
nothing printed) are left out, and each is taken once, the first spelling found (files sorted).
The kinds: dp-pobox, dp-rural (RR/HC), dp-military, dp-cityline (a ZIP or a state after the
street), dp-street (a street line alone). There is no held-out half: the held-out halves of the
first two sets stay the measure of generalisation.

    python scripts/build_address_eval4.py DOORPLATE_DIR   (the unpacked sdist doorplate-0.4.0)
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_address_eval import _FRAMES  # the same frames as the first set
from build_address_eval3 import _key, _known, _write  # and the third set's writer

_STRING = re.compile(r'"([^"\\\n]{6,100})"')
_SKIP_FILES = {"no_panic.rs", "tokenize.rs"}
_START = re.compile(
    r"^(?:(?!0+\b)\d{1,6}[A-Za-z]?(?: 1/2)? (?=.*[A-Za-z]{2})|"
    r"P\.? ?O\.? Box #?\d|PO Box #?\d|(?:RR|Rural Route|HC) \d+ Box \d|PSC \d+ Box \d|"
    r"Unit \d+ Box \d)",
    re.IGNORECASE,
)
_JUNK = re.compile(r"[{}]|&#|&amp;|\w-\w+-\w")
_MILITARY = re.compile(r"\b(?:APO|FPO|DPO)\b|^PSC\b|^Unit \d+ Box", re.IGNORECASE)
_CITYLINE = re.compile(
    r"\b\d{5}(?:-\d{4})?\b(?!.*\d{5})|,\s*[A-Za-z .]+,?\s+[A-Z]{2}\b", re.IGNORECASE
)


def _constants(root: Path) -> list[str]:
    found: list[str] = []
    paths = sorted(p for p in root.rglob("*") if p.suffix in {".rs", ".py", ".md"})
    for path in paths:
        if path.name in _SKIP_FILES:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.lstrip().startswith(("//", "#")):
                continue
            for match in _STRING.finditer(line):
                text = " ".join(match.group(1).split()).strip(" ,")
                if _START.match(text) and not _JUNK.search(text):
                    found.append(text)
    return found


def _kind(address: str) -> str:
    if _MILITARY.search(address):
        return "dp-military"
    if re.match(r"(?:RR|Rural Route|HC) ", address, re.IGNORECASE):
        return "dp-rural"
    if re.match(r"P\.? ?O\.? ?Box", address, re.IGNORECASE):
        return "dp-pobox"
    if _CITYLINE.search(address[address.find(" ") + 1 :]):
        return "dp-cityline"
    return "dp-street"


_SETS = ("dev.txt", "dev2.txt", "dev3.txt", "held_out.txt", "held_out2.txt")
_HEADER = [
    "# Fourth address evaluation (dev only): written by scripts/build_address_eval4.py from the",
    "# string constants of doorplate 0.4.0's tests, examples and docs (MIT OR Apache-2.0).",
    "# Sentence frames are ours; every address is theirs.",
    "# Not to be used for tuning: no value of this file may go into a lexicon or a rule.",
]


def main(root: Path, out: Path) -> None:
    constants = _constants(root)
    known = _known(out, _SETS)
    seen: set[str] = set()
    kept: list[str] = []
    for address in constants:
        if _key(address) in known or _key(address) in seen:
            continue
        seen.add(_key(address))
        kept.append(address)
    print(f"{len(constants)} constants, {len(kept)} kept", file=sys.stderr)
    random.Random(40).shuffle(kept)
    rows = [(_kind(a), _FRAMES[index % len(_FRAMES)], a) for index, a in enumerate(kept)]
    _write(out / "dev4.txt", rows, _HEADER)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path("tests/data/addresses"))
