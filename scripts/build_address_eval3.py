"""Build the third address development set (tests/data/addresses/dev3.txt).

The first two sets' dev halves are nearly used up (dev 10/706, dev2 20/636 left), so a third
set of addresses that nobody has tuned on stands beside them. Its addresses are the hand-written
test inputs of four npm packages, none of them used before, in the project's sentence frames
(the first set's):

- pelias-parser 4.1.0 (MIT, Copyright (c) 2019 Pelias Contributors): test/address.*.test.js,
  labelled addresses of 17 countries written as each country writes them (street before the
  house number in Germany, the Netherlands, Scandinavia, Central Europe; "12 rue ..." in France;
  units, ranges, postcodes and towns). An input is kept when its first labelling has a house
  number and a street and no venue (a business name is no part of the address).
- addressit 1.8.2 (MIT): test/*.js, the strings given to its parser (US and Australian lines).
- addresser 1.1.22 (MIT): test/test.js, the strings given to parseAddress (US lines).
- parse-address 1.1.2 (ISC): test.js, the keys of its table of addresses (US lines, with
  Publication 28 forms: fractions, directionals, secondary units, intersections left out).

From the last three an input is kept when it starts with a house number (or a unit or box word
before one) and has a word of letters. Inputs that are in dev, dev2, held_out or held_out2
already (compared lower-case, spaces squeezed) are left out, and each input is taken once.
The kinds: pelias-XXX (its country file), addressit, addresser, parse-address. There is no
held-out half: the held-out halves of the first two sets stay the measure of generalisation.

    python scripts/build_address_eval3.py PELIAS_PARSER_DIR ADDRESSIT_DIR ADDRESSER_DIR \
        PARSE_ADDRESS_DIR        (each an unpacked `npm pack NAME@VERSION`, its package/ folder)
"""

from __future__ import annotations

import random
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_address_eval import _FRAMES  # the same frames as the first set

# a JS string literal in single or double quotes
_STRING = r"""(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)")"""
_PELIAS_ASSERT = re.compile(r"assert\(\s*" + _STRING + r"\s*,\s*\[")
_LABEL = re.compile(r"\{\s*(\w+)\s*:\s*" + _STRING + r"\s*\}")
_CALL = re.compile(r"(?:test|parseAddress|parseLocation)\(\s*" + _STRING)
_KEY = re.compile(r"^\s*" + _STRING + r"\s*:\s*\{", re.MULTILINE)
# a line of a US/AU parser's tests that reads as one address
_SHAPE = re.compile(
    r"^(?:\d+[A-Za-z]?(?:[-/]\d+[A-Za-z]?)?|(?:P\.?\s?O\.?\s?)?Box \d+|"
    r"(?:Shop|Unit|Apt|Suite|Level) \w+,?) [A-Za-z0-9]",
    re.IGNORECASE,
)


def _literal(match: re.Match[str], first: int = 1) -> str:
    raw = match.group(first) if match.group(first) is not None else match.group(first + 1)
    # a line break written in the string ("\\n") reads as a space in a one-line message
    raw = raw.replace("\\n", " ").replace("\\'", "'").replace('\\"', '"')
    return " ".join(raw.split())


def _pelias(root: Path) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for path in sorted((root / "test").glob("address.*.test.js")):
        country = path.name.split(".")[1]
        text = path.read_text(encoding="utf-8")
        for match in _PELIAS_ASSERT.finditer(text):
            # the first labelling: the labels up to the first closing bracket
            block = text[match.end() : text.index("]", match.end())]
            labels = {m.group(1) for m in _LABEL.finditer(block)}
            if {"housenumber", "street"} <= labels and "venue" not in labels:
                found.append((f"pelias-{country}", _literal(match)))
    return found


def _calls(kind: str, files: list[Path], pattern: re.Pattern[str]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for path in files:
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            text = _literal(match).strip(" ,")
            if _SHAPE.match(text) and re.search(r"[A-Za-z]{2}", text) and len(text) < 90:
                found.append((kind, text))
    return found


def _key(text: str) -> str:
    return " ".join(text.lower().split())


_SETS = ("dev.txt", "dev2.txt", "held_out.txt", "held_out2.txt")
_HEADER = [
    "# Third address evaluation (dev only): written by scripts/build_address_eval3.py from the",
    "# test inputs of pelias-parser 4.1.0, addressit 1.8.2, addresser 1.1.22 (MIT) and",
    "# parse-address 1.1.2 (ISC). Sentence frames are ours; every address is theirs.",
    "# Not to be used for tuning: no value of this file may go into a lexicon or a rule.",
]


def _known(data: Path, sets: tuple[str, ...] = _SETS) -> set[str]:
    """The addresses of the sets already written (a later set leaves them out)."""
    known: set[str] = set()
    for name in sets:
        for value in re.findall(r"\[\[STREET_ADDRESS:(.*?)\]\]", (data / name).read_text()):
            known.add(_key(value))
    return known


def _write(path: Path, rows: list[tuple[str, str, str]], header: list[str] = _HEADER) -> None:
    """A dev set: the header, then each kind's sentences after a `# kind:` line."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, frame, address in rows:
        by_kind[kind].append(frame.format(a=f"[[STREET_ADDRESS:{address}]]"))
    lines = list(header)
    for kind in sorted(by_kind):
        lines.append(f"# kind: {kind}")
        lines.extend(by_kind[kind])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(args: list[str], out: Path) -> None:
    pelias, addressit, addresser, parse_address = map(Path, args)
    addresses = _pelias(pelias)
    addresses += _calls("addressit", sorted((addressit / "test").glob("*.js")), _CALL)
    addresses += _calls("addresser", [addresser / "test" / "test.js"], _CALL)
    addresses += _calls("parse-address", [parse_address / "test.js"], _KEY)
    known = _known(out)
    seen: set[str] = set()
    kept: list[tuple[str, str]] = []
    for kind, address in addresses:
        if _key(address) in known or _key(address) in seen:
            continue
        seen.add(_key(address))
        kept.append((kind, address))
    print(f"{len(addresses)} inputs, {len(kept)} kept", file=sys.stderr)
    random.Random(30).shuffle(kept)
    rows = [(kind, _FRAMES[index % len(_FRAMES)], a) for index, (kind, a) in enumerate(kept)]
    _write(out / "dev3.txt", rows)


if __name__ == "__main__":
    main(sys.argv[1:5], Path("tests/data/addresses"))
