"""IP addresses, URLs and referrers, generalised."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit, urlunsplit

import tldextract

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def generalize_ip(value: str) -> dict[str, Any] | None:
    """IPv4 → /24 prefix, IPv6 → /48 prefix; None when the value is not an address."""
    try:
        ip = ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None
    prefix = 24 if ip.version == 4 else 48
    net = ipaddress.ip_network(f"{ip}/{prefix}", strict=False)
    scope = "public" if ip.is_global else "private"
    return {"version": ip.version, "prefix": str(net), "scope": scope}


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


def sanitize_url(
    value: str,
    keep_param: Callable[[str], bool],
    clean_segment: Callable[[str], str],
) -> str:
    """Scheme, host, path with identifying segments replaced, query values removed.

    `clean_segment` replaces a path segment that holds an identifier (the caller scans it);
    query parameter names stay, their values only when `keep_param` allows the name (and the
    kept value is itself cleaned). Fragments and user info are removed.
    """
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return clean_segment(value)
    host = parts.hostname or ""
    try:
        ipaddress.ip_address(host.strip("[]"))
        host = "<IP_ADDRESS>"
    except ValueError:
        pass
    netloc = host + (f":{parts.port}" if _safe_port(parts) else "")
    segments = [clean_segment(unquote(s)) if s else s for s in parts.path.split("/")]
    path = "/".join(quote(s, safe="<>_-.~") for s in segments)
    query = []
    for name, val in parse_qsl(parts.query, keep_blank_values=True):
        kept = clean_segment(val) if keep_param(name) else ""
        query.append(f"{quote(name, safe='_-.')}={quote(kept, safe='<>_-.~')}")
    return urlunsplit((parts.scheme, netloc, path, "&".join(query), ""))


def _safe_port(parts: Any) -> bool:
    try:
        return parts.port is not None
    except ValueError:
        return False


UUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"
)
