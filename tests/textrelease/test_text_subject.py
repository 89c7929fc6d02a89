"""Who counts once towards the free-text k: the strongest key an event has (phone, else account,
else cookie or call). A webhook keyed by call ids alone used to count each call as a subject,
so one customer's ten calls made a sentence common; a logged-in visitor with several cookies
counted once per cookie."""

from __future__ import annotations

import json
from typing import Any

from pipeline.textrelease import TemplateCounts, is_withheld
from tests.textrelease import test_release_in_records
from tests.textrelease.test_release_in_records import K, Make

make = test_release_in_records.make  # the fixture: a processor with its own counts
SENTENCE = "the courier quenvik left the parcel behind the zorblatt shed"
ACCOUNT = "MA35T32N18G3QIJHR0MX"


def _webhook(n: int, account: str, form: bool = False) -> dict[str, Any]:
    """A call-status webhook: a JSON body (no number the processor reads) unless `form`."""
    body = (
        f"From=%2B4475041163{n:02d}&CallUUID=call-{n}&Direction=inbound"
        if form
        else json.dumps({"CallUUID": f"call-{n}", "CallStatus": "ringing"})
    )
    return {
        "event_id": f"evt-{n}",
        "account_id": account,
        "call_uuid": f"call-{n}",
        "timestamp": "2026-01-02T03:04:05Z",
        "request": {
            "method": "POST",
            "url": "https://example.com/webhooks/call-status",
            "headers": {"Content-Type": "application/json"},
            "body": body,
        },
        "response": {
            "status": 200,
            "headers": {"Content-Type": "text/plain"},
            "body": SENTENCE,
        },
        "latency_ms": 100,
    }


def _subjects(make: Make, stream: str, events: list[dict[str, Any]]) -> list[int]:
    """Distinct subjects counted per template the events' texts made."""
    counts = TemplateCounts(K)
    processor = make(counts=counts)
    processor.process(stream, [json.dumps(e).encode() for e in events])  # type: ignore[arg-type]
    return sorted(counts.distinct(fp) for fp, _ in counts.drain())


def test_one_customers_calls_count_once_and_numbers_count_as_people(make: Make) -> None:
    calls = [_webhook(n, ACCOUNT) for n in range(2 * K)]
    assert _subjects(make, "notification_logs", calls)[-1:] == [1]  # was 2 * K: a call each
    others = [_webhook(n, f"MA{n:018d}") for n in range(K)]
    assert _subjects(make, "notification_logs", others)[-1:] == [K]  # K customers
    people = [_webhook(n, ACCOUNT, form=True) for n in range(K)]
    assert _subjects(make, "notification_logs", people)[-1:] == [K]  # the phone before the account


def _visit(n: int, cookie: str, account: str | None) -> dict[str, Any]:
    event: dict[str, Any] = {
        "event_id": f"evt-{n}",
        "timestamp": "2026-01-02T03:04:05Z",
        "event_type": "form_submit",
        "anonymous_id": cookie,
        "properties": {"message": SENTENCE},
    }
    if account is not None:
        event["account_id"] = account
    return event


def test_a_logged_in_visitor_with_many_cookies_counts_once(make: Make) -> None:
    counts = TemplateCounts(K)
    processor = make(counts=counts)
    events = [_visit(n, f"ajs_{n}", "SA00000000000000000001") for n in range(2 * K)]
    out = processor.process("analytics_events", [json.dumps(e).encode() for e in events])
    assert all(is_withheld(o.record["properties"]["message"]) for o in out)  # type: ignore[union-attr]
    [(fingerprint, _)] = counts.drain()
    assert counts.distinct(fingerprint) == 1
    assert _subjects(make, "analytics_events", [_visit(n, f"ajs_{n}", None) for n in range(K)]) == [
        K
    ]
