"""Build the second address evaluation (tests/data/addresses/{dev2,held_out2}.txt).

The first one (scripts/build_address_eval.py) is usaddress's training data, and its dev half has
been fitted more than its held-out half moved. This one is made of addresses from three other
packages, none of them usaddress, in the project's own sentence frames (the first set's):

- address_parser 1.0.0 (PyPI sdist, Civic Knowledge, BSD 3-Clause): tests/support/*.txt, real
  San Diego County addresses from city records (business licences, crime reports, geocoder
  input), upper and mixed case, with suites, ZIP+4, ranges and "&" numbers.
- presidio-evaluator 0.3.2 (PyPI sdist, MIT; the data file is CC BY-SA 3.0 US, "Fake Name
  Generator identities by the Fake Name Generator"):
  presidio_evaluator/data_generator/raw_data/FakeNameGenerator.com_3000.csv, invented people
  with addresses in each country's own format (street, city, region, postcode fields).
- the hand-written test addresses of four packages' tests (all MIT): street-address 0.4.0
  (tests/cmdline_street_address.py), usaddress-scourgify 0.7.1 (scourgify/tests/*.py),
  geocoder 1.38.1 (tests/*.py) and postal 1.1.11 (postal/tests/*.py).

The kinds: sd-cityline / sd-unit / sd-zip4 / sd-nozip / sd-multi (San Diego lines),
fng-XX (a Fake Name Generator address of country XX, written as that country writes a line;
every third one is its street line alone, kind fng-XX-street), tests (the packages' test
strings). Countries whose language the pipeline does not read (Greek, Nordic, Baltic...) are
left out; one in four German, Dutch, French, Spanish, Portuguese and Italian lines is in,
as fng-eu.
Addresses are shuffled with a fixed seed and dealt alternately into dev2 and held_out2.

    python scripts/build_address_eval2.py ADDRESS_PARSER_DIR PRESIDIO_EVALUATOR_DIR \
        STREET_ADDRESS_DIR SCOURGIFY_DIR GEOCODER_DIR POSTAL_DIR
"""

from __future__ import annotations

import ast
import csv
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_address_eval import _FRAMES  # the same frames as the first set

_SD_FILES = (
    "bad_business_addresses.txt",
    "bad_license_addresses.txt",
    "crime_addresses.txt",
    "good_segments.txt",
    "missing_street_type.txt",
    "test_geocoder_addresses.txt",
)
_SD_CAP = 420  # San Diego lines kept (one per street name)
_UNIT = re.compile(r"\b(STE|STES|SUITE|UNIT|APT|BLDG|SPC|FL|RM|ROOM|TERMINAL)\b|#", re.IGNORECASE)
# a country's own order of a line: US/CA/AU write the region, the others the postcode and town
_FORMATS = {
    "US": "{street}, {city}, {state} {zip}",
    "CA": "{street}, {city}, {state} {zip}",
    "AU": "{street}, {city} {state} {zip}",
    "GB": "{street}, {city} {zip}",
    "NZ": "{street}, {city} {zip}",
    "ZA": "{street}, {city}, {zip}",
}
_EU = ("DE", "NL", "FR", "ES", "PT", "IT", "AT", "CH", "BE")
_EU_EVERY = 4
_TEST_FILES = (
    ("street", "tests/cmdline_street_address.py"),
    ("scourgify", "scourgify/tests/test_address_normalization.py"),
    ("scourgify", "scourgify/tests/test_cleaning.py"),
    ("geocoder", "tests"),
    ("postal", "postal/tests"),
)
# a test string that reads as one address: a house number (or P.O. Box / "One") and a word
_TEST_SHAPE = re.compile(r"^(\d+[A-Za-z]?(-\d+)?( 1/2)?|P\.O\. Box|One) [A-Za-z0-9]")


def _sd_kind(line: str) -> str:
    parts = [part.strip() for part in line.split(",")]
    if re.match(r"^\d+(-\d+)*( \d+)* *(&|\d+-\d+)", parts[0]) or re.match(
        r"^\d+[- ]\d+ ", parts[0]
    ):
        return "sd-multi"
    if any(_UNIT.search(part) for part in parts[1:-2]) or _UNIT.search(parts[0]):
        return "sd-unit"
    if re.search(r"\d{5}-\d{4}$", line):
        return "sd-zip4"
    if not re.search(r"\d{5}$", line):
        return "sd-nozip"
    return "sd-cityline"


