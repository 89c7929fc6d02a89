"""IP addresses, URLs and referrers, generalised."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit, urlunsplit

import tldextract

from pipeline.geo.locate import NOWHERE, Locator, scope_of

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def generalize_ip(value: str, locator: Locator | None = None) -> dict[str, Any] | None:
    """IPv4 → /24 prefix, IPv6 → /48 prefix, with scope and (public addresses) country and
    continent looked up on the whole address first; None when the value is not an address."""
    try:
        ip = ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None
    prefix = 24 if ip.version == 4 else 48
    bits = 32 if ip.version == 4 else 128
    mask = ((1 << prefix) - 1) << (bits - prefix)
    network = f"{type(ip)(int(ip) & mask)}/{prefix}"
    scope = scope_of(ip)
    place = locator.locate(ip) if locator is not None and scope == "public" else NOWHERE
    return {
        "version": ip.version,
        "prefix": network,
        "scope": scope,
        "country": place.country,
        "continent": place.continent,
    }


def referrer_domain(value: str) -> str | None:
    """The registered domain of a referrer URL (`news.example.co.uk` → `example.co.uk`)."""
    try:
        host = urlsplit(value if "//" in value else "//" + value).hostname
    except ValueError:
        return None
    if not host:
        return None
    try:
        ipaddress.ip_address(host.strip("[]"))
        return None  # an IP address is not a domain and may identify someone
    except ValueError:
        pass
    parts = _EXTRACT(host)
    return parts.top_domain_under_public_suffix or parts.domain or None


@lru_cache(maxsize=16_384)
def _split_url(value: str) -> tuple[str, str, tuple[str, ...], tuple[tuple[str, str], ...]] | None:
    """(scheme, netloc, unquoted path segments, query pairs); None when it does not parse."""
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    host = parts.hostname or ""
    if host[:1].isdigit() or host[:1] == "[" or ":" in host:
        try:
            ipaddress.ip_address(host.strip("[]"))
            host = "<IP_ADDRESS>"
        except ValueError:
            pass
    netloc = host + (f":{parts.port}" if _safe_port(parts) else "")
    segments = tuple(unquote(s) if "%" in s else s for s in parts.path.split("/"))
    query = tuple(parse_qsl(parts.query, keep_blank_values=True)) if parts.query else ()
    return parts.scheme, netloc, segments, query


_NEEDS_QUOTING = re.compile(r"[^A-Za-z0-9<>_.~-]")


def _quote(text: str, safe: str) -> str:
    return quote(text, safe=safe) if _NEEDS_QUOTING.search(text) else text


def sanitize_url(
    value: str,
    keep_param: Callable[[str], bool],
    clean_segment: Callable[[str], str],
    clean_name: Callable[[str], str] | None = None,
) -> str:
    """Scheme, host, path with identifying segments replaced, query values removed.

    `clean_segment` replaces a path segment that holds an identifier (the caller scans it);
    query parameter names stay (cleaned too: an e-mail can be a bare parameter), their values
    only when `keep_param` allows the name (and the kept value is itself cleaned). Fragments and
    user info are removed.
    """
    split = _split_url(value)
    if split is None:
        return clean_segment(value)
    scheme, netloc, segments, pairs = split
    path = "/".join(_quote(clean_segment(s), "<>_-.~") if s else s for s in segments)
    query = "&".join(
        f"{_quote((clean_name or clean_segment)(name), '<>_-.')}="
        f"{_quote(clean_segment(val), '<>_-.~') if keep_param(name) else ''}"
        for name, val in pairs
    )
    return urlunsplit((scheme, netloc, path, query, ""))


def _safe_port(parts: Any) -> bool:
    try:
        return parts.port is not None
    except ValueError:
        return False


UUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"
)
