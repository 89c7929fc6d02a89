"""Properties under keys no schema knows, holding PII directly, nested, in lists or as JSON text."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.corpus import catalog
from pipeline.corpus.builder import Keep, Spec
from pipeline.corpus.message_templates import PII_MESSAGES
from pipeline.corpus.people import Person
from pipeline.corpus.phones import TEXT_STYLES
from pipeline.corpus.sources import Sources
from pipeline.corpus.text import Text


def _choices(src: Sources, person: Person) -> dict[str, Callable[[], Spec]]:
    rng = src.rng

    def phone() -> Spec:
        return person.phone.fragment(rng.choice(TEXT_STYLES))

    return {
        "x_contact": person.email_address,
        "ref_person": lambda: person.name("full"),
        "c1": phone,
        "notes": lambda: src.sentence(PII_MESSAGES, person),
        "data": lambda: {"u": {"n": person.name("full"), "e": person.email_address()}},
        "tags": lambda: [
            Keep(rng.choice(catalog.TAG_WORDS)),
            person.email_address(),
            Keep(rng.choice(catalog.TAG_WORDS)),
        ],
        "recipients": lambda: [person.email_address(), src.people.make().email_address()],
        # JSON serialized into a string field: PII inside a value that looks opaque.
        "payload": lambda: Text.of(
            '{"name": "', person.name("full"), '", "phone": "', person.phone.fragment("e164"), '"}'
        ),
        "debug": lambda: Text.of("client_ip=", src.ids.ip(), " retries=2"),
        "bank": src.money.iban,
        "dob": lambda: person.date_of_birth(src.people.dob_style()),
        "cardholder": lambda: person.name(rng.choice(("full", "cnam"))),
        "geo": lambda: {"street": person.address("street_city"), "accuracy_m": Keep(25)},
        "tax_id": src.money.ssn,
        "ip_history": lambda: [src.ids.ip(), src.ids.ip()],
        "secondary": lambda: {"contacts": [{"label": Keep("home"), "value": phone()}]},
    }


def unknown_properties(src: Sources, person: Person) -> dict[str, Spec]:
    """One to three properties a schema would not know."""
    choices = _choices(src, person)
    keys = src.rng.sample(sorted(choices), src.rng.randint(1, 3))
    return {key: choices[key]() for key in keys}
