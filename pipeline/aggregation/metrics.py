"""The four released metrics: what a sanitized record contributes, and what a cell publishes.

Dimension values are normalised to closed, safe vocabularies here (a value that does not look
like a country, a cause name or a path becomes "other"), so free text never becomes a cell key;
the release schema checks the same again before anything is published.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Literal
from urllib.parse import urlsplit

from pipeline.aggregation.cells import CellKey, CellTotals, Contribution
from pipeline.aggregation.windows import DAY, HOUR, parse_timestamp

MetricName = Literal[
    "analytics.call_volume", "analytics.web_traffic", "analytics.webhook_health", "ads.audience"
]
DropReason = Literal["no_timestamp", "no_subject", "invalid", "late", "other_window", "consent"]

TOKEN = re.compile(r"^tok_[0-9a-f]{32}$")
TOKEN_ANYWHERE = re.compile(r"tok_[0-9a-f]{32}")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_PHONE_COUNTRY = re.compile(r"^([A-Z]{2}|NANP)$")  # NANP: +1 of no single region
_CAUSE = re.compile(r"^[A-Z][A-Z_]{0,63}$")
_WORD = re.compile(r"^[a-z][a-z_-]{0,31}$")
_FAMILY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._()/+-]{0,63}$")
_DOMAIN = re.compile(r"^[a-z0-9]([a-z0-9-]{0,62}\.)+[a-z]{2,63}$")
_PATH = re.compile(r"^/[A-Za-z0-9._~%<>/+-]{0,199}$")
_DEVICE = frozenset({"desktop", "mobile", "tablet", "bot", "other"})


class Unusable(Exception):
    """A record cannot be attributed to a window or a subject; it is dropped and counted."""

    def __init__(self, reason: DropReason) -> None:
        self.reason: DropReason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Observation:
    """One record's contribution: when, to which cell, by which subject."""

    at: datetime
    key: CellKey
    subject: str
    contribution: Contribution


@dataclass(frozen=True)
class MetricSpec:
    """How one metric is computed and released."""

    name: MetricName
    stream: str
    schema: str  # document name under schemas/, e.g. "analytics/call_volume"
    dimensions: tuple[str, ...]
    margin: str | None  # the one dimension whose margins are published (None: total only)
    default_k: int
    window: timedelta
    observe: Callable[[Mapping[str, Any]], Observation]
    measures: Callable[[CellTotals], dict[str, Any]]
    additive: tuple[str, ...]  # measures that sum over cells (what an attacker can subtract)
    subject: str = ""  # what one "subject" of k is, for this metric (README, reports)
    # free-form dimensions: a value seen from fewer than k subjects of the window becomes
    # "other" (unless allow-listed), so a personal referrer domain or slug never keys a cell
    popular_only: tuple[str, ...] = ()


def _category(value: object, pattern: re.Pattern[str], missing: str = "unknown") -> str:
    if value is None or value == "":
        return missing
    if isinstance(value, str) and pattern.match(value) and not TOKEN_ANYWHERE.search(value):
        return value
    return "other"


def _subject(*values: object) -> str:
    """The first token among `values`: callers pass the strongest key first (an account or a
    phone before a cookie), so one person with ten cookies counts once when logged in."""
    for value in values:
        if isinstance(value, str) and TOKEN.match(value):
            return value
    raise Unusable("no_subject")


def _moment(record: Mapping[str, Any], *fields: str) -> datetime:
    for name in fields:
        moment = parse_timestamp(record.get(name))
        if moment is not None:
            return moment
    raise Unusable("no_timestamp")


