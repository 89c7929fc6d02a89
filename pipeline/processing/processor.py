"""One batch of raw records of one stream → outcomes (sanitized + vault entries, or rejections)."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl

import pipeline.processing.bodies  # noqa: F401  (registers the header and body handlers)
from pipeline.budget import WorkBudget
from pipeline.config.loader import LoadedConfig
from pipeline.detection.detector import FirstLook, FreeTextDetector
from pipeline.detection.numbers.phones import parse_phone_field
from pipeline.detection.propagate import ordinary_words
from pipeline.detection.spans import Detection
from pipeline.errors import ContractError, InputError
from pipeline.outcome import Outcome, Rejected, Sanitized, StreamName
from pipeline.processing.context import EventContext
from pipeline.processing.decode import decode_record
from pipeline.processing.fields import DROP, walk
from pipeline.processing.guard import internal_error
from pipeline.processing.keys import KeyRules
from pipeline.processing.streams import StreamMarks
from pipeline.textrelease.gate import TextGate
from pipeline.transforms.tokens import Tokenizer
from pipeline.vault.cipher import VaultCipher

log = logging.getLogger(__name__)
META_KEY = "_pipeline"
_NAME_LETTERS = re.compile(r"[g-zG-Z]{2}")  # hex ids and UUIDs hold no name


class Processor:
    """Pure processing: no broker; the streaming layer routes what this returns."""

    def __init__(
        self,
        config: LoadedConfig,
        detector: FreeTextDetector,
        tokens: Tokenizer,
        cipher: VaultCipher,
        texts: TextGate | None = None,
    ) -> None:
        self.config = config
        self.detector = detector
        self.tokens = tokens
        self.cipher = cipher
        self.marks = StreamMarks.of(config.schemas.raw)
        self.last_work: dict[int, WorkBudget] = {}
        self.texts = texts
        self.key_rules = KeyRules(detector.lexicon)
        self.ordinary = ordinary_words(detector.lexicon)

    def process(
        self, stream: StreamName, records: Sequence[bytes | str], *, explain: bool = False
    ) -> list[Outcome]:
        """Outcomes in input order; one bad record never affects the others.

        With `explain`, each sanitized outcome lists a Finding per field (values masked).
        """
        policy = self.config.policy
        outcomes: list[Outcome | None] = [None] * len(records)
        events: list[tuple[int, dict[str, Any]]] = []
        originals: dict[int, str] = {}  # record index → the producer's id, when replaced
        for i, raw in enumerate(records):
            try:
                event = decode_record(raw, policy.limits)
                _check_event_id(event)
                original = event["event_id"]
                safe = self.output_event_id(original)
                if safe != original:
                    event["event_id"] = safe
                    originals[i] = original
            except InputError as exc:
                outcomes[i] = _rejected(stream, None, exc)
                continue
            except Exception as exc:  # fail closed: a decoder bug costs this record only
                outcomes[i] = internal_error(stream, exc)
                continue
            try:
                self.marks.check(stream, event)
                events.append((i, event))
            except InputError as exc:
                outcomes[i] = _rejected(stream, event["event_id"], exc)
        # One pass per event with the cheap detectors; an event is walked again only when one of
        # its texts needs NER, or when a value found late in the walk (a caller's name) occurs
        # in a text scanned before it was known.
        looks: dict[str, FirstLook] = {}

        def first(text: str) -> tuple[list[Detection], bool]:
            look = looks.get(text)
            if look is None:
                look = looks[text] = self.detector.first_look(text)
            return look.detections, not look.pending

        again: list[tuple[int, dict[str, Any], frozenset[tuple[str, str]], list[str]]] = []
        budgets = {i: WorkBudget(policy.limits.max_work_units) for i, _ in events}
        self.last_work = budgets  # what each record cost (benchmarks, the linearity property)
        for i, event in events:
            ctx = self._context(stream, event, first, explain, budgets[i])
            try:
                record = walk(event, self.config.schemas.raw[stream], "", ctx)
                parts = ctx.complete_parts()
                if ctx.needs_ner or not ctx.stable(parts):
                    again.append((i, event, parts, [t for t, _, _ in ctx.scanned]))
                else:
                    outcomes[i] = self._outcome(stream, event, record, ctx, originals.get(i))
            except InputError as exc:
                outcomes[i] = _rejected(stream, event["event_id"], exc)
            except Exception as exc:  # fail closed: the record goes to the dead letters
                outcomes[i] = _internal(stream, event["event_id"], exc)
        if again:
            pending = {t: looks[t] for _, _, _, texts in again for t in texts if looks[t].pending}
            completed = self.detector.complete(pending)

            def final(text: str) -> tuple[list[Detection], bool]:
                if text in completed:
                    return completed[text], True
                dets, _ = first(text)
                return dets, True

            for i, event, parts, _ in again:
                outcomes[i] = self._second_pass(
                    stream, event, final, parts, explain, budgets[i], originals.get(i)
                )
        return [o for o in outcomes if o is not None]

    def _second_pass(
        self,
        stream: StreamName,
        event: dict[str, Any],
        lookup: Any,
        parts: frozenset[tuple[str, str]],
        explain: bool,
        budget: WorkBudget,
        original_id: str | None,
    ) -> Outcome:
        ctx = self._context(stream, event, lookup, explain, budget)
        # names NER finds now are looked for in the event's other texts as well
        ctx.known_parts = parts
        try:
            record = walk(event, self.config.schemas.raw[stream], "", ctx)
            full = ctx.complete_parts() | parts
            if full != parts:
                ctx = self._context(stream, event, lookup, explain, budget)
                ctx.known_parts = full
                record = walk(event, self.config.schemas.raw[stream], "", ctx)
        except InputError as exc:
            return _rejected(stream, event["event_id"], exc)
        except Exception as exc:
            return _internal(stream, event["event_id"], exc)
        return self._outcome(stream, event, record, ctx, original_id)

    def output_event_id(self, event_id: str) -> str:
        """The id the outputs of a raw event carry: the id itself when it is safe to show, else
        its keyed token (stable: audits match raw events to their outputs with it)."""
        if self.config.policy.event_ids.is_safe(event_id) and not (
            _NAME_LETTERS.search(event_id)
            and (self.key_rules.has_name(event_id) or self.key_rules.is_handle(event_id))
        ):
            return event_id
        return self.tokens.token("EVENT_ID", event_id)

    def _outcome(
        self,
        stream: StreamName,
        event: dict[str, Any],
        record: Any,
        ctx: EventContext,
        original_id: str | None = None,
    ) -> Outcome:
        event_id = event["event_id"]
        if record is DROP or not isinstance(record, dict):
            return Rejected(event_id, stream, "contract", "record dropped entirely")
        if original_id is not None:  # the producer's id, replaced by its token, is kept
            ctx.keep("EVENT_ID", "event_id", original_id)
        record["event_id"] = event_id
        meta: dict[str, Any] = {"config_version": self.config.version, "stream": stream}
        if ctx.body_drop_reason is not None:
            meta["bodies_dropped"] = ctx.body_drop_reason  # the record says why bodies are null
        record[META_KEY] = meta
        if self.texts is not None and not ctx.explain:
            # only now, with the outcome final, do its texts count towards their templates;
            # explaining an event (a question about it) does not count it
            self.texts.commit(stream, ctx.text_decisions)
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
        lookup: Any,
        explain: bool,
        budget: WorkBudget,
    ) -> EventContext:
        subject, text_subject = self._subjects(stream, event)
        return EventContext(
            policy=self.config.policy,
            tokens=self.tokens,
            cipher=self.cipher,
            lookup=lookup,
            event_id=event["event_id"],
            subject=subject or self.tokens.token("EVENT", str(event["event_id"])),
            text_subject=text_subject,
            params_spec=self.config.schemas.callback_params,
            body_drop_reason=self._body_drop_reason(stream, event),
            explain=explain,
            budget=budget,
            texts=self.texts,
            key_rules=self.key_rules,
            ordinary=self.ordinary,
        )

    def _subjects(self, stream: StreamName, event: dict[str, Any]) -> tuple[str | None, str | None]:
        """The event's subject and its free-text subject.

        The subject is the token of the person the event is about (the key of the vault and of
        partitions): the phone (calls, webhooks), else the cookie (web events), else the call;
        None when the event names no one (then its own id stands in, see `_context`).
        The free-text subject, who counts once towards the free-text k, is the strongest key
        the event has: the phone (the person), else the account (a logged-in visitor; the
        customer of a call or webhook without a number), and only then a pseudonym one person
        can hold many of: the cookie, the call. None: no one (see `TextGate.decide`)."""
        phone = self._phone(stream, event)
        if phone is not None:
            return phone, phone
        pseudonym = None
        if stream == "analytics_events":
            cookie = event.get("anonymous_id")
            if isinstance(cookie, str) and cookie:
                pseudonym = self.tokens.token("COOKIE_ID", cookie)
        if pseudonym is None:
            call = event.get("call_uuid")
            if isinstance(call, str) and call:
                pseudonym = self.tokens.token("CALL_ID", call)
        account = event.get("account_id")
        if isinstance(account, str) and account:
            return pseudonym, self.tokens.token("ACCOUNT_ID", account)
        return pseudonym, pseudonym

    def _phone(self, stream: StreamName, event: dict[str, Any]) -> str | None:
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
        return None

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
    return internal_error(stream, exc, event_id)
