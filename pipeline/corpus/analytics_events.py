"""Raw `analytics_events`: product analytics hits (Segment-like) from web and mobile clients."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote_plus

from pipeline.corpus import catalog
from pipeline.corpus.builder import Keep, Labels, Spec, blank_some, materialize
from pipeline.corpus.forms import Fragment
from pipeline.corpus.labels import LabelledEvent
from pipeline.corpus.message_templates import BENIGN_MESSAGES, PII_MESSAGES
from pipeline.corpus.people import Person
from pipeline.corpus.phones import TEXT_STYLES
from pipeline.corpus.sources import Sources
from pipeline.corpus.text import Text, join
from pipeline.corpus.unknown_keys import unknown_properties

MISSING_RATE = 0.02


def _email_in_url(src: Sources, person: Person) -> Fragment:
    email = person.email_address()
    return email.mapped(quote_plus) if src.chance(0.6) else email


def _url(src: Sources, labels: Labels, person: Person, event_type: str) -> str:
    rng = src.rng
    page = rng.choice(catalog.SITE_PATHS)
    if src.chance(0.04):
        # Some apps put the e-mail address in the path itself.
        path = Text.of("/users/", person.email_address(), "/profile")
    else:
        path = Text.of(labels.keep("url", page, "contains"))
    params: list[Text] = []
    if src.chance(0.4):
        params.append(
            Text.of(
                f"utm_source={rng.choice(catalog.UTM_SOURCES)}"
                f"&utm_medium={rng.choice(catalog.UTM_MEDIUMS)}"
                f"&utm_campaign={rng.choice(catalog.UTM_CAMPAIGNS)}"
            )
        )
    roll = rng.random()
    if roll < 0.15:
        params.append(Text.of("email=", _email_in_url(src, person)))
    elif roll < 0.25:
        phone = person.phone.fragment(rng.choice(TEXT_STYLES)).mapped(quote_plus)
        params.append(Text.of("phone=", phone))
    elif roll < 0.33:
        params.append(Text.of("name=", person.name("full").mapped(quote_plus)))
    elif roll < 0.4:
        key = rng.choice(("token", "reset_token", "access_token"))
        params.append(Text.of(f"{key}=", src.ids.url_token()))
    if event_type == "search":
        params.append(Text.of("q=" + quote_plus(rng.choice(catalog.SEARCH_QUERIES))))
    url = Text.of(rng.choice(catalog.SITE_ORIGINS), path)
    if params:
        url = Text.of(url, "?", join("&", params))
    return labels.text("url", url)


def _referrer(src: Sources, person: Person) -> Spec:
    roll = src.rng.random()
    if roll < 0.6:
        return src.rng.choice(catalog.REFERRERS)
    if roll < 0.7:
        return Text.of(
            src.rng.choice(catalog.SITE_ORIGINS),
            "/reset-password?email=",
            _email_in_url(src, person),
        )
    return "" if roll < 0.8 else None


def _message(src: Sources, person: Person) -> Spec:
    if src.chance(0.6):
        return src.sentence(PII_MESSAGES, person)
    return Keep(src.benign(BENIGN_MESSAGES))


def _properties(src: Sources, person: Person, event_type: str) -> dict[str, Spec]:
    rng = src.rng
    phone = person.phone.fragment(rng.choice(TEXT_STYLES))
    dob = person.date_of_birth(src.people.dob_style())
    names: dict[str, Spec] = (
        {"first_name": person.name("first"), "last_name": person.name("last")}
        if person.splittable
        else {"name": person.name("full")}
    )
    price = round(rng.uniform(5, 500), 2)
    builders: dict[str, Callable[[], dict[str, Spec]]] = {
        "signup": lambda: {
            "email": person.email_address(),
            "full_name": person.name("full"),
            "phone": phone,
            "plan": Keep(rng.choice(catalog.PLANS)),
            "date_of_birth": dob if src.chance(0.5) else None,
            "marketing_opt_in": Keep(src.chance(0.5)),
        },
        "form_submit": lambda: {
            "form_id": Keep(rng.choice(catalog.FORM_IDS)),
            "fields": {
                **names,
                "email": person.email_address(),
                "phone": phone,
                "message": _message(src, person),
                "address": {
                    "street": person.address("street"),
                    "city": person.city,
                    "postcode": person.postcode,
                    "country": Keep(person.phone.region),
                },
            },
        },
        "purchase": lambda: {
            "order_id": Keep(f"ord_{rng.getrandbits(48):012x}"),
            "amount": Keep(price),
            "currency": Keep(rng.choice(catalog.CURRENCIES)),
            "items": [
                {"sku": Keep(f"SKU-{rng.randint(100, 999)}"), "quantity": Keep(rng.randint(1, 4))}
                for _ in range(rng.randint(1, 3))
            ],
            "payment": {
                "method": Keep("card"),
                "card_number": src.money.card() if src.chance(0.7) else None,
                "iban": src.money.iban() if src.chance(0.3) else None,
            },
            "billing_address": person.address("full"),
        },
        "identify": lambda: {
            "traits": {
                "email": person.email_address(),
                "name": person.name("full"),
                "phone": phone,
                "birthday": dob,
                "ssn": src.money.ssn() if src.chance(0.2) else None,
                "address": {"street": person.address("street"), "city": person.city},
                "created_at": Keep(src.timestamp().isoformat()),
            }
        },
        "search": lambda: {
            "query": (
                Keep(rng.choice(catalog.SEARCH_QUERIES))
                if src.chance(0.7)
                else rng.choice((person.name("full"), person.email_address(), phone))
            ),
            "results": Keep(rng.randint(0, 40)),
        },
        "login": lambda: {
            "method": Keep(rng.choice(catalog.LOGIN_METHODS)),
            "email": person.email_address() if src.chance(0.5) else None,
        },
        "newsletter_subscribe": lambda: {
            "email": person.email_address(),
            "source": Keep("footer"),
        },
        "page_view": lambda: {
            "title": Keep(rng.choice(catalog.PAGE_TITLES)),
            "viewport": {"width": Keep(rng.choice((390, 768, 1440))), "height": Keep(900)},
        },
        "click": lambda: {
            "button_id": Keep(rng.choice(catalog.BUTTON_IDS)),
            "label": Keep(rng.choice(catalog.BUTTON_LABELS)),
        },
        "add_to_cart": lambda: {"sku": Keep(f"SKU-{rng.randint(100, 999)}"), "price": Keep(price)},
        "logout": lambda: {"session_s": Keep(rng.randint(5, 7200))},
    }
    builders["checkout_started"] = builders["purchase"]
    properties = builders.get(event_type, lambda: {"position_s": Keep(rng.randint(0, 600))})()
    if src.chance(0.15):
        properties["message"] = _message(src, person)
    if src.chance(0.35):
        properties.update(unknown_properties(src, person))
    return properties


def analytics_event(src: Sources) -> LabelledEvent:
    """One analytics hit with its labels."""
    rng = src.rng
    labels = Labels()
    person = src.people.make()
    event_type = rng.choice(catalog.EVENT_TYPES)
    moment = src.timestamp()
    timestamp = f"{moment:%Y-%m-%dT%H:%M:%S}.{rng.randrange(1000):03d}Z"
    spec: dict[str, Spec] = {
        "event_id": Keep(src.ids.uuid4()),
        "timestamp": Keep(timestamp),
        "event_type": Keep(event_type),
        "anonymous_id": src.ids.cookie_id(),
        "account_id": src.ids.account_id() if src.chance(0.6) else None,
        "ip": src.ids.ip(),
        "user_agent": rng.choice(catalog.USER_AGENTS),
        "url": _url(src, labels, person, event_type),
        "referrer": _referrer(src, person),
        "properties": _properties(src, person, event_type),
    }
    event: dict[str, Any] = materialize(spec, "", labels)
    blank_some(event, labels, rng, MISSING_RATE, [key for key in event if key != "event_id"])
    return labels.labelled("analytics_events", event)
