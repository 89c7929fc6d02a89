"""Released records validate against their schemas; anything else is blocked (fail closed)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.aggregation import METRICS, MetricName, ReleaseValidator, aggregate_window
from pipeline.aggregation.cells import Cell, CellTable, Contribution
from pipeline.aggregation.release import release_window
from pipeline.aggregation.windows import WindowSpec, parse_timestamp
from pipeline.errors import SchemaError
from tests.aggregation.support import rows, token

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def _schema(metric: MetricName) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{METRICS[metric].schema}.json").read_text())


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(list(METRICS)).flatmap(lambda m: st.tuples(st.just(m), rows(m))))
def test_released_records_validate_and_carry_no_token_or_account_id(
    case: tuple[MetricName, list[dict[str, Any]]],
) -> None:
    metric, records = case
    if not records:
        return
    release = aggregate_window(records, metric, k=2)
    schema = _schema(metric)
    for record in release.records:
        jsonschema.validate(record, schema)
        text = json.dumps(record)
        assert "tok_" not in text
        assert "account" not in text
    assert release.blocked == 0


@pytest.mark.parametrize("metric", list(METRICS))
def test_a_released_record_with_an_extra_field_is_blocked(metric: MetricName) -> None:
    validator = ReleaseValidator.from_directory()
    spec = METRICS[metric]
    record = {
        "metric": metric,
        "kind": "total",
        "window_start": "2025-05-01T10:00:00Z",
        "window_end": "2025-05-01T11:00:00Z",
    } | spec.measures(Cell().totals())
    assert validator.accepts(spec.schema, record)
    assert not validator.accepts(spec.schema, record | {"account_id": "acme"})
    assert not validator.accepts(spec.schema, record | {"note": "hello"})


def test_cells_that_fail_the_schema_are_blocked_counted_and_treated_as_suppressed() -> None:
    spec = METRICS["analytics.webhook_health"]
    leaky = dataclasses.replace(
        spec, measures=lambda t: spec.measures(t) | ({"account_id": "x"} if t.events == 3 else {})
    )
    table = CellTable()
    for subject in range(3):
        table.add(("5xx",), token(subject), Contribution(latency_ms=1.0))
    for subject in range(3, 20):
        table.add(("2xx",), token(subject), Contribution(latency_ms=1.0))
    moment = parse_timestamp("2025-05-01T10:00:00Z")
    assert moment is not None
    release = release_window(
        leaky, WindowSpec().window_of(moment), table, 1, ReleaseValidator.from_directory()
    )
    assert release.blocked == 1
    assert all("account_id" not in record for record in release.records)
    # the blocked 5xx cell is an unknown the total would reveal, so 2xx is suppressed with it
    assert (release.released, release.suppressed) == (0, 2)
    [total] = release.records
    assert (total["kind"], total["requests"]) == ("total", 20)


def test_a_token_in_a_dimension_value_never_reaches_a_released_record() -> None:
    records = [
        {
            "timestamp": "2025-05-01T10:00:00Z",
            "anonymous_id": token(i),
            "event_type": "page_view",
            "url": f"https://www.voxly.io/u/{token(7)}/settings",
            "user_agent": {
                "browser_family": token(8),
                "os_family": "iOS",
                "device_class": "mobile",
            },
            "referrer": "google.com",
        }
        for i in range(12)
    ]
    release = aggregate_window(records, "analytics.web_traffic", k=10)
    assert release.released == 1
    assert "tok_" not in json.dumps(release.records)
    [cell] = [r for r in release.records if r["kind"] == "cell"]
    # the path keeps its shape with the token replaced; the browser value is not a family name
    assert (cell["path"], cell["browser_family"]) == ("/u/<ID>/settings", "other")


def test_a_release_schema_that_allows_extra_fields_is_refused() -> None:
    documents = {
        name: json.loads((SCHEMAS / f"{name}.json").read_text())
        for name in (spec.schema for spec in METRICS.values())
    }
    documents["ads/audience"]["$defs"]["cell"]["additionalProperties"] = True
    with pytest.raises(SchemaError):
        ReleaseValidator(documents)


def test_consent_schema_accepts_a_consent_record_and_refuses_raw_identifiers() -> None:
    schema = json.loads((SCHEMAS / "control" / "consent.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    record = {
        "subject": token(1),
        "do_not_share": True,
        "do_not_share_at": "2025-05-01T10:00:00Z",
        "under_13": False,
        "erase": False,
        "updated_at": "2025-05-01T10:00:00Z",
    }
    jsonschema.validate(record, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record | {"subject": "+4915112345678"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record | {"email": "a@example.com"}, schema)