def _sub(record: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = record.get(name)
    return value if isinstance(value, Mapping) else {}


def _whole(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Unusable("invalid")
    if isinstance(value, float) and not value.is_integer():
        raise Unusable("invalid")
    return int(value)


def _decimal(value: object) -> Decimal:
    if value is None:
        return Decimal(0)
    if not isinstance(value, str):
        raise Unusable("invalid")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise Unusable("invalid") from None
    if not amount.is_finite():
        raise Unusable("invalid")
    return amount


_ID_SEGMENT = re.compile(r"\d|^<[A-Z_]+>$|^[0-9a-fA-F-]{16,}$|^[A-Za-z0-9_-]{25,}$|@|%40")


def generalise_path(path: str) -> str:
    """Segments that hold an id, a redacted value or an address become `<ID>` (`/users/<ID>`)."""
    return "/".join("<ID>" if _ID_SEGMENT.search(seg) else seg for seg in path.split("/"))


def _path(url: object) -> str:
    if not isinstance(url, str) or not url:
        return "unknown"
    try:
        path = urlsplit(url).path or "/"
    except ValueError:
        return "other"
    return _category(generalise_path(path), _PATH)


def _referrer(value: object) -> str:
    return _category(value.lower() if isinstance(value, str) else value, _DOMAIN, "none")


def _country(record: Mapping[str, Any]) -> str:
    # Sanitized events carry no country today (IPs are kept as prefixes); use one if it appears.
    value = record.get("country") or _sub(record, "ip").get("country")
    return _category(value, _COUNTRY)


def _browser(record: Mapping[str, Any]) -> tuple[str, str, str]:
    agent = _sub(record, "user_agent")
    device = agent.get("device_class")
    return (
        _category(agent.get("browser_family"), _FAMILY),
        _category(agent.get("os_family"), _FAMILY),
        device if isinstance(device, str) and device in _DEVICE else "unknown",
    )


def observe_call(record: Mapping[str, Any]) -> Observation:
    """analytics.call_volume: the subject is the party outside the account (caller or callee)."""
    at = _moment(record, "initiation_time", "end_time")
    source, target = _sub(record, "from_number"), _sub(record, "to_number")
    direction = _category(record.get("call_direction"), _WORD)
    if direction == "inbound":
        subject = _subject(source.get("token"))
    elif direction == "outbound":
        subject = _subject(target.get("token"))
    else:
        raise Unusable("no_subject")
    key = (
        _category(source.get("country"), _PHONE_COUNTRY),
        _category(target.get("country"), _PHONE_COUNTRY),
        direction,
        _category(record.get("hangup_cause_name"), _CAUSE),
    )
    contribution = Contribution(
        billed_seconds=_whole(record.get("bill_duration")),
        amount=_decimal(record.get("total_amount")),
    )
    return Observation(at, key, subject, contribution)


def observe_page(record: Mapping[str, Any]) -> Observation:
    """analytics.web_traffic: one cell per path, browser, OS, device, country and referrer."""
    at = _moment(record, "timestamp")
    subject = _subject(record.get("account_id"), record.get("anonymous_id"))
    kind = record.get("event_type")
    browser, system, device = _browser(record)
    path, country, referrer = (
        _path(record.get("url")),
        _country(record),
        _referrer(record.get("referrer")),
    )
    key = (path, browser, system, device, country, referrer)
    return Observation(
        at,
        key,
        subject,
        Contribution(page_views=int(kind == "page_view"), signups=int(kind == "signup")),
    )


def _status_class(record: Mapping[str, Any]) -> str:
    status = _sub(record, "response").get("status")
    if status is None:
        return "none"
    if isinstance(status, int) and not isinstance(status, bool) and 100 <= status <= 599:
        return f"{status // 100}xx"
    return "other"


def observe_webhook(record: Mapping[str, Any]) -> Observation:
    """analytics.webhook_health: one cell per response status class; the subject is the call."""
    at = _moment(record, "timestamp")
    subject = _subject(record.get("account_id"), record.get("call_uuid"))
    latency = record.get("latency_ms")
    usable = isinstance(latency, int | float) and not isinstance(latency, bool) and latency >= 0
    contribution = Contribution(latency_ms=float(latency) if usable else None)  # type: ignore[arg-type]
    return Observation(at, (_status_class(record),), subject, contribution)


def observe_audience(record: Mapping[str, Any]) -> Observation:
    """ads.audience: coarser cells (country, browser, referrer) over a day."""
    at = _moment(record, "timestamp")
    subject = _subject(record.get("account_id"), record.get("anonymous_id"))
    browser, _, _ = _browser(record)
    key = (_country(record), browser, _referrer(record.get("referrer")))
    return Observation(at, key, subject, Contribution())


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value.is_integer() else value


METRICS: Mapping[MetricName, MetricSpec] = {
    spec.name: spec
    for spec in (
        MetricSpec(
            name="analytics.call_volume",
            stream="call_logs",
            schema="analytics/call_volume",
            dimensions=("origin_country", "destination_country", "direction", "hangup_cause"),
            margin="origin_country",
            default_k=10,
            window=HOUR,
            observe=observe_call,
            measures=lambda t: {
                "calls": t.events,
                "billed_seconds": t.billed_seconds,
                "amount": str(t.amount),
            },
            additive=("calls", "billed_seconds", "amount"),
            subject="the party outside the account: the caller's phone token (inbound), the "
            "callee's (outbound)",
        ),
        MetricSpec(
            name="analytics.web_traffic",
            stream="analytics_events",
            schema="analytics/web_traffic",
            dimensions=(
                "path",
                "browser_family",
                "os_family",
                "device_class",
                "country",
                "referrer_domain",
            ),
            margin="path",
            default_k=10,
            window=HOUR,
            observe=observe_page,
            measures=lambda t: {
                "page_views": t.page_views,
                "distinct_visitors": t.subjects,
                "signups": t.signups,
            },
            additive=("page_views", "signups"),
            subject="the account token when the visitor is logged in, else the cookie token",
            popular_only=("path", "referrer_domain"),
        ),
        MetricSpec(
            name="analytics.webhook_health",
            stream="notification_logs",
            schema="analytics/webhook_health",
            dimensions=("status_class",),
            margin=None,
            default_k=10,
            window=HOUR,
            observe=observe_webhook,
            measures=lambda t: {
                "requests": t.events,
                "latency_p50_ms": _number(t.latency(50)),
                "latency_p95_ms": _number(t.latency(95)),
            },
            additive=("requests",),
            subject="the account token (the customer whose webhooks they are), else the call",
        ),
        MetricSpec(
            name="ads.audience",
            stream="analytics_events",
            schema="ads/audience",
            dimensions=("country", "browser_family", "referrer_domain"),
            margin="country",
            default_k=50,
            window=DAY,
            observe=observe_audience,
            measures=lambda t: {"distinct_visitors": t.subjects},
            additive=(),
            subject="the account token when the visitor is logged in, else the cookie token",
            popular_only=("referrer_domain",),
        ),
    )
}

# Referrer domains kept whatever their count in a window (search engines, social networks).
REFERRER_ALLOW = frozenset(
    {
        "google.com",
        "bing.com",
        "duckduckgo.com",
        "yahoo.com",
        "baidu.com",
        "yandex.ru",
        "t.co",
        "facebook.com",
        "linkedin.com",
        "reddit.com",
        "ycombinator.com",
        "youtube.com",
        "instagram.com",
        "none",
        "other",
        "unknown",
    }
)
