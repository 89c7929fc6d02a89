"""Identifiers the project did not invent: issue 10's "phones, cards, e-mails, IBANs, national ids,
driver's licences: 0" on values published by others.

The values are copied from Presidio's own recognizer tests (microsoft/presidio,
presidio-analyzer/tests/test_iban_recognizer.py, test_credit_card_recognizer.py, …), the per-state
licence shapes of amedeiros/dl_validator (test/test_helper.rb) and libphonenumber's example
numbers; `tests/data/free_text/published_identifiers.txt` names the source of each group. Only
the sentences around them are ours.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.detection.numbers.iban import find_ibans, iban_valid
from pipeline.engine import Engine
from pipeline.quality.labelled_text import read_marked
from pipeline.quality.text_eval import evaluate_text

PUBLISHED = Path(__file__).parent.parent / "data" / "free_text" / "published_identifiers.txt"

# Every IBAN Presidio's test_iban_recognizer.py expects to be found (its compact spelling).
_IBAN_TEXT = """
AL47212110090000000235698741 AD1200012030200359100100 AT611904300234573201
AZ21NABZ00000000137010001944 BH67BMAG00001299123456 BY13NBRB3600900000002Z00AB00
BE68539007547034 BE71096123456769 BA391290079401028494 BR9700360305000010009795493P1
BG80BNBG96611020345678 CR05015202001026284066 HR1210010051863000160
CY17002001280000001200527600 CZ6508000000192000145399 DK5000400440116243
DO28BAGR00000001212453611324 TL380080012345678910157 EE382200221020145685 FO6264600001631634
FI2112345600000785 FR1420041010050500013M02606 GE29NB0000000101904917 DE89370400440532013000
GI75NWBK000000007099453 GR1601101250000000012300695 GL8964710001000206
GT82TRAJ01020000001210029690 HU42117730161111101800000000 IS140159260076545510730339
IE29AIBK93115212345678 IL620108000000099999999 IT60X0542811101000000123456
JO94CBJO0010000000000131000302 KZ86125KZT5004100100 XK051212012345678906
KW81CBKU0000000000001234560101 LV80BANK0000435195001 LB62099900000001001901229114
LI21088100002324013AA LT121000011101001000 LU280019400644750000
MT84MALT011000012345MTLCAST001S MR1300020001010000123456753 MU17BOMM0101101030300200000MUR
MD24AG000225100013104168 MC5811222000010123456789030 ME25505000012345678951
NL91ABNA0417164300 MK07250120000058984 NO9386011117947 PK36SCBL0000001123456702
PS92PALS000000000400123456702 PL61109010140000071219812874 PT50000201231234567890154
QA58DOHB00001234567890ABCDEFG RO49AAAA1B31007593840000 SM86U0322509800000000270100
SA0380000000608010167519 RS35260005601001611379 SK3112000000198742637541 SI56263300012039086
ES9121000418450200051332 SE4550000000058398257466 CH9300762011623852957
TN5910006035183598478831 TR330006100519786457841326 AE070331234567890123456
GB29NWBK60161331926819 VA59001123000012345678 VG96VPVG0000012345678901
"""
PRESIDIO_VALID_IBANS = _IBAN_TEXT.split()


def _writings(iban: str) -> list[str]:
    grouped = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    # "DE 89 3704 0044 …": the country code parted from the check digits
    parted = f"{iban[:2]} {iban[2:4]} " + " ".join(iban[i : i + 4] for i in range(4, len(iban), 4))
    return [iban, grouped, iban.lower(), grouped.lower(), parted, parted.replace(" ", "-")]


@pytest.mark.parametrize("iban", PRESIDIO_VALID_IBANS)
def test_every_iban_presidio_publishes_is_found_in_any_case_and_grouping(iban: str) -> None:
    assert iban_valid(iban)
    for written in _writings(iban):
        text = f"please pay into {written} from now on"
        assert [text[d.start : d.end] for d in find_ibans(text)] == [written], text


@pytest.mark.parametrize("iban", PRESIDIO_VALID_IBANS)
def test_the_same_iban_with_a_wrong_check_digit_or_length_is_not_one(iban: str) -> None:
    last = iban[-1]
    wrong = iban[:-1] + ("0" if last == "1" else "1") if last.isdigit() else iban[:-1] + "9"
    assert not iban_valid(wrong)
    assert not iban_valid(iban + "0")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Presidio test_credit_card_recognizer.py's Visa Electron number, glued to its label
        ("card number4917300800000000 cvv on the back", "4917300800000000"),
        ("paid with visa4111111111111111 yesterday", "4111111111111111"),
    ],
)
def test_card_glued_to_a_word_is_found(detector: Any, text: str, value: str) -> None:
    found = [(d.entity_type, text[d.start : d.end]) for d in detector.detect(text)]
    assert ("CREDIT_CARD", value) in found, found


# amedeiros/dl_validator test_helper.rb's state formats that Presidio's patterns miss, and
# Presidio's own Washington example (test_us_driver_license_recognizer.py, older versions).
STATE_LICENCES = ["c1234567", "AA1B2**9ABA7", "L1234G6J89012", "123ghk456QWE", "h12345678"]


@pytest.mark.parametrize("value", STATE_LICENCES)
def test_state_licence_after_a_licence_word_is_found(detector: Any, value: str) -> None:
    text = f"my driver's license is {value} if you need it"
    found = {(d.entity_type, text[d.start : d.end]) for d in detector.detect(text)}
    assert ("US_DRIVER_LICENSE", value) in found, found


@pytest.mark.parametrize("value", STATE_LICENCES)
def test_the_same_shapes_without_a_licence_word_are_no_licence(detector: Any, value: str) -> None:
    text = f"Order {value} shipped on Monday."
    assert "US_DRIVER_LICENSE" not in {d.entity_type for d in detector.detect(text)}


@pytest.mark.parametrize("placement", ["message", "speak"])
def test_no_published_identifier_survives_the_engine(engine: Engine, placement: Any) -> None:
    sentences = read_marked(PUBLISHED)
    report = evaluate_text(engine, sentences, (placement,), keep_misses=True)
    assert sum(report.mentions.values()) >= 150
    survivors = [(m.entity, m.value) for m in report.misses if m.entity != "over-redacted"]
    assert survivors == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # libphonenumber's US and GB example numbers glued to any word
        ("callme2015550123 tonight", "2015550123"),
        ("mobile07400123456 is new", "07400123456"),
        ("whatsapp+447400123456 pls", "447400123456"),
        ("call 201\u2013555\u20130123 now", "0123"),  # en dashes
        ("call 0121\u2011234\u20115678 please", "5678"),  # non-breaking hyphens
        ("phone: 2015550123x12", "0123"),  # an extension glued to the number
        # Presidio's test cards written with dots (the first three groups read as a MAC address)
        ("card 4111.1111.1111.1111 please", "1111"),
        ("card 4012.8888.8888.1881 exp 09/27", "1881"),
        # Presidio's valid NINOs (test_uk_nino_recognizer.py) with dashes or dots
        ("NINO AA-12-34-56-B for payroll", "56"),
        ("ni number yz.61.48.68.b please", "68"),
        # a prefix Presidio refuses (its "invalid" example) after a NINO word is still redacted
        ("nino: nt 99 88 77 a", "88"),
    ],
)
def test_written_variants_of_published_values_are_redacted(
    sanitize: Any, text: str, value: str
) -> None:
    event = {"event_id": "e1", "event_type": "feedback", "properties": {"message": text}}
    out = sanitize("analytics_events", event).record["properties"]["message"]
    assert value not in out, out


def test_the_nino_shape_without_a_nino_word_is_no_nino(detector: Any) -> None:
    text = "Order nt 99 88 77 a shipped on Monday."
    assert "UK_NINO" not in {d.entity_type for d in detector.detect(text)}
