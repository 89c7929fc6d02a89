"""Identifiers in the names of structure: object keys, URL path segments, query names.

A key or a slug can be the identifier itself (`{"bob@example.com": 1}`, `/u/maria-garcia`,
`?<address>`): replaced by placeholders, in the output and in every path that names it.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Container
from functools import lru_cache

from pipeline.detection.spans import Detection, merge
from pipeline.processing.context import EventContext, mask
from pipeline.processing.keys import KeyRules
from pipeline.processing.user_keys import Evidence
from pipeline.transforms.network import UUID_RE
from pipeline.transforms.redact import placeholder, redact

_LONG_DIGITS = re.compile(r"^\d{6,}$")
_SLUG_SEPARATORS = re.compile(r"[-_+]")
# Where a digit run long enough to be a number of its own (phone, card, account id) meets a
# letter: `user4155550123`, `n14155550123x`. Shorter runs stay glued (`utf8`, `h264`, hex ids).
_GLUED_DIGITS = re.compile(r"(?<=[^\W\d_])(?=\d{6})|(?<=\d{6})(?=[^\W\d_])")
# Opaque ids in URL paths (account ids, recording ids, hashes): long, with digits or all caps.
_OPAQUE_ID = re.compile(r"^(?=[A-Za-z0-9_-]*\d|[A-Z0-9_-]+$)[A-Za-z0-9_-]{16,}$")
# A file named by an id (`<uuid>.mp3`, a recording): the id is opaque like a bare one, the
# extension says only the format.
_ID_FILE = re.compile(r"([^./]+)(\.[A-Za-z0-9]{1,5})")
_SLUG = re.compile(r"[A-Za-z]+(?:[-_.+][A-Za-z]+)*(?:[-_]\d{1,4})?")
# an identifier with no long digit run: a field name, not a phone number or an e-mail
_IDENTIFIER = re.compile(r"(?!.*\d{6})[A-Za-z][A-Za-z0-9_.\-]{0,63}")
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")
_PLACEHOLDER = re.compile(r"<([A-Z][A-Z_]*)(?::[^<>]*)?>")
_XML_NAME = re.compile(r"[A-Za-z_][\w.\-]*")


def join(path: str, key: str | int) -> str:
    """`a.b`, `a[0]`."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


@lru_cache(maxsize=4096)  # URL segments repeat across events (`v1`, `Account`, `input`)
def _base64_text(text: str) -> str | None:
    """The text a base64 (standard or URL-safe) value decodes to, if it is printable UTF-8."""
    if len(text) < 8 or not _BASE64.fullmatch(text):
        return None
    padded = text + "=" * (-len(text) % 4)
    try:
        raw = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
        decoded = raw.decode("utf-8")
    except ValueError:  # binascii.Error and UnicodeDecodeError are ValueErrors
        return None
    return decoded if decoded.isprintable() else None


def clean_segment(text: str, path: str, ctx: EventContext) -> str:
    """A URL path segment, query name or value with identifiers replaced (base64 decoded)."""
    decoded = _base64_text(text)
    if decoded is not None:
        inner = ctx.scan(decoded)
        if inner or ctx.key_rules.has_name(decoded):
            entity = max(inner, key=lambda d: d.score).entity_type if inner else "PERSON"
            if ctx.policy.actions.for_entity(entity) == "vault":
                ctx.keep(entity, path, decoded)
            return placeholder(entity)
    opaque = _opaque_id(text)
    if opaque is not None:
        return opaque
    if not text:
        return text
    # URL slugs join words with - _ + . ("john-smith", "maria_garcia"): scan them as words, at
    # the same offsets
    dets = _scan_words(text, ctx)
    if not dets:
        slug = _slug_entity(ctx.key_rules, text)
        if slug is not None:
            ctx.keep(slug, path, text)
            return placeholder(slug)
        return text
    actions = ctx.policy.actions
    for det in merge(dets):
        if actions.for_entity(det.entity_type) == "vault":
            ctx.keep(det.entity_type, path, text[det.start : det.end])
    return redact(text, dets)


@lru_cache(maxsize=4096)
def _opaque_id(text: str) -> str | None:
    """`<ID>` for an opaque id, `<ID>.mp3` for a file named by a UUID; None otherwise."""
    if UUID_RE.match(text) or _LONG_DIGITS.match(text) or _OPAQUE_ID.match(text):
        return "<ID>"
    named = _ID_FILE.fullmatch(text)
    if named and UUID_RE.match(named[1]):
        return "<ID>" + named[2]
    return None


@lru_cache(maxsize=4096)  # the rules' lexicon does not change: the verdict is the text's own
def _slug_entity(rules: KeyRules, text: str) -> str | None:
    """PERSON for a name slug ("maria.garcia", "john-smith"), USERNAME for a handle ("a-smith",
    "d-long", "abigaillong"), None for other text."""
    if not _SLUG.fullmatch(text):
        return None
    if rules.has_name(text, slug=True):
        return "PERSON"
    return "USERNAME" if rules.is_handle(text) else None


def param_name(name: str, path: str, ctx: EventContext) -> str:
    """A query parameter name: kept when it looks like one (`CallStatus`), else cleaned."""
    verdict = ctx.key_rules.verdict(name)
    if verdict == "keep" or (verdict == "scan" and _IDENTIFIER.fullmatch(name)):
        return name
    if verdict == "scan":
        return clean_segment(name, path, ctx)
    ctx.keep(verdict, path, name)
    return placeholder(verdict)


