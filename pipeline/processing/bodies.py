"""Webhook headers and bodies: parse what has structure (form, JSON, XML) before scanning."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any, Literal
from urllib.parse import parse_qsl, unquote, urlencode
from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET

from pipeline.detection.spans import Detection, merge
from pipeline.errors import DecodeError
from pipeline.processing.context import EventContext
from pipeline.processing.decode import loads
from pipeline.processing.fields import DROP, child, clean_key, free_text, hinted, join, walk
from pipeline.processing.handlers import register
from pipeline.processing.names import clean_xml_name
from pipeline.schemas import SCAN, FieldSpec
from pipeline.textrelease.template import is_withheld
from pipeline.transforms.redact import placeholder

_FORM = re.compile(r"^[\w.\-%+\[\]]+=[^&]*(?:&[\w.\-%+\[\]]+=[^&]*)*$")
# Plivo XML: which elements and attributes hold what.
_PHONE_ELEMENTS = frozenset({"Number", "User"})
# Attributes whose values are counts and durations: kept whatever digits they hold.
_NUMERIC_ATTRS = frozenset(
    {
        "timeout",
        "timeLimit",
        "maxLength",
        "numDigits",
        "retries",
        "length",
        "loop",
        "digitEndTimeout",
        "executionTimeout",
    }
)
_PHONE = FieldSpec("phone", pii="PHONE_NUMBER")
_NUMBER_STARTS = frozenset("0123456789+(")
_URL = FieldSpec("url")
_PHONE_ATTRS = frozenset({"callerId", "callerid", "src", "dst", "from", "to", "confirmKey"})
_NAME_ATTRS = frozenset({"callerName", "callername"})
_URL_ATTRS = frozenset({"action", "callbackUrl", "url", "confirmSound", "dialMusic", "redirect"})
_SAFE_ATTRS = frozenset(
    {
        "voice",
        "language",
        "loop",
        "method",
        "timeout",
        "timeLimit",
        "maxLength",
        "finishOnKey",
        "playBeep",
        "numDigits",
        "retries",
        "inputType",
        "digitEndTimeout",
        "redirect",
        "hangup",
        "reason",
        "schedule",
        "length",
        "type",
        "fileFormat",
        "recordSession",
        "startOnDialAnswer",
        "sendDigits",
        "sendOnPreanswer",
        "validDigits",
        "invalidDigitsSound",
        "executionTimeout",
        "log",
        "trim",
        "transcriptionType",
        "callbackMethod",
        "digitsMatch",
        "record",
    }
)

# Plivo's XML elements, and every attribute named above: their names are kept as they are.
_KNOWN_ELEMENTS = frozenset(
    [
        "Response",
        "Speak",
        "Play",
        "GetDigits",
        "GetInput",
        "Dial",
        "Number",
        "User",
        "Record",
        "Hangup",
        "Redirect",
        "Wait",
        "Conference",
        "DTMF",
        "PreAnswer",
        "Message",
        "Stream",
        "MultiPartyCall",
    ]
)
_KNOWN_ATTRS = _NUMERIC_ATTRS | _PHONE_ATTRS | _NAME_ATTRS | _URL_ATTRS | _SAFE_ATTRS


def headers(value: dict[str, Any], path: str, ctx: EventContext) -> dict[str, Any]:
    """Drop secrets, keep known-safe headers, scan the rest (a webhook's User-Agent is Plivo's)."""
    out: dict[str, Any] = {}
    for raw_name, item in value.items():
        ctx.count_field()
        decision = ctx.policy.headers.decide(raw_name)
        if decision == "drop":
            if ctx.explain:  # the path shows the name cleaned, like an output key
                ctx.note(join(path, clean_key(raw_name, path, ctx, out)), "secret", "dropped", "")
            continue
        # a name that is an identifier (`X-maria.garcia@example.org`) is cleaned like a key
        name = raw_name if decision == "keep" else clean_key(raw_name, path, ctx, out, plain=False)
        child = join(path, name)
        if item is None or (isinstance(item, int | float) and not isinstance(item, bool)):
            out[name] = item
            continue
        if not isinstance(item, str):
            out[name] = hinted(item, "SECRET", child, ctx)
            if out[name] is DROP:
                del out[name]
            continue
        if decision == "keep":
            out[name] = item
            if ctx.explain:
                ctx.note(child, "safe:header", "kept", item)
        else:
            res = free_text(item, child, ctx)
            if res is not DROP:
                out[name] = res
    return out


def body(text: str, path: str, ctx: EventContext, depth: int) -> Any:
    """A webhook body in its own format, with every part handled; or None when dropped."""
    if ctx.body_drop_reason is not None:
        if ctx.explain:
            ctx.note(path, "body", f"dropped ({ctx.body_drop_reason})", "")
        return None
    stripped = text.strip()
    if not stripped:
        return text
    if stripped[0] in "{[":
        try:  # strict and bounded like the record itself; a LimitError rejects the record
            parsed = loads(stripped, ctx.policy.limits)
        except DecodeError:
            parsed = None
        if isinstance(parsed, dict | list):
            spec: FieldSpec = ctx.params_spec
            out = walk(parsed, spec if isinstance(parsed, dict) else SCAN, path, ctx, depth + 1)
            return json.dumps(out, ensure_ascii=False, separators=(",", ":"))
    if stripped[0] == "<":
        xml = _xml(stripped, path, ctx)
        if xml is not None:
            return xml
    if _FORM.match(stripped):
        pairs = parse_qsl(stripped, keep_blank_values=True)
        out_pairs: list[tuple[str, str]] = []
        spec = ctx.params_spec
        names: set[str] = set()
        for key, val in pairs:
            name = key if key in spec.properties else clean_key(key, path, ctx, names, plain=False)
            names.add(name)
            res = child(val, spec, key, join(path, name), ctx, depth)
            if res is DROP:
                continue
            out_pairs.append((name, _flat(res)))
        return urlencode(out_pairs, safe="<>")
    # a body is a string: a withheld marker as its JSON, a dropped text as no body
    res = free_text(text, path, ctx)
    return None if res is DROP else _as_text(res)


def _phone_placeholder(generalized: Any) -> str:
    country = generalized.get("country") if isinstance(generalized, dict) else None
    return f"<PHONE_NUMBER:{country or 'unknown'}>"


def _flat(value: Any) -> str:
    """Form values are strings: a generalised phone becomes its token and country."""
    if is_withheld(value):
        return _as_text(value)
    if isinstance(value, dict):
        return "|".join(str(v) for v in value.values() if v is not None)
    return "" if value is None else str(value)


def _as_text(value: Any) -> str:
    """A released text as is; a withheld marker as its JSON; a dropped text as nothing."""
    if value is DROP or value is None:
        return ""
    if isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def _xml(text: str, path: str, ctx: EventContext) -> str | None:
    try:
        # Entity declarations and DTDs refused: 389 bytes of nested internal entities expanded
        # to 8,000,000 characters with the standard parser.
        root = DefusedET.fromstring(text, forbid_dtd=True)
    except DefusedXmlException:
        raise DecodeError("XML body with a DTD or entity declarations is refused", path) from None
    except ET.ParseError:
        return None
    texts: list[tuple[ET.Element, Literal["text", "tail"], str]] = []
    uris: dict[str, str] = {}
    for element in root.iter():
        ctx.count_field()
        namespace, tag = _namespaced(str(element.tag), path, ctx, uris)
        if tag not in _KNOWN_ELEMENTS:  # an identifier as a tag name reaches output and paths
            tag = clean_xml_name(tag, path, ctx)
        element.tag = namespace + tag
        where = f"{path}<{tag}>"  # the local name: a namespace says nothing about the data
        if element.text and element.text.strip():
            if tag in _PHONE_ELEMENTS:
                generalized = walk(element.text.strip(), _PHONE, where, ctx)
                element.text = _phone_placeholder(generalized)
            else:
                texts.append((element, "text", where))
        if element.tail and element.tail.strip():
            texts.append((element, "tail", where))
        for raw_name, val in list(element.attrib.items()):
            namespace, local = _namespaced(raw_name, path, ctx, uris)
            key = namespace + local
            if local not in _KNOWN_ATTRS:
                key = clean_xml_name(key, where, ctx, element.attrib, attribute=True)
            if key != raw_name:
                del element.attrib[raw_name]
                element.set(key, val)
            name = key.rpartition("}")[2]
            attr_path = f"{where}@{name}"
            if name in _NUMERIC_ATTRS or (
                name in _SAFE_ATTRS and len(val) < 32 and not any(c.isdigit() for c in val)
            ):
                continue
            if name in _PHONE_ATTRS:
                generalized = walk(val, _PHONE, attr_path, ctx)
                element.set(key, _phone_placeholder(generalized))
            elif name in _NAME_ATTRS:
                element.set(key, hinted(val, "PERSON", attr_path, ctx))
            elif name in _URL_ATTRS:
                element.set(key, walk(val, _URL, attr_path, ctx))
            else:
                element.set(key, _as_text(free_text(val, attr_path, ctx)))
    _joined_text(texts, ctx)
    return ET.tostring(root, encoding="unicode")


def _namespaced(name: str, path: str, ctx: EventContext, uris: dict[str, str]) -> tuple[str, str]:
    """An XML name's `{namespace}` (its URI cleaned like a URL, once per document) and local
    part. A namespace URI is written back as an `xmlns` declaration: an identifier in its path
    (`http://example.com/ns/<address>`) would reach the output."""
    if not name.startswith("{"):
        return "", name
    uri, _, local = name[1:].rpartition("}")
    clean = uris.get(uri)
    if clean is None:
        clean = str(walk(uri, _URL, f"{path}@xmlns", ctx))
        # a URN's colons come back quoted: a URI that only changed by quoting is kept as written
        clean = uris[uri] = uri if unquote(clean) == uri else clean
    return f"{{{clean}}}", local


def _joined_text(
    nodes: list[tuple[ET.Element, Literal["text", "tail"], str]], ctx: EventContext
) -> None:
    """Each text node scanned; before that, numbers split across nodes (`<say-as>` pieces with
    `<break/>` between, digits in separate `<Speak>` elements) found in the joined text."""
    if _digits_meet(nodes):
        _split_numbers(nodes, ctx)
    for element, part, where in nodes:
        setattr(element, part, _as_text(free_text(str(getattr(element, part)), where, ctx)))


def _digits_meet(nodes: list[tuple[ET.Element, Literal["text", "tail"], str]]) -> bool:
    """Whether a node ending in a digit is followed by one starting with a digit (or `+`)."""
    pieces = [str(getattr(element, part)).strip() for element, part, _ in nodes]
    return any(
        a[-1:].isdigit() and b[:1] in _NUMBER_STARTS
        for a, b in itertools.pairwise(pieces)
        if a and b
    )


def _split_numbers(
    nodes: list[tuple[ET.Element, Literal["text", "tail"], str]], ctx: EventContext
) -> None:
    """Findings of the joined text that cross nodes and are mostly digits: each node's share
    removed, the placeholder in the node where the number starts. (A finding that crosses
    nodes and is mostly words, an address running into the next prompt, is left to the nodes.)"""
    pieces = [str(getattr(element, part)) for element, part, _ in nodes]
    joined = " ".join(pieces)
    bounds: list[tuple[int, int]] = []
    pos = 0
    for piece in pieces:
        bounds.append((pos, pos + len(piece)))
        pos += len(piece) + 1

    def touched(det: Detection) -> list[int]:
        return [k for k, (a, b) in enumerate(bounds) if det.start < b and det.end > a]

    split = []
    for det in merge(ctx.scan(joined)):
        value = joined[det.start : det.end]
        alnum = [c for c in value if c.isalnum()]
        if len(touched(det)) >= 2 and alnum and sum(c.isdigit() for c in alnum) >= 0.6 * len(alnum):
            split.append(det)
    if not split:
        return
    actions = ctx.policy.actions
    owner = {id(det): touched(det)[0] for det in split}
    for det in split:  # kept under the path of the element where the number starts
        if actions.for_entity(det.entity_type) == "vault":
            ctx.keep(det.entity_type, nodes[owner[id(det)]][2], joined[det.start : det.end])
        if ctx.explain:
            where = nodes[owner[id(det)]][2]
            ctx.note(where, "free_text", "redacted (split across elements)", "", (det.entity_type,))
    for k, ((element, part, _), (a, b)) in enumerate(zip(nodes, bounds, strict=True)):
        out: list[str] = []
        cursor = 0
        for det in split:
            if det.end <= a or det.start >= b:
                continue
            start, end = max(det.start, a) - a, min(det.end, b) - a
            out.append(pieces[k][cursor:start])
            if owner[id(det)] == k:
                out.append(placeholder(det.entity_type))
            cursor = end
        out.append(pieces[k][cursor:])
        setattr(element, part, "".join(out))


def _headers_field(value: Any, spec: FieldSpec, path: str, ctx: EventContext, depth: int) -> Any:
    return headers(value, path, ctx)


def _body_field(value: Any, spec: FieldSpec, path: str, ctx: EventContext, depth: int) -> Any:
    return body(str(value), path, ctx, depth)


register({"headers": _headers_field, "body": _body_field})
