"""IP → country at the edge: the embedded GeoLite2 data, a MaxMind DB file, private ranges."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest
from mmdb_writer import MMDBWriter
from netaddr import IPSet

from pipeline.config.loader import load_config
from pipeline.corpus import generate
from pipeline.errors import ConfigError
from pipeline.geo.locate import EmbeddedLocator, MmdbLocator, geo, scope_of
from pipeline.transforms.network import generalize_ip

REPO = Path(__file__).resolve().parents[2]

# Addresses whose registration is long-standing and public (operators' own resolvers, an
# RIR's documentation of its ranges): the country a GeoLite2 Country build gives them.
KNOWN_PUBLIC = [
    ("8.8.8.8", "US", "NA"),  # Google Public DNS
    ("81.2.69.160", "GB", "EU"),  # MaxMind's own test address
    ("193.0.6.139", "NL", "EU"),  # RIPE NCC, Amsterdam
    ("202.12.29.205", "AU", "OC"),  # APNIC, Brisbane
    ("2001:67c:2e8:22::c100:68b", "NL", "EU"),  # RIPE NCC over IPv6
    ("2001:4860:4860::8888", "US", "NA"),  # Google Public DNS over IPv6
]

PRIVATE = [
    ("10.1.2.3", "private"),
    ("172.16.5.4", "private"),
    ("192.168.1.10", "private"),
    ("127.0.0.1", "private"),
    ("169.254.1.1", "private"),
    ("fd12:3456::1", "private"),
    ("::1", "private"),
    ("100.64.0.1", "reserved"),  # carrier-grade NAT shared space
    ("224.0.0.251", "reserved"),  # multicast
]


@pytest.mark.parametrize(("address", "country", "continent"), KNOWN_PUBLIC)
def test_embedded_database_names_the_country_of_known_public_ranges(
    address: str, country: str, continent: str
) -> None:
    out = generalize_ip(address, geo(None))
    assert out is not None
    assert (out["scope"], out["country"], out["continent"]) == ("public", country, continent)


@pytest.mark.parametrize(("address", "scope"), PRIVATE)
def test_private_and_reserved_ranges_say_so_and_get_no_country(address: str, scope: str) -> None:
    out = generalize_ip(address, geo(None))
    assert out is not None
    assert (out["scope"], out["country"], out["continent"]) == (scope, None, None)


def test_embedded_data_is_the_bundled_geolite2_file() -> None:
    locator = geo(None)
    assert isinstance(locator, EmbeddedLocator)
    assert "GeoLite2-Country" in locator.source


def test_prefix_of_the_unspecified_ipv6_address_stays_ipv6() -> None:
    out = generalize_ip("::")
    assert out is not None
    assert out["prefix"] == "::/48"


def test_most_public_addresses_of_the_corpus_get_a_country() -> None:
    events = [labelled.event for labelled in generate("analytics_events", 2000, 7)]
    addresses = [e["ip"] for e in events if isinstance(e.get("ip"), str)]
    public = [a for a in addresses if scope_of(ipaddress.ip_address(a)) == "public"]
    located = [a for a in public if (generalize_ip(a, geo(None)) or {}).get("country")]
    assert len(public) > 1500
    assert len(located) / len(public) >= 0.95


def _write_mmdb(path: Path) -> None:
    writer = MMDBWriter(ip_version=6, database_type="GeoLite2-Country", ipv4_compatible=True)
    writer.insert_network(
        IPSet(["198.51.100.0/24"]),  # TEST-NET-2 is private to Python: use public ranges
        {"country": {"iso_code": "FR"}, "continent": {"code": "EU"}},
    )
    writer.insert_network(
        IPSet(["5.5.0.0/16"]), {"country": {"iso_code": "BR"}, "continent": {"code": "SA"}}
    )
    writer.insert_network(
        IPSet(["2a03:2880::/32"]),
        {"registered_country": {"iso_code": "IE"}, "continent": {"code": "EU"}},
    )
    writer.to_db_file(str(path))


def test_mmdb_file_is_read_with_maxminddb(tmp_path: Path) -> None:
    database = tmp_path / "tiny.mmdb"
    _write_mmdb(database)
    locator = MmdbLocator(database)
    assert "GeoLite2-Country" in locator.source
    found = generalize_ip("5.5.7.9", locator)
    assert found is not None
    assert (found["country"], found["continent"], found["prefix"]) == ("BR", "SA", "5.5.7.0/24")
    v6 = generalize_ip("2a03:2880:f003::1", locator)
    assert v6 is not None
    assert (v6["country"], v6["continent"]) == ("IE", "EU")  # registered_country fallback
    unknown = generalize_ip("8.8.8.8", locator)
    assert unknown is not None
    assert (unknown["scope"], unknown["country"]) == ("public", None)


def test_policy_names_the_mmdb_file_relative_to_itself(tmp_path: Path) -> None:
    _write_mmdb(tmp_path / "geo.mmdb")
    policy = (REPO / "config" / "policy.yaml").read_text(encoding="utf-8")
    policy = policy.replace("../models/", f"{REPO}/models/").replace(
        "schemas: ../schemas", f"schemas: {REPO}/schemas"
    )
    file = tmp_path / "policy.yaml"
    file.write_text(policy + "\ngeo:\n  database: geo.mmdb\n", encoding="utf-8")
    config = load_config(file)
    assert config.policy.geo.database == (tmp_path / "geo.mmdb").resolve()
    assert isinstance(geo(config.policy.geo.database), MmdbLocator)


def test_unreadable_mmdb_is_refused_with_file_line_and_field(tmp_path: Path) -> None:
    (tmp_path / "broken.mmdb").write_bytes(b"not a maxmind db")
    policy = (REPO / "config" / "policy.yaml").read_text(encoding="utf-8")
    policy = policy.replace("../models/", f"{REPO}/models/").replace(
        "schemas: ../schemas", f"schemas: {REPO}/schemas"
    )
    file = tmp_path / "policy.yaml"
    file.write_text(policy + "\ngeo:\n  database: broken.mmdb\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(file)
    assert "geo.database" in str(caught.value)
    assert "policy.yaml" in str(caught.value)