def _san_diego(folder: Path, rng: random.Random) -> list[tuple[str, str]]:
    by_street: dict[str, str] = {}
    for name in _SD_FILES:
        for raw in (folder / name).read_text(encoding="utf-8").splitlines():
            line = " ".join(raw.split())
            line = line.replace(" ,", ",")
            first = line.split(",")[0]
            if not re.match(r"^\d", first) or "BLOCK" in first.upper() or "Unknown" in line:
                continue
            street = re.sub(r"^[\d\s&/-]+", "", first).upper()
            by_street.setdefault(street, line)
    lines = sorted(by_street.values())
    rng.shuffle(lines)
    return [(_sd_kind(line), line) for line in lines[:_SD_CAP]]


def _fake_names(csv_path: Path) -> list[tuple[str, str]]:
    found = []
    with csv_path.open(encoding="utf-8-sig") as handle:
        rows = [row for row in csv.DictReader(handle) if row["Country"] in (*_FORMATS, *_EU)]
    eu_rows = 0
    for index, row in enumerate(rows):
        country = row["Country"]
        if country in _EU:
            eu_rows += 1
            if eu_rows % _EU_EVERY:
                continue  # fewer continental lines: the pipeline is written for English text
        fields = {
            "street": row["StreetAddress"].strip(),
            "city": row["City"].strip(),
            "state": row["State"].strip(),
            "zip": row["ZipCode"].strip(),
        }
        if "[" in fields["city"] or not fields["street"]:
            continue  # a wiki link left in the city field
        kind = "fng-eu" if country in _EU else f"fng-{country.lower()}"
        if index % 3 == 0:
            found.append((f"{kind}-street", fields["street"]))
            continue
        fmt = _FORMATS.get(country, "{street}, {zip} {city}")
        found.append((kind, " ".join(fmt.format(**fields).split())))
    return found


def _test_strings(roots: dict[str, Path]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for package, relative in _TEST_FILES:
        target = roots[package] / relative
        files = sorted(target.glob("*.py")) if target.is_dir() else [target]
        for path in files:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
                    continue
                for raw in node.value.splitlines():
                    text = " ".join(raw.split())
                    if _TEST_SHAPE.match(text) and len(text) < 90 and not set(text) & set("@;{%"):
                        if text.lower() in seen:
                            continue
                        seen.add(text.lower())
                        found.append(("tests", text))
    return found


def _write(path: Path, rows: list[tuple[str, str, str]], half: str) -> None:
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, frame, address in rows:
        by_kind[kind].append(frame.format(a=f"[[STREET_ADDRESS:{address}]]"))
    lines = [
        f"# Second address evaluation, {half} half: written by scripts/build_address_eval2.py from",
        "# address_parser 1.0.0's test addresses (BSD-3), presidio-evaluator 0.3.2's Fake Name",
        "# Generator file (CC BY-SA 3.0 US) and the test strings of street-address, usaddress-",
        "# scourgify, geocoder and postal (MIT). Sentence frames are ours; every address is theirs.",
        "# Not to be used for tuning: no value of this file may go into a lexicon or a rule.",
    ]
    for kind in sorted(by_kind):
        lines.append(f"# kind: {kind}")
        lines.extend(by_kind[kind])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(args: list[str], out: Path) -> None:
    address_parser, presidio, street, scourgify, geocoder, postal = map(Path, args)
    rng = random.Random(20)
    addresses = _san_diego(address_parser / "tests" / "support", rng)
    csv_path = presidio / "presidio_evaluator" / "data_generator" / "raw_data"
    addresses += _fake_names(csv_path / "FakeNameGenerator.com_3000.csv")
    roots = {"street": street, "scourgify": scourgify, "geocoder": geocoder, "postal": postal}
    addresses += _test_strings(roots)
    rng.shuffle(addresses)
    halves: tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]] = ([], [])
    for index, (kind, address) in enumerate(addresses):
        halves[index % 2].append((kind, _FRAMES[index % len(_FRAMES)], address))
    out.mkdir(parents=True, exist_ok=True)
    _write(out / "dev2.txt", halves[0], "dev")
    _write(out / "held_out2.txt", halves[1], "held-out")


if __name__ == "__main__":
    main(sys.argv[1:7], Path("tests/data/addresses"))