def clean_key(
    key: str,
    path: str,
    ctx: EventContext,
    taken: Container[str] = (),
    *,
    plain: bool = True,
    person: Evidence = None,
) -> str:
    """A free-form object's key as output and in paths: itself, or placeholders for PII in it.

    Identifiers in keys (`{"bob@example.com": 1}`, `{"maria_garcia": …}`) go to the vault like
    values; `taken` holds the keys already output, so two redacted keys do not collide. With
    `plain` False (undeclared fields of a declared object, query names, header names), an
    identifier-shaped key (`SipHeaderX`) is not handed to the detectors: names in it are judged
    by the lexicon. With `person` (the structure says the keys are people: `named` by the
    object's own key, `beside` user names or over a person's record), a key shaped like a user
    name is one even when no lexicon holds its words (`beridze_n`; alone, `jdoe`, only when
    `named`).
    """
    cleaned = _cleaned(key, ctx, plain, person)
    if cleaned is None:
        return key
    out, found = cleaned
    unique, n = out, 1
    while unique in taken:
        n += 1
        unique = f"{out}#{n}"
    _kept(key, join(path, unique), unique, found, ctx)
    return unique


def clean_xml_name(
    name: str, path: str, ctx: EventContext, taken: Container[str] = (), *, attribute: bool = False
) -> str:
    """An XML element or attribute name as output: itself, or with each identifier in it
    replaced by its entity type, which is a valid XML name (`<maria.garcia>` -> `<PERSON>`;
    `_2` when `taken`, an element's attribute names, holds it). A namespace (`{uri}`) is kept
    as it is."""
    namespace, _, local = name.rpartition("}")
    cleaned = _cleaned(local, ctx, plain=False)
    if cleaned is None:
        return name
    out, found = cleaned
    out = _PLACEHOLDER.sub(lambda m: m.group(1), out)
    if not _XML_NAME.fullmatch(out):
        out = "_".join(dict.fromkeys(entity for entity, _ in found))
    out = f"{namespace}}}{out}" if namespace else out
    base, n = out, 1
    while out in taken:
        n += 1
        out = f"{base}_{n}"
    _kept(local, f"{path}@{out}" if attribute else f"{path}<{out}>", out, found, ctx)
    return out


def _cleaned(
    key: str, ctx: EventContext, plain: bool, person: Evidence = None
) -> tuple[str, list[tuple[str, str]]] | None:
    """`key` with placeholders and the (entity, value) pairs found in it; None to keep it."""
    verdict = ctx.key_rules.verdict(key)
    if (
        person is not None
        and verdict in ("keep", "scan")
        and ctx.key_rules.user_shaped(key, person)
    ):
        return placeholder("USERNAME"), [("USERNAME", key)]
    if verdict == "keep" or (verdict == "scan" and not plain and _IDENTIFIER.fullmatch(key)):
        return None
    if verdict == "scan":
        dets = _scan_words(key, ctx)
        if not dets:
            return None
        return redact(key, dets), [(d.entity_type, key[d.start : d.end]) for d in merge(dets)]
    return placeholder(verdict), [(verdict, key)]


def _scan_words(name: str, ctx: EventContext) -> list[Detection]:
    """Detections in a name (key, slug, XML name) read as words, as spans of `name` itself.

    Names join words with - _ + (`X-Caller-14155550123`, `john-smith`) and glue numbers to
    letters (`user4155550123`): the detectors need a boundary, so the separators are read as
    spaces and a space is put where a long digit run meets a letter. An e-mail address is
    scanned as written (its `-`, `_`, `+` and digits belong to it).
    """
    if "@" in name:
        return ctx.scan(name)
    spaced, origin = _as_words(name)
    if origin is None:
        return ctx.scan(spaced)
    found = []
    for det in ctx.scan(spaced):
        start, end = origin[det.start], origin[det.end]
        if start < end:
            found.append(Detection(start, end, det.entity_type, det.score, det.recognizer))
    return found


# the same names recur in every event (`v1`, `Account`, `Recording`, `webhooks`): read once
@lru_cache(maxsize=4096)
def _as_words(name: str) -> tuple[str, tuple[int, ...] | None]:
    """`name` read as words, and the original offset of the character at (or, for an inserted
    space, after) each of its positions; None when no space was inserted (the same offsets)."""
    words = _SLUG_SEPARATORS.sub(" ", name)
    cuts = [m.start() for m in _GLUED_DIGITS.finditer(words)]
    if not cuts:
        return words, None
    origin: list[int] = []
    pieces: list[str] = []
    previous = 0
    for cut in [*cuts, len(words)]:
        pieces.append(words[previous:cut])
        origin.extend(range(previous, cut))
        if cut < len(words):
            origin.append(cut)
        previous = cut
    origin.append(len(name))
    return " ".join(pieces), tuple(origin)


def _kept(key: str, where: str, out: str, found: list[tuple[str, str]], ctx: EventContext) -> None:
    actions = ctx.policy.actions
    for entity, value in found:
        if actions.for_entity(entity) == "vault":
            ctx.keep(entity, where, value)
    if ctx.explain:
        ctx.note(where, "key", "redacted", out, tuple(e for e, _ in found), source=mask(key))
