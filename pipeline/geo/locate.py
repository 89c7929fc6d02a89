"""IP address → country and continent, looked up at the edge, before the address is cut.

Two databases behind one interface:
- the embedded one (default): the GeoLite2 Country data that `geoip2fast` bundles in its
  package, read from the installed file, no network;
- a MaxMind DB file (`.mmdb`: GeoLite2/GeoIP2 Country or City, DB-IP Lite), read with
  `maxminddb`: the production path, its file named in the policy (`geo.database`).

Only the country and continent codes leave this module; the address itself never does.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol

from pipeline.geo.continents import continent_of

Scope = Literal["public", "private", "reserved"]


@dataclass(frozen=True)
class Place:
    """Where an address is: ISO 3166 country and continent codes (None when not known)."""

    country: str | None
    continent: str | None


NOWHERE = Place(None, None)


class Locator(Protocol):
    """Country of a public address."""

    source: str  # which data (name and build), for the README and `config check`

    def locate(self, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> Place:
        """The place of a public address; NOWHERE when the database has no network for it."""
        ...


@lru_cache(maxsize=65_536)  # is_global walks a list of reserved networks
def scope_of(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> Scope:
    """public, private (RFC 1918, ULA, loopback, link-local, documentation) or reserved."""
    if ip.is_private:
        return "private"
    if not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_unspecified:
        return "reserved"  # shared address space (100.64/10), multicast, class E, ...
    return "public"


def _country_code(value: object) -> str | None:
    if isinstance(value, str) and len(value) == 2 and value.isascii() and value.isupper():
        return value
    return None


class EmbeddedLocator:
    """geoip2fast's bundled GeoLite2 Country file (IPv4 and IPv6), loaded once per process."""

    FILE = "geoip2fast-ipv6.dat.gz"  # IPv4 and IPv6 networks; ships inside the package

    def __init__(self) -> None:
        from geoip2fast import GeoIP2Fast

        # The library keeps its tables in module globals: one instance per process (see geo()).
        self._db = GeoIP2Fast(geoip2fast_data_file=self.FILE)
        self.source = f"geoip2fast {self.FILE}: {self._db.source_info}"

    def locate(self, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> Place:
        """Country from the bundled data; continent from the country."""
        found = self._db.lookup(str(ip))
        if found.is_private:
            return NOWHERE
        country = _country_code(found.country_code)
        return Place(country, continent_of(country))


class MmdbLocator:
    """A MaxMind DB file read with `maxminddb` (memory-mapped, read-only)."""

    def __init__(self, path: Path) -> None:
        import maxminddb

        try:
            self._reader = maxminddb.open_database(str(path))
        except (OSError, ValueError, RuntimeError) as exc:  # InvalidDatabaseError: RuntimeError
            raise ValueError(f"not a readable MaxMind DB file: {exc}") from None
        meta = self._reader.metadata()
        self.source = f"{meta.database_type} {path.name} (built {meta.build_epoch})"

    def locate(self, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> Place:
        """`country` (else `registered_country`) and `continent` of the record, if any."""
        try:
            record: Any = self._reader.get(ip)
        except ValueError:  # an IPv6 address looked up in an IPv4-only database
            return NOWHERE
        if not isinstance(record, dict):
            return NOWHERE
        country = None
        for name in ("country", "registered_country"):
            part = record.get(name)
            if isinstance(part, dict):
                country = _country_code(part.get("iso_code"))
            elif isinstance(part, str):  # flat databases (DB-IP Lite "country" as a code)
                country = _country_code(part)
            if country:
                break
        continent_part = record.get("continent")
        continent = (
            continent_part.get("code") if isinstance(continent_part, dict) else continent_part
        )
        continent = continent if isinstance(continent, str) and len(continent) == 2 else None
        return Place(country, continent or continent_of(country))


@cache
def geo(database: Path | None) -> Locator:
    """The locator for a policy's `geo.database` (None: the embedded data), built once."""
    if database is None:
        return EmbeddedLocator()
    return MmdbLocator(database)
