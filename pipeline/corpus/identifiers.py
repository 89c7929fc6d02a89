"""Machine identifiers and secrets: ids, account ids, IPs, cookie ids, signatures, tokens."""

from __future__ import annotations

import base64
import ipaddress
import random
import string
import uuid

from pipeline.corpus.forms import Fragment, ip_fragment, plain_fragment

_UPPER_ALNUM = string.ascii_uppercase + string.digits
_ALNUM = string.ascii_letters + string.digits
# First octets of address blocks allocated to ISPs in the regions the corpus covers.
_IPV4_FIRST_OCTETS = (
    23, 31, 37, 46, 62, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94,
    95, 109, 151, 176, 177, 178, 179, 185, 186, 187, 188, 189, 190, 191, 193, 194, 195, 200,
    201, 212, 213, 217,
)  # fmt: skip
# /32s of access networks (DE, FR, NL, US, BR, JP, GB ISPs): client addresses come from
# allocated blocks, never from the unallocated bulk of a /16.
_IPV6_PREFIXES = (
    ("2a02", "8070"),
    ("2a01", "cb00"),
    ("2001", "1c00"),
    ("2600", "1700"),
    ("2804", "14c"),
    ("2409", "10"),
    ("2a00", "23c0"),
)
_USERS = ("plivo", "webhook", "ivr", "admin", "callbacks")


class IdentifierFactory:
    """Draws identifiers from a `random.Random`, so a seed fixes all of them."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def _chars(self, alphabet: str, count: int) -> str:
        return "".join(self._rng.choices(alphabet, k=count))

    def uuid4(self) -> str:
        """A random (version 4) UUID string."""
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def account_id(self) -> Fragment:
        """A Plivo-style auth id: MA (main) or SA (sub-account) and 18 characters."""
        prefix = "MA" if self._rng.random() < 0.8 else "SA"
        return plain_fragment("ACCOUNT_ID", prefix + self._chars(_UPPER_ALNUM, 18))

    def ipv4(self) -> str:
        """A public IPv4 address (last octet never 0, so a /24 prefix never equals it)."""
        rng = self._rng
        octets = (rng.choice(_IPV4_FIRST_OCTETS), rng.randint(0, 255), rng.randint(0, 255))
        return ".".join(map(str, (*octets, rng.randint(1, 254))))

    def ipv6(self) -> str:
        """A global IPv6 address in compressed notation."""
        rng = self._rng
        first, second = rng.choice(_IPV6_PREFIXES)
        groups = [first] + [f"{rng.getrandbits(16):x}" for _ in range(7)]
        groups[1] = second  # drawn all the same, so the seed's other values do not move
        if rng.random() < 0.3:
            groups[4:7] = ["0", "0", "0"]
        return ipaddress.IPv6Address(":".join(groups)).compressed

    def ip(self, v6_share: float = 0.3) -> Fragment:
        """An IPv4 or IPv6 address."""
        return ip_fragment(self.ipv6() if self._rng.random() < v6_share else self.ipv4())

    def cookie_id(self) -> Fragment:
        """An analytics cookie id: a UUID, a Segment-style `ajs_` id or a GA client id."""
        rng = self._rng
        kind = rng.random()
        if kind < 0.6:
            text = self.uuid4()
        elif kind < 0.85:
            text = "ajs_" + self._chars(string.ascii_lowercase + string.digits, 24)
        else:
            text = f"GA1.2.{rng.randint(10**8, 10**10 - 1)}.{rng.randint(1_600_000_000, 1_760_000_000)}"
        return plain_fragment("COOKIE_ID", text)

    def signature(self) -> Fragment:
        """An `X-Plivo-Signature-V3` value: base64 of an HMAC-SHA256."""
        raw = self._rng.getrandbits(256).to_bytes(32, "big")
        return plain_fragment("URL_SECRET", base64.b64encode(raw).decode())

    def nonce(self) -> Fragment:
        """An `X-Plivo-Signature-V3-Nonce` value (20 digits)."""
        return plain_fragment("URL_SECRET", self._chars(string.digits, 20))

    def authorization(self) -> Fragment:
        """An `Authorization` header value: HTTP basic credentials or a bearer token."""
        rng = self._rng
        if rng.random() < 0.5:
            password = self._chars(_ALNUM, rng.randint(12, 24))
            credential = base64.b64encode(f"{rng.choice(_USERS)}:{password}".encode()).decode()
            return plain_fragment("URL_SECRET", f"Basic {credential}", credential, password)
        token = ".".join(self._chars(_ALNUM + "-_", n) for n in (36, 64, 43))
        return plain_fragment("URL_SECRET", f"Bearer {token}", token)

    def session_token(self) -> Fragment:
        """A session cookie value or URL token."""
        return plain_fragment("URL_SECRET", self._chars("0123456789abcdef", 32))

    def url_token(self) -> Fragment:
        """A token carried in a URL query (reset links, signed media links)."""
        return plain_fragment("URL_SECRET", self._chars(_ALNUM, self._rng.randint(24, 40)))
