"""Generated values are valid of their kind: phones, cards, IBANs, SSNs, names, templates."""

from __future__ import annotations

import random
import re

import phonenumbers
import pytest

from pipeline.corpus import LabelledEvent, Planted, generate_mixed
from pipeline.corpus.financial import FinancialFactory, iban_valid, luhn_valid
from pipeline.corpus.forms import digits, name_tokens
from pipeline.corpus.message_templates import BENIGN_MESSAGES, PII_MESSAGES, SPEECH_TRANSCRIPTS
from pipeline.corpus.people import HARD_FIRST_NAMES, HARD_LAST_NAMES
from pipeline.corpus.phones import REGIONS, TEXT_STYLES, PhoneFactory
from pipeline.corpus.sources import Sources
from pipeline.corpus.speak_templates import BENIGN_SPEAK, PII_SPEAK
from pipeline.corpus.text import fill
from pipeline.corpus.vocabulary import is_ordinary_word

_E164 = re.compile(r"\+\d{8,15}")
_SSN = re.compile(r"(\d{3})[- ]?(\d{2})[- ]?(\d{4})")


@pytest.fixture(scope="module")
def planted() -> list[Planted]:
    events: list[LabelledEvent] = generate_mixed(900, seed=21)
    return [p for event in events for p in event.planted]


def _of(planted: list[Planted], entity_type: str) -> list[Planted]:
    found = [p for p in planted if p.entity_type == entity_type]
    assert found, entity_type
    return found


def test_planted_phones_are_valid_numbers(planted: list[Planted]) -> None:
    for phone in _of(planted, "PHONE_NUMBER"):
        e164 = [form for form in phone.leak_forms if _E164.fullmatch(form)]
        assert len(e164) == 1, phone
        assert phonenumbers.is_valid_number(phonenumbers.parse(e164[0]))


def test_phones_come_in_many_regions_and_formats(planted: list[Planted]) -> None:
    phones = _of(planted, "PHONE_NUMBER")
    prefixes = {form[:3] for p in phones for form in p.leak_forms if form.startswith("+")}
    assert len(prefixes) >= 10
    values = [p.value for p in phones]
    assert any(value.startswith("%2B") for value in values)
    assert any(value.isdigit() for value in values)
    assert any("(" in value for value in values)
    assert any(" " in value and value.startswith("+") for value in values)


@pytest.mark.parametrize("region", REGIONS)
def test_phone_factory_makes_valid_numbers_of_the_region(region: str) -> None:
    factory = PhoneFactory(random.Random(region))
    for _ in range(30):
        phone = factory.make(region)
        assert phonenumbers.is_valid_number_for_region(phone.number, region)
        for style in TEXT_STYLES:
            reparsed = phonenumbers.parse(phone.render(style), region)
            assert phonenumbers.format_number(reparsed, 0) == phone.e164


def test_planted_cards_pass_luhn_and_come_in_several_brands(planted: list[Planted]) -> None:
    cards = _of(planted, "CREDIT_CARD")
    for card in cards:
        assert luhn_valid(digits(card.value)), card
        assert digits(card.value) in card.leak_forms
    assert {digits(card.value)[0] for card in cards} >= {"3", "4", "5", "6"}
    assert any("-" in card.value for card in cards)
    assert any(" " in card.value for card in cards)


def test_planted_ibans_pass_the_mod97_check(planted: list[Planted]) -> None:
    for iban in _of(planted, "IBAN_CODE"):
        assert iban_valid(iban.value), iban


def test_planted_ssns_have_a_valid_format(planted: list[Planted]) -> None:
    for ssn in _of(planted, "US_SSN"):
        match = _SSN.fullmatch(ssn.value)
        assert match is not None, ssn
        area, group, serial = match.groups()
        assert area not in ("000", "666") and not area.startswith("9")
        assert group != "00" and serial != "0000"


def test_dates_of_birth_come_in_several_formats(planted: list[Planted]) -> None:
    values = [p.value for p in _of(planted, "DATE_OF_BIRTH")]
    assert any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) for value in values)
    assert any(re.fullmatch(r"\d{2}/\d{2}/\d{4}", value) for value in values)
    assert any(re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", value) for value in values)
    assert any(re.search(r"[A-Z][a-z]+", value) for value in values)


def test_names_include_apostrophes_hyphens_accents_and_lower_case(planted: list[Planted]) -> None:
    names = [p.value for p in _of(planted, "PERSON")]
    assert any("'" in name for name in names)
    assert any("-" in name for name in names)
    assert any(not name.isascii() for name in names)
    assert any(name.islower() for name in names)
    assert any(name.isupper() for name in names)


def test_emails_appear_url_encoded_and_capitalised(planted: list[Planted]) -> None:
    emails = _of(planted, "EMAIL_ADDRESS")
    assert any("%40" in email.value for email in emails)
    assert any(email.value != email.value.lower() and "@" in email.value for email in emails)
    for email in emails:
        assert any(form == form.lower() and "@" in form for form in email.leak_forms)


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("Jean-Luc Müller", ("Jean-Luc", "Jean", "Luc", "Müller")),
        ("Siobhan O'Brien", ("Siobhan", "O'Brien", "Brien")),
        ("Mark Page", ()),
        ("Grace van der Berg", ("Berg",)),
        ("Li Wu", ()),
    ],
)
def test_name_tokens_skip_short_parts_particles_and_ordinary_words(
    name: str, tokens: tuple[str, ...]
) -> None:
    assert name_tokens(name) == tokens


def test_words_of_benign_templates_are_never_name_tokens() -> None:
    for word in ("Press", "sales", "balance", "appointment", "Chrome", "France", "page"):
        assert is_ordinary_word(word)
    for name in (*HARD_FIRST_NAMES, *HARD_LAST_NAMES):
        assert any(not is_ordinary_word(part) for part in name.split()), name


@pytest.mark.parametrize(
    "templates",
    [PII_SPEAK, BENIGN_SPEAK, PII_MESSAGES, BENIGN_MESSAGES, SPEECH_TRANSCRIPTS],
    ids=["speak", "benign_speak", "messages", "benign_messages", "transcripts"],
)
def test_each_free_text_kind_has_at_least_25_templates(templates: tuple[str, ...]) -> None:
    assert len(set(templates)) >= 25


@pytest.mark.parametrize("template", PII_SPEAK + PII_MESSAGES + SPEECH_TRANSCRIPTS)
def test_pii_templates_fill_and_label_their_slots(template: str) -> None:
    src = Sources.seeded(template)
    text = fill(template, src.slots(src.people.make()))
    for fragment in text.fragments:
        assert fragment.text in text.string
    assert "{" not in text.string


@pytest.mark.parametrize("template", BENIGN_SPEAK + BENIGN_MESSAGES)
def test_benign_templates_need_no_personal_slot(template: str) -> None:
    src = Sources.seeded(0)
    text = fill(template, src.number_slots())
    assert text.fragments == ()


def test_card_factory_groups_amex_as_four_six_five() -> None:
    factory = FinancialFactory(random.Random(1))
    groupings = {tuple(len(part) for part in factory.card(" ").text.split()) for _ in range(200)}
    assert (4, 6, 5) in groupings
    assert (4, 4, 4, 4) in groupings
