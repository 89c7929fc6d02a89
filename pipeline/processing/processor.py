"""One batch of raw records of one stream → outcomes (sanitized + vault entries, or rejections)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl

from pipeline.config.loader import LoadedConfig
from pipeline.detection.detector import FreeTextDetector
from pipeline.detection.phones import parse_phone_field
from pipeline.detection.propagate import known_parts
from pipeline.errors import ContractError, InputError
from pipeline.outcome import Outcome, Rejected, Sanitized, StreamName
from pipeline.processing.context import EventContext
from pipeline.processing.decode import decode_record
from pipeline.processing.fields import DROP, walk
from pipeline.transforms.tokens import Tokenizer
from pipeline.vault.cipher import VaultCipher

log = logging.getLogger(__name__)
META_KEY = "_pipeline"


class Processor:
    """Pure processing: no broker, no Faust; the streaming layer routes what this returns."""

    def __init__(
        self,
        config: LoadedConfig,
        detector: FreeTextDetector,
        tokens: Tokenizer,
        cipher: VaultCipher,
    ) -> None:
        self.config = config
        self.detector = detector
        self.tokens = tokens
        self.cipher = cipher

    def process(
        self, stream: StreamName, records: Sequence[bytes | str], *, explain: bool = False
    ) -> list[Outcome]:
        """Outcomes in input order; one bad record never affects the others.

        With `explain`, each sanitized outcome lists a Finding per field (values masked).
        """
        policy = self.config.policy
        outcomes: list[Outcome | None] = [None] * len(records)
        events: list[tuple[int, dict[str, Any]]] = []
        for i, raw in enumerate(records):
            try:
                event = decode_record(raw, policy.limits)
                _check_event_id(event)
                events.append((i, event))
            except InputError as exc:
                outcomes[i] = _rejected(stream, None, exc)
        # First pass: gather every text that needs scanning, so detection runs as one batch.
        collected: set[str] = set()
        live: list[tuple[int, dict[str, Any], set[tuple[str, str]], set[str]]] = []
        for i, event in events:
            texts_of_event: set[str] = set()
            ctx = self._context(stream, event, None, texts_of_event)
            try:
                walk(event, self.config.schemas.raw[stream], "", ctx)
                collected |= texts_of_event
                live.append((i, event, ctx.known, texts_of_event))
            except InputError as exc:
                outcomes[i] = _rejected(stream, event["event_id"], exc)
            except Exception as exc:  # fail closed: the record goes to the dead letters
                outcomes[i] = _internal(stream, event["event_id"], exc)
        texts = sorted(collected)
        results = dict(zip(texts, self.detector.detect_many(texts), strict=True))
        for i, event, known, texts_of_event in live:
            # A name found in one field of an event is looked for in all its other fields.
            names = {
                ("PERSON", text[d.start : d.end])
                for text in texts_of_event
                for d in results[text]
                if d.entity_type == "PERSON"
            }
            parts = known_parts(known | names)
            outcomes[i] = self._second_pass(stream, event, results, parts, explain)
        return [o for o in outcomes if o is not None]

    def _second_pass(
        self, stream: StreamName, event: dict[str, Any], results: Any, known: Any, explain: bool
    ) -> Outcome:
        event_id = event["event_id"]
        ctx = self._context(stream, event, results, set())
        ctx.known_parts = known
        ctx.explain = explain
        try:
            record = walk(event, self.config.schemas.raw[stream], "", ctx)
        except InputError as exc:
            return _rejected(stream, event_id, exc)
        except Exception as exc:
            return _internal(stream, event_id, exc)
        if record is DROP or not isinstance(record, dict):
            return Rejected(event_id, stream, "contract", "record dropped entirely")
        record["event_id"] = event_id
        meta: dict[str, Any] = {"config_version": self.config.version, "stream": stream}
        if ctx.body_drop_reason is not None:
            meta["bodies_dropped"] = ctx.body_drop_reason  # the record says why bodies are null
        record[META_KEY] = meta
        return Sanitized(
            event_id=event_id,
            stream=stream,
            record=record,
            vault=tuple(ctx.vault),
            findings=tuple(ctx.findings),
            subject=ctx.subject,
        )

    def _context(
        self,
        stream: StreamName,
        event: dict[str, Any],
        results: Any,
        collected: set[str],
    ) -> EventContext:
        return EventContext(
            policy=self.config.policy,
            tokens=self.tokens,
            cipher=self.cipher if results is not None else None,
            scan_results=results,
            collected=collected,
            event_id=event["event_id"],
            subject=self._subject(stream, event),
            params_spec=self.config.schemas.callback_params,
            body_drop_reason=self._body_drop_reason(stream, event),
        )

    def _subject(self, stream: StreamName, event: dict[str, Any]) -> str:
        """The token of the person the event is about; the key of the vault and of partitions."""
        regions = self.config.policy.detection.phone_regions
        if stream == "call_logs":
            field = "to_number" if event.get("call_direction") == "outbound" else "from_number"
            for name in (field, "from_number", "to_number"):
                number = event.get(name)
                if isinstance(number, str) and number:
                    return self.tokens.token(
                        "PHONE_NUMBER", parse_phone_field(number, regions).normalized
                    )
        elif stream == "notification_logs":
            request = event.get("request")
            body = request.get("body") if isinstance(request, dict) else None
            if isinstance(body, str) and "=" in body and not body.lstrip().startswith(("<", "{")):
                params = dict(parse_qsl(body))
                field = "To" if params.get("Direction") == "outbound" else "From"
                number = params.get(field) or params.get("From")
                if number:
                    return self.tokens.token(
                        "PHONE_NUMBER", parse_phone_field(number, regions).normalized
                    )
        else:
            cookie = event.get("anonymous_id")
            if isinstance(cookie, str) and cookie:
                return self.tokens.token("COOKIE_ID", cookie)
        call = event.get("call_uuid")
        if isinstance(call, str) and call:
            return self.tokens.token("CALL_ID", call)
        return self.tokens.token("EVENT", str(event["event_id"]))

    def _body_drop_reason(self, stream: StreamName, event: dict[str, Any]) -> str | None:
        if stream != "notification_logs":
            return None
        bodies = self.config.policy.bodies
        if event.get("account_id") in bodies.no_body_logging_accounts:
            return "account policy: no body logging"
        response = event.get("response")
        headers = response.get("headers") if isinstance(response, dict) else None
        if isinstance(headers, dict):
            for name, value in headers.items():
                if str(name).lower() == "cache-control" and isinstance(value, str):
                    directives = {d.strip().split("=")[0].lower() for d in value.split(",")}
                    hit = directives.intersection(d.lower() for d in bodies.drop_when_cache_control)
                    if hit:
                        return f"cache-control: {sorted(hit)[0]}"
        return None


def _check_event_id(event: dict[str, Any]) -> None:
    event_id = event.get("event_id")
    if not isinstance(event_id, str) or not event_id or len(event_id) > 128:
        raise ContractError(
            "event_id must be a non-empty string of at most 128 characters", "event_id"
        )


def _rejected(stream: StreamName, event_id: str | None, exc: InputError) -> Rejected:
    return Rejected(event_id, stream, exc.code, exc.reason, exc.path)


def _internal(stream: StreamName, event_id: str, exc: Exception) -> Rejected:
    # The exception text may quote a value; only its class is recorded.
    log.warning("processing failed for event %s: %s", event_id, type(exc).__name__)
    return Rejected(event_id, stream, "processing_error", f"internal error ({type(exc).__name__})")
